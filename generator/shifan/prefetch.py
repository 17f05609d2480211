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
later item is already made). It is stopped between two items, never inside one: an item may
write a file, which a child killed half-way would leave torn. Results travel through an
unlinked temporary file, appended frame by frame after the item is done, so the child never
waits for this process to read, and this process reads only the frames it takes.

The answer never depends on the route. The child is forked only where `shifan.background`
forks (`ENABLED`, no other thread); a frame that is torn, a child that crashes or is killed,
leave items that simply are not made ahead, and `take` returns None for them. A child that did
not end cleanly may have left one item half done (`unfinished`).
"""

from __future__ import annotations

import mmap
import os
import pickle
import signal
import struct
import tempfile
import threading
import time
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
        self._stop_flag: mmap.mmap | None = None  # shared with the child: nonzero, stop
        self._lowest = count  # the lowest item the child has made, as far as seen
        self.taken = 0  # items this process took from the child
        self.unfinished: int | None = None
        """The item the child may have left half done: it ended before the last item without
        being stopped (a crash, a kill). Known once the child is gone (`take` found the
        meeting point, or `stop`)."""
        if count > 1 and background.ENABLED and threading.active_count() == 1:
            self._fork(work, count)

    def _fork(self, work: Callable[[int], T], count: int) -> None:
        try:
            fd, name = tempfile.mkstemp(prefix="shifan-prefetch-")
        except OSError:
            return
        os.unlink(name)  # the file lives as long as a process holds it open
        stop = mmap.mmap(-1, 1)  # anonymous and shared: both processes see one byte
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
                    if stop[0]:
                        break
                    payload = pickle.dumps(work(i), pickle.HIGHEST_PROTOCOL)
                    _write_all(fd, _HEADER.pack(i, len(payload)) + payload)
            except BaseException:  # this process makes the rest itself
                status = 1
            finally:
                os._exit(status)
        self._pid, self._fd, self._stop_flag = pid, fd, stop

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
            self.stop()
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
            self._lowest = min(self._lowest, i)
            self._scanned = start + length

    def stop(self) -> None:
        """Let the child finish the item it is making, and wait until it has left; its frames
        stay readable. A child still there after `_GRACE_SECONDS` is killed."""
        if not self._pid:
            return
        pid, self._pid = self._pid, 0
        if self._stop_flag is not None:
            self._stop_flag[0] = 1
        status = _wait(pid, _GRACE_SECONDS)
        if status is None:  # stuck in an item: stopped anyway, the item may be half done
            with suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
            with suppress(ChildProcessError):
                os.waitpid(pid, 0)
        self._scan()  # frames written before the child stopped
        if status != 0 and self._lowest > 0:
            self.unfinished = self._lowest - 1

    def close(self) -> None:
        """Stop the child (if still at work) and drop the file."""
        if self._pid:
            self.stop()
        if self._stop_flag is not None:
            self._stop_flag.close()
            self._stop_flag = None
        if self._fd >= 0:
            os.close(self._fd)
            self._fd = -1
        self._frames.clear()


_GRACE_SECONDS = 2.0
"""How long a stopped child may take to finish its item and leave. An item takes
milliseconds: a child still there after this is stuck, and is killed (`unfinished`)."""


def _wait(pid: int, seconds: float) -> int | None:
    """The child's exit status (0: it left cleanly), or None if it is still there."""
    deadline = time.monotonic() + seconds
    delay = 0.0005
    while True:
        try:
            done, status = os.waitpid(pid, os.WNOHANG)
        except ChildProcessError:  # reaped elsewhere: nothing to tell
            return 0
        if done:
            return os.waitstatus_to_exitcode(status)
        if time.monotonic() >= deadline:
            return None
        time.sleep(delay)
        delay = min(delay * 2, 0.05)


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]
