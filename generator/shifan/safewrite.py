"""Writing files so that a failure never leaves one half-written, and finding the repo."""

from __future__ import annotations

import errno
import os
import tempfile
from pathlib import Path

from shifan.errors import ShifanError


class WriteError(ShifanError):
    """The file system refused a write (disk full, read-only, no permission, …)."""


_CAUSES = {
    errno.ENOSPC: ("磁盘已满", "the disk is full"),
    errno.EDQUOT: ("磁盘配额已用完", "the disk quota is used up"),
    errno.EROFS: ("文件夹在只读文件系统上", "the folder is on a read-only file system"),
    errno.EACCES: ("没有权限", "permission denied"),
    errno.EPERM: ("操作不被允许", "operation not permitted"),
    errno.EFBIG: ("文件超过允许的大小", "the file is larger than allowed"),
}


def describe(exc: OSError) -> str:
    """A short, plain reason for an OSError (no errno numbers, no traceback), Chinese first."""
    known = _CAUSES.get(exc.errno or 0)
    if known:
        return f"{known[0]} ({known[1]})"
    return exc.strerror or type(exc).__name__


def write_atomic(path: Path, data: bytes) -> None:
    """Replace `path` with `data`: write a temp file beside it, fsync, then rename over it."""
    mode = path.stat().st_mode & 0o777 if path.exists() else 0o644
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_file(path: Path, data: bytes, *, what: str = "") -> None:
    """`write_atomic`, with any OSError as a `WriteError` saying `path` is unchanged."""
    if not path.parent.is_dir():
        raise WriteError(
            f"无法写入 {path}: 文件夹 {path.parent} 不存在 (folder does not exist)",
            hint="先建好文件夹, 或换一个路径",
        )
    try:
        write_atomic(path, data)
    except OSError as exc:
        raise WriteError(
            f"无法写入 {what or path}: {describe(exc)}",
            hint=f"未做任何改动 ({path} 保持原样); 腾出磁盘空间或修正文件夹权限后重试",
        ) from None


def git_work_tree(path: Path) -> Path | None:
    """The top of the git work tree containing `path` (symlinks resolved), or None."""
    here = path.resolve()
    for folder in (here, *here.parents):
        if (folder / ".git").exists():
            return folder
    return None
