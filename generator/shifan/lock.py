"""The registry lock: one writing command at a time, and the roster read under the lock.

Every command that writes to the roster (plaque issue, plaque void, …) holds an exclusive
`flock` on `registry/.shifan.lock` from before it loads the roster until after it has
written, so two runs at once can neither take the same serial nor lose each other's event.
The lock file is created when missing, holds the pid of the current holder (named in the
message when another run waits too long), and is never deleted (deleting a lock file lets
a third run lock a different file). It is a dotfile: the loader skips it and .gitignore
keeps it out of commits. The lock is released by the kernel when the process ends, so a
crashed run never leaves the registry locked.
"""

from __future__ import annotations

import argparse
import contextlib
import fcntl
import functools
import os
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from shifan.errors import RegistryError, UsageError

LOCK_NAME = ".shifan.lock"
DEFAULT_TIMEOUT = 60.0
_POLL = 0.05


class RegistryLocked(RegistryError):
    """Another shifan command held the registry lock for longer than the timeout."""


def _open_lock(path: Path) -> int:
    if not path.parent.is_dir():  # as the loader says it, and bad usage (exit 2)
        raise UsageError(
            f"找不到名册文件夹 {path.parent} (registry folder not found)",
            hint="在仓库根目录运行, 或用 --registry 指明名册文件夹",
        )
    try:
        return os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
    except OSError as first:
        try:  # a read-only registry can still be locked (the write will then fail cleanly)
            return os.open(path, os.O_RDONLY | os.O_CLOEXEC)
        except OSError:
            raise RegistryError(
                f"无法创建锁文件 {path} ({first.strerror})",
                hint="检查名册文件夹是否可写 (以及磁盘是否已满)",
            ) from None


def _holder(fd: int) -> str:
    try:
        text = os.pread(fd, 200, 0).decode("ascii", "replace").strip()
    except OSError:
        return ""
    return f" ({text})" if text else ""


@contextlib.contextmanager
def registry_lock(registry: Path, *, timeout: float = DEFAULT_TIMEOUT) -> Iterator[Path]:
    """Hold the registry's exclusive lock for the `with` block; wait at most `timeout` s."""
    path = registry / LOCK_NAME
    fd = _open_lock(path)
    try:
        deadline = time.monotonic() + timeout
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise RegistryLocked(
                        f"名册 {registry} 正被另一个 shifan 命令锁定{_holder(fd)}, "
                        f"已等待 {timeout:g} 秒 (locked by another shifan command)",
                        hint=f"等它结束后重试 (锁文件是 {path}, 那个命令退出时自动释放)",
                    ) from None
                time.sleep(_POLL)
        with contextlib.suppress(OSError):  # a read-only registry: no note of the holder
            os.ftruncate(fd, 0)
            os.pwrite(fd, f"pid {os.getpid()}\n".encode("ascii"), 0)
        yield path
    finally:
        os.close(fd)  # closing the only descriptor releases the flock


def holding_registry_lock(run: Callable[[argparse.Namespace], int]) -> Callable[..., int]:
    """Wrap a command's `run(args)` so that all of it (load, plan, write) holds the lock."""

    @functools.wraps(run)
    def locked(args: argparse.Namespace) -> int:
        with registry_lock(Path(args.registry)):
            return run(args)

    return locked
