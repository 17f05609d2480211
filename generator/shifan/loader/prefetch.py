"""Read the last part of a big roster's unit files in a second process.

Reading a unit file (parse, bind) is the loader's main cost and each file stands alone, so
on a big roster a forked child reads the tail of the list while this process reads from the
head; when this process reaches the tail, it takes the child's records and problems (sent
back pickled) instead of reading those files itself. Each file is read by the same function
either way, and its problems are added at the same point of the walk, so the roster and the
problem list are the same as from one process (`shifan.background` runs the share here when
no child can be made). Small rosters are read in one process: a child would not pay for
itself.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from types import TracebackType
from typing import Any

from shifan.background import Pending
from shifan.errors import Problem

SPLIT_AT = 2_000
"""Unit files below which one process reads them all."""
SHARE = 0.4
"""The child's part of the list (it also pickles what it read, which this process unpickles
faster than it could read the files)."""

Read = tuple[Any, list[Problem]]


def unit_files(registry: Path, kinds: tuple[str, ...]) -> list[Path]:
    """The unit files the loader will read, in its order (folders, then names, sorted).

    Quiet: anything odd (a link, a misplaced file) is left out and left to the loader's walk
    to report; a file left out here is simply read by this process."""
    found: list[Path] = []
    for kind in sorted(kinds):
        folder = registry / "units" / kind
        try:
            with os.scandir(folder) as listing:
                names = sorted(
                    item.name
                    for item in listing
                    if item.name.endswith(".yaml")
                    and not item.name.startswith(".")
                    and item.is_file(follow_symlinks=False)
                )
        except OSError:
            continue
        found.extend(folder / name for name in names)
    return found


class Prefetch:
    """The child's reads of the tail of `files`; `take(file)` hands one over, or None."""

    def __init__(self, files: list[Path], read: Callable[[Path], Read]) -> None:
        share = files[len(files) - int(len(files) * SHARE) :] if len(files) >= SPLIT_AT else []
        self._index = {file: i for i, file in enumerate(share)}
        self._pending: Pending[list[Read]] | None = (
            Pending(lambda: [read(file) for file in share]) if share else None
        )
        self._results: list[Read] | None = None

    def take(self, file: Path) -> Read | None:
        i = self._index.pop(file, None)
        if i is None or self._pending is None:
            return None
        if self._results is None:
            self._results = self._pending.result()
        return self._results[i]

    def __enter__(self) -> Prefetch:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        if self._pending is not None:
            self._pending.close()
        self._results = None
