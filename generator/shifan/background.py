"""Run a side computation in a forked process while this one goes on with the main work.

`check` reads and judges 10,000 files in one process; the private-key scan and the layout
pre-check read the same files for other reasons and need nothing from the judgement. On a
machine with a second core they run beside it:

    with in_background(scan_for_private_keys, root) as scan:
        roster = load(...)                 # meanwhile, the child scans
        problems = scan.result()

The child is forked (it inherits the imported modules, so it starts in milliseconds), runs the
function and sends the pickled result back through a pipe. The answer never depends on the
route: whenever the fork is unavailable or unsafe (no `os.fork`, other threads running — a
child of a threaded process can deadlock on a lock a vanished thread held), or the child fails
in any way (an exception, a crash, a result that does not pickle), the function runs here
instead and its own exception, if any, is raised here. Leaving the block without asking for
the result stops and reaps the child.
"""

from __future__ import annotations

import gc
import os
import pickle
import signal
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from typing import Generic, ParamSpec, TypeVar

T = TypeVar("T")
P = ParamSpec("P")

ENABLED = hasattr(os, "fork")
"""Whether side computations may run in a child (tests turn it off to compare both routes)."""

_FAILED = b"\x00"  # what a child writes when its function raised or its result did not pickle


class Pending(Generic[T]):
    """A function's result, computed in a child process or, failing that, here."""

    def __init__(self, fn: Callable[[], T]) -> None:
        self._fn = fn
        self._pid = 0
        self._fd = -1
        if ENABLED and threading.active_count() == 1:
            self._fork()

    def _fork(self) -> None:
        read, write = os.pipe()
        parent = os.getpid()
        try:
            pid = fork()
        except OSError:  # no process left to make: do it here
            os.close(read)
            os.close(write)
            return
        if pid == 0:  # the child: compute, send, and leave without running any cleanup
            status = 0
            try:
                os.close(read)
                exit_with(parent)
                try:
                    payload = pickle.dumps(self._fn(), pickle.HIGHEST_PROTOCOL)
                except BaseException:  # the parent runs it again and sees the exception
                    payload = _FAILED
                with os.fdopen(write, "wb") as out:
                    out.write(payload)
            except BaseException:  # a closed pipe: the parent gave up on the answer
                status = 1
            finally:
                os._exit(status)
        os.close(write)
        self._pid, self._fd = pid, read

    def result(self) -> T:
        """The function's value (waits for the child); its exception if it raised."""
        if self._fd >= 0:
            with os.fdopen(self._fd, "rb") as incoming:
                self._fd = -1
                payload = incoming.read()
            self._reap()
            if payload and payload != _FAILED:
                try:
                    value: T = pickle.loads(payload)
                    return value
                except Exception:  # a truncated answer: compute it here instead
                    pass
        return self._fn()

    def close(self) -> None:
        """Give up on the result: a child still at work is stopped (the main work failed, as
        on a folder that is no registry, and the side work may be walking a whole disk)."""
        if self._fd >= 0:
            os.close(self._fd)
            self._fd = -1
            if self._pid:
                with suppress(ProcessLookupError):
                    os.kill(self._pid, signal.SIGKILL)
        self._reap()

    def _reap(self) -> None:
        if self._pid:
            pid, self._pid = self._pid, 0
            with suppress(ChildProcessError):  # already reaped elsewhere
                os.waitpid(pid, 0)


def fork() -> int:
    """`os.fork()`, with the objects alive now moved out of the garbage collector's sight
    (`gc.freeze`), in this process for good. A collection in either process writes to the
    header of every object it walks, and copy-on-write then copies the page: the child of a
    build holding 100,000 units would soon own a second copy of the whole heap."""
    gc.freeze()
    return os.fork()


def exit_with(parent: int) -> None:
    """In the child: leave as soon as the parent is gone (killed by a time limit, say), instead
    of walking on through a big folder for nobody."""

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(0.2)
        os._exit(1)

    threading.Thread(target=watch, daemon=True).start()


@contextmanager
def in_background(fn: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> Iterator[Pending[T]]:
    """`fn(*args, **kwargs)` started in a child process; ask the yielded object for its result."""
    pending = Pending(lambda: fn(*args, **kwargs))
    try:
        yield pending
    finally:
        pending.close()
