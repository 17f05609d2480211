"""The canonical layout applied to a whole registry folder: what `fmt` rewrites, what `check`
warns about (S905).

Reading and writing are here; the layout itself is `shifan.canonical`. A file the loader
cannot read is left alone (its own problems are reported by `check`). `shifan.canonical` and
`shifan.canonical_quick` (and ruamel.yaml with them) are imported by the functions that use
them: `check` runs those in a second process, and the first need not load them.
"""

from __future__ import annotations

import difflib
import os
from collections.abc import Collection, Iterator
from dataclasses import dataclass
from pathlib import Path

from shifan.errors import Problem, RegistryError, Severity, ShifanError
from shifan.loader.registry import shown_path
from shifan.loader.yamlsafe import MAX_FILE_BYTES
from shifan.model import Loc
from shifan.safewrite import write_atomic

LAYOUT_CODE = "S905"


@dataclass(frozen=True)
class Layout:
    """One registry file: its text as it is and in the canonical layout."""

    path: Path
    shown: str  # `registry/units/park/ZZ-PRK-0001.yaml`
    text: str
    canonical: str

    @property
    def changed(self) -> bool:
        return self.text != self.canonical

    def diff(self) -> str:
        """A unified diff from the file to its canonical layout."""
        return "".join(
            difflib.unified_diff(
                self.text.splitlines(keepends=True),
                self.canonical.splitlines(keepends=True),
                f"a/{self.shown}",
                f"b/{self.shown}",
            )
        )

    def first_changed_line(self) -> int:
        old, new = self.text.splitlines(), self.canonical.splitlines()
        for number, (a, b) in enumerate(zip(old, new, strict=False), start=1):
            if a != b:
                return number
        return min(len(old), len(new)) + 1


def registry_files(registry: Path) -> Iterator[Path]:
    """Every `.yaml` file of the roster (dotfiles and folders skipped), sorted.

    Folders that are links are not entered; a link to a file is listed like the file."""
    if not registry.is_dir():
        raise RegistryError(
            f"no registry folder at {registry}", hint="run from the repository, or pass --registry"
        )
    found: list[Path] = []
    _walk(registry, found)
    yield from sorted(found, key=lambda path: path.parts)  # the order of paths, cheaper


def _walk(folder: Path, found: list[Path]) -> None:
    """Add the `.yaml` files under `folder` to `found` (one listing per folder)."""
    try:
        with os.scandir(folder) as listing:
            entries = list(listing)
    except OSError:  # an unreadable folder holds nothing to format
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue
        try:
            if entry.is_dir() and not entry.is_symlink():
                _walk(folder / entry.name, found)
            elif entry.name.endswith(".yaml") and entry.is_file():
                found.append(folder / entry.name)
        except OSError:
            continue


def layouts(
    registry: Path,
    skip: Collection[str] = (),
    *,
    quick: bool = False,
    suspects: Collection[str] | None = None,
) -> Iterator[Layout | ShifanError]:
    """Each file with its canonical text, or the error that keeps it from being formatted.

    With `quick`, a file that `surely_canonical` vouches for is taken as its own canonical
    text without the (slow) round trip: right for reporting, not for rewriting. `suspects`,
    from `layout_suspects`, limits the walk to the files it names (the others were vouched for)."""
    from shifan.canonical import canonical_text  # imported here, see the module doc
    from shifan.canonical_quick import surely_canonical

    for path, shown in _files(registry, suspects):
        if shown in skip:
            continue
        try:
            data = path.read_bytes()
            if len(data) > MAX_FILE_BYTES:
                raise RegistryError(f"{shown}: too large to format")
            text = data.decode("utf-8")
            if quick and surely_canonical(text, shown):
                yield Layout(path, shown, text, text)
                continue
            yield Layout(path, shown, text, canonical_text(text, where=shown))
        except ShifanError as err:
            yield err
        except (OSError, UnicodeDecodeError) as err:
            yield RegistryError(f"{shown}: cannot read: {err}")


def _files(registry: Path, suspects: Collection[str] | None) -> Iterator[tuple[Path, str]]:
    """Each file to look at and its name as shown, in `registry_files` order: every file, or
    the `suspects` only — found from their names, without walking the folder again."""
    name = shown_path(registry)
    if suspects is not None and registry.is_dir():
        prefix = f"{registry.absolute().name}/"
        named = [(registry / shown.removeprefix(prefix), shown) for shown in suspects]
        if all(name(path) == shown for path, shown in named):
            yield from sorted(named, key=lambda pair: pair[0].parts)
            return
    for path in registry_files(registry):
        shown = name(path)
        if suspects is None or shown in suspects:
            yield path, shown


def layout_suspects(registry: Path) -> frozenset[str]:
    """The files (as shown in problems) that `surely_canonical` does not vouch for, unreadable
    ones included: the only ones `layout_problems` needs to look at again. Reads every file
    and needs nothing else, so `check` runs it beside the loader."""
    from shifan.canonical_quick import surely_canonical  # imported here, see the module doc

    found: set[str] = set()
    name = shown_path(registry)
    for path in registry_files(registry):
        shown = name(path)
        try:
            data = path.read_bytes()
            if len(data) <= MAX_FILE_BYTES and surely_canonical(data.decode("utf-8"), shown):
                continue
        except (OSError, UnicodeDecodeError):
            pass
        found.add(shown)
    return frozenset(found)


def layout_warnings(registry: Path) -> list[Problem]:
    """`layout_problems` of every file, those with errors included (`check` leaves them out
    once the judgement names them). Reads every file and needs nothing from the judgement,
    so `check` runs it beside the loader."""
    return layout_problems(registry, suspects=layout_suspects(registry))


def layout_problems(
    registry: Path,
    skip: Collection[str] = (),
    *,
    suspects: Collection[str] | None = None,
) -> list[Problem]:
    """S905 warnings: files not in the canonical layout. Unreadable files and files shown as
    in `skip` (those with errors: fix them first) are left out. With
    `suspects`, the files `layout_suspects` could not vouch for, only those are read."""
    return [
        Problem(
            LAYOUT_CODE,
            Loc(found.shown, found.first_changed_line(), 1),
            "the file is not in the canonical layout (key order, indentation, quoting)",
            "run `shifan fmt` to rewrite it; reviewers then see only real changes",
            Severity.WARNING,
            message_zh="文件不是规范格式（键的顺序、缩进、引号）",
            hint_zh="运行 `./run shifan fmt` 改写它，审核人就只会看到真正的改动",
        )
        for found in layouts(registry, skip, quick=True, suspects=suspects)
        if isinstance(found, Layout) and found.changed
    ]


def format_registry(registry: Path) -> tuple[list[Layout], list[ShifanError]]:
    """Rewrite every non-canonical file (each atomically); return what changed and what could
    not be formatted."""
    changed: list[Layout] = []
    refused: list[ShifanError] = []
    for found in layouts(registry):
        if isinstance(found, ShifanError):
            refused.append(found)
        elif found.changed:
            write_atomic(found.path, found.canonical.encode("utf-8"))
            changed.append(found)
    return changed, refused
