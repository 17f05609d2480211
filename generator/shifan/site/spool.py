"""The site's static files (JSON API, CSV, feeds, keys) written to a temporary folder as they
are made, for MkDocs to copy from there (`File.generated(..., abs_src_path=...)`).

Held as bytes, the files of 100,000 units (a status document each, plaque lookups, the
whole-roster JSON and CSV) would stay in memory for the whole build; spooled, one file at a
time is. The bytes written are those `shifan.site.generate.static_files` makes, so the site
is the same either way.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterable
from pathlib import Path, PurePosixPath

from shifan.errors import ShifanError


class StaticSpool:
    """A temporary folder of static files by their site path, and their sizes.

    `close()` removes the folder (MkDocs has copied the files by then)."""

    def __init__(self, files: Iterable[tuple[str, bytes]] = ()) -> None:
        self._folder = tempfile.TemporaryDirectory(prefix="shifan-static-")
        self.folder = Path(self._folder.name)
        self.sizes: dict[str, int] = {}
        for path, data in files:
            self.add(path, data)

    def path_of(self, path: str) -> Path:
        """The spooled file of a site path (relative, POSIX, no `..`)."""
        parts = PurePosixPath(path).parts
        if not parts or path.startswith("/") or ".." in parts or "\\" in path:
            raise ShifanError(f"not a path inside the site: {path!r}")
        return self.folder.joinpath(*parts)

    def add(self, path: str, data: bytes) -> None:
        target = self.path_of(path)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        self.sizes[path] = len(data)

    def read(self, path: str) -> bytes:
        return self.path_of(path).read_bytes()

    def close(self) -> None:
        self._folder.cleanup()
