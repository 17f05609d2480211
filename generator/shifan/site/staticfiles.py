"""The site's static files (JSON API, CSV exports, feeds, keys) written straight into the site
folder as they are made, instead of being handed to MkDocs to write.

MkDocs empties the site folder before it asks plugins for their files (`on_files`), and later
copies every static file it knows (`File.copy_file`). A `WrittenFile` is already in place: MkDocs
knows it (links to it resolve, strict checks see it) and copies nothing. So each file is
written once, with no copy and no bytes held in memory, and at 100,000 units the 100,000 small
status documents cost a create and a write each, in the build's second process. The bytes are
those `shifan.site.generate.static_files` makes, so the site is the same.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable
from pathlib import Path, PurePosixPath

from mkdocs.structure.files import File

from shifan.errors import ShifanError

_FLAGS = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_CLOEXEC", 0)


class WrittenFile(File):
    """A static file `StaticFiles` has already written into the site folder."""

    def copy_file(self, dirty: bool = False) -> None:
        """Nothing to copy: the file is in place."""


class StaticFiles:
    """Static files written into `folder` (the site folder), by their site paths; `sizes` has
    every one."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.sizes: dict[str, int] = {}
        self.digests: dict[str, str] = {}  # SHA-256 of each file's bytes (the manifest's)
        self._made: set[str] = set()  # folders known to exist

    def path_of(self, path: str) -> Path:
        """Where a site path (relative, POSIX, no `..`) is written."""
        parts = PurePosixPath(path).parts
        if not parts or path.startswith("/") or ".." in parts or "\\" in path:
            raise ShifanError(f"not a path inside the site: {path!r}")
        return self.folder.joinpath(*parts)

    def add(self, path: str, data: bytes) -> None:
        target = os.fspath(self.path_of(path))
        parent = os.path.dirname(target)
        if parent not in self._made:
            os.makedirs(parent, exist_ok=True)
            self._made.add(parent)
        fd = os.open(target, _FLAGS, 0o666)  # as `open(…, "wb")` makes it
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view) :]
        finally:
            os.close(fd)
        self.sizes[path] = len(data)
        self.digests[path] = hashlib.sha256(data).hexdigest()

    def fill(self, files: Iterable[tuple[str, bytes]]) -> tuple[dict[str, int], dict[str, str]]:
        """Write `files`; return every file's size and digest (what `adopt` takes)."""
        for path, data in files:
            self.add(path, data)
        return self.sizes, self.digests

    def adopt(self, state: tuple[dict[str, int], dict[str, str]]) -> None:
        """Take what `fill` did in another process (a fork of this one) into the same folder."""
        self.sizes, self.digests = state

    def read(self, path: str) -> bytes:
        return self.path_of(path).read_bytes()
