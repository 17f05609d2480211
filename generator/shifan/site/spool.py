"""The site's large static files (the whole-roster JSON and CSV) written to a temporary folder
as they are made, for MkDocs to copy from there (`File.generated(..., abs_src_path=...)`).

Held as bytes, the whole-roster files of 100,000 units (tens of MB each) would stay in memory
for the whole build; spooled, they do not. Small files (a status document per unit) stay in
memory: writing and then removing 100,000 small files costs more time than they take room.
The bytes are those `shifan.site.generate.static_files` makes, so the site is the same.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterable
from pathlib import Path, PurePosixPath

from shifan.errors import ShifanError

SPOOL_FROM = 64 * 1024
"""Files of this many bytes or more are spooled to disk."""


class StaticSpool:
    """Static files by their site path: the large ones in a temporary folder, the others in
    memory; `sizes` has every one. `close()` removes the folder (MkDocs has copied the files
    by then)."""

    def __init__(
        self, files: Iterable[tuple[str, bytes]] = (), *, spool_from: int = SPOOL_FROM
    ) -> None:
        self._folder = tempfile.TemporaryDirectory(prefix="shifan-static-")
        self.folder = Path(self._folder.name)
        self.spool_from = spool_from
        self.sizes: dict[str, int] = {}
        self._held: dict[str, bytes] = {}
        for path, data in files:
            self.add(path, data)

    def _path_of(self, path: str) -> Path:
        """Where a site path (relative, POSIX, no `..`) is spooled."""
        parts = PurePosixPath(path).parts
        if not parts or path.startswith("/") or ".." in parts or "\\" in path:
            raise ShifanError(f"not a path inside the site: {path!r}")
        return self.folder.joinpath(*parts)

    def add(self, path: str, data: bytes) -> None:
        target = self._path_of(path)
        if path in self.sizes and self._held.pop(path, None) is None:
            target.unlink()  # added before, spooled: replaced
        if len(data) >= self.spool_from:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
        else:
            self._held[path] = data
        self.sizes[path] = len(data)

    def fill(self, files: Iterable[tuple[str, bytes]]) -> tuple[dict[str, int], dict[str, bytes]]:
        """Add `files`; return the sizes and the bytes held in memory (what `adopt` takes)."""
        for path, data in files:
            self.add(path, data)
        return self.sizes, self._held

    def adopt(self, state: tuple[dict[str, int], dict[str, bytes]]) -> None:
        """Take what `fill` did in another process (a fork of this one) into the same folder."""
        self.sizes, self._held = state

    def on_disk(self, path: str) -> Path | None:
        """The spooled file of a path, or None when its bytes are held in memory."""
        return None if path in self._held else self._path_of(path)

    def read(self, path: str) -> bytes:
        held = self._held.get(path)
        return held if held is not None else self._path_of(path).read_bytes()

    def close(self) -> None:
        self._held = {}
        self._folder.cleanup()
