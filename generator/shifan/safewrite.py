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
    errno.ENOSPC: "the disk is full",
    errno.EDQUOT: "the disk quota is used up",
    errno.EROFS: "the folder is on a read-only file system",
    errno.EACCES: "permission denied",
    errno.EPERM: "operation not permitted",
    errno.EFBIG: "the file is larger than allowed",
}


def describe(exc: OSError) -> str:
    """A short, plain reason for an OSError (no errno numbers, no traceback)."""
    return _CAUSES.get(exc.errno or 0) or exc.strerror or type(exc).__name__


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
        raise WriteError(f"cannot write {path}: folder {path.parent} does not exist")
    try:
        write_atomic(path, data)
    except OSError as exc:
        raise WriteError(
            f"cannot write {what or path}: {describe(exc)}",
            hint=f"nothing was changed ({path} is as it was); free disk space or fix the "
            "folder's permissions, then retry",
        ) from None


def git_work_tree(path: Path) -> Path | None:
    """The top of the git work tree containing `path` (symlinks resolved), or None."""
    here = path.resolve()
    for folder in (here, *here.parents):
        if (folder / ".git").exists():
            return folder
    return None
