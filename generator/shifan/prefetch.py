"""Work items made ahead by a forked child, from the far end, while this process walks forward.

A site build renders thousands of unit pages one after another. Each page's own work (its body
and its search entries) needs nothing from the others, so on a machine with a second core a
child can do that work for the pages this process has not reached yet:

    ahead = Prefetch(work, count)        # the child starts on item count-1, then count-2, …
    for i in range(count):
        value = ahead.take(i)            # the child's result, if it has got that far
        if value is None:
            value = work(i)              # not yet: do it here
    ahead.close()

The child walks backwards and this process forwards, so they meet in the middle whatever the
speeds; the first item found made is the meeting point, and the child is stopped there (every
later item is already made). Results travel through an unlinked temporary file, appended frame
by frame, so the child never waits for this process to read, and this process reads only the
frames it takes.

The answer never depends on the route. The child is forked only where `shifan.background`
forks (`ENABLED`, no other thread); a frame that is torn, a child that crashes or is killed,
leave items that simply are not made ahead, and `take` returns None for them.
"""

from __future__ import annotations

import os
import pickle
import signal
import struct
import tempfile
import threading
from collections.abc import Callable
from contextlib import suppress
from typing import Generic, TypeVar

from shifan import background

T = TypeVar("T")

_HEADER = struct.Struct("<QQ")  # item index, payload length


class Prefetch(Generic[T]):
    """`work(i)` for i = count-1 down to 0, made in a child while this process goes on."""

    def __init__(self, work: Callable[[int], T], count: int) -> None:
        self._pid = 0
        self._fd = -1
        self._scanned = 0  # bytes of the file already split into frames
        self._frames: dict[int, tuple[int, int]] = {}  # item → (payload offset, length)
        self.taken = 0  # items this process took from the child
        if count > 1 and background.ENABLED and threading.active_count() == 1:
            self._fork(work, count)

    def _fork(self, work: Callable[[int], T], count: int) -> None:
        try:
            fd, name = tempfile.mkstemp(prefix="shifan-prefetch-")
        except OSError:
            return
        os.unlink(name)  # the file lives as long as a process holds it open
        parent = os.getpid()
        try:
            pid = background.fork()
        except OSError:
            os.close(fd)
            return
        if pid == 0:  # the child: make items from the end until stopped, then leave
            status = 0
            try:
                background.exit_with(parent)
                for i in range(count - 1, -1, -1):
                    payload = pickle.dumps(work(i), pickle.HIGHEST_PROTOCOL)
                    _write_all(fd, _HEADER.pack(i, len(payload)) + payload)
            except BaseException:  # this process makes the rest itself
                status = 1
            finally:
                os._exit(status)
        self._pid, self._fd = pid, fd

    def take(self, i: int) -> T | None:
        """Item `i` if the child has made it, else None. The first item taken stops the child:
        it works backwards, so every later item is already in the file."""
        if self._fd < 0:
            return None
        frame = self._frames.pop(i, None)
        if frame is None:
            self._scan()
            frame = self._frames.pop(i, None)
            if frame is None:
                return None
        if self._pid:
            self._stop()
            self._scan()  # frames written before the child stopped
        offset, length = frame
        try:
            data = os.pread(self._fd, length, offset)
            value: T = pickle.loads(data)
        except Exception:  # a torn frame: make the item here
            return None
        self.taken += 1
        return value

    def _scan(self) -> None:
        """Index the complete frames appended since the last scan."""
        size = os.fstat(self._fd).st_size
        while self._scanned + _HEADER.size <= size:
            header = os.pread(self._fd, _HEADER.size, self._scanned)
            if len(header) < _HEADER.size:
                return
            i, length = _HEADER.unpack(header)
            start = self._scanned + _HEADER.size
            if start + length > size:
                return  # the child is still writing this frame
            self._frames[i] = (start, length)
            self._scanned = start + length

    def _stop(self) -> None:
        pid, self._pid = self._pid, 0
        with suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
        with suppress(ChildProcessError):
            os.waitpid(pid, 0)

    def close(self) -> None:
        """Stop the child (if still at work) and drop the file."""
        if self._pid:
            self._stop()
        if self._fd >= 0:
            os.close(self._fd)
            self._fd = -1
        self._frames.clear()


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]
