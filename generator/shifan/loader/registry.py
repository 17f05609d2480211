"""Load the whole `registry/` folder into a `Roster`, with every problem found on the way.

The folder's layout is part of the format:

    registry/units/<kind>/<id>.yaml     one Unit each
    registry/figures/<id>.yaml          one Figure each
    registry/notices/<id>.yaml          one Notice each
    registry/districts.yaml             `districts:` list of District
    registry/targets.yaml               `targets:` list of TargetSet
    registry/site.yaml                  the site's host, contact and marks (SiteInfo)
    registry/standards/<kind>.yaml      one Standard each
    registry/calendar/<year>.yaml       one CalendarYear each

Problems about files and identity are found here (S3xx): an id that differs from its file
name (S301), a kind that differs from its folder (S302), a file where none belongs (S303),
the same id twice (S304). Records that fail to bind are left out of the Roster; their
problems are reported. Dotfiles and `*.md` files are ignored anywhere.
"""

from __future__ import annotations

import gc
import os
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from shifan.errors import Problem, RegistryError
from shifan.loader.bind import bind
from shifan.loader.yamlsafe import MAX_FILE_BYTES, oversized, parse_yaml
from shifan.model import (
    CalendarYear,
    District,
    DistrictId,
    Figure,
    Kind,
    Loc,
    Node,
    Notice,
    Roster,
    SiteInfo,
    Standard,
    TargetSet,
    Unit,
    UnitId,
)

R = TypeVar("R", bound=Node)


@dataclass(frozen=True, kw_only=True)
class DistrictsFile(Node):
    """`registry/districts.yaml`: Zhengzhou's counties, cities, districts and zones."""

    districts: tuple[District, ...]


@dataclass(frozen=True, kw_only=True)
class TargetsFile(Node):
    """`registry/targets.yaml`: the policy's targets, one set per target year."""

    targets: tuple[TargetSet, ...]


_TOP_DIRS = ("units", "figures", "notices", "standards", "calendar")
_TOP_FILES = ("districts.yaml", "targets.yaml", "site.yaml")
_KINDS = tuple(k.value for k in Kind)


class _Loader:
    def __init__(self, registry: Path) -> None:
        self.registry = registry
        # Paths in problems are relative to the registry's parent (`registry/units/…`),
        # however the folder was named on the command line (`.`, `../registry`, absolute).
        self.prefix = registry.absolute().name
        self.problems: list[Problem] = []
        self.unloaded: set[str] = set()  # ids (file names) of records that failed to load

    def rel(self, file: Path) -> str:
        try:
            return f"{self.prefix}/{file.relative_to(self.registry).as_posix()}"
        except ValueError:  # pragma: no cover - files always come from inside the registry
            return file.as_posix()

    def misplaced(self, file: Path, why: str, hint: str) -> None:
        self.problems.append(Problem("S303", Loc(self.rel(file), 1, 1), why, hint))

    def read(self, cls: type[R], file: Path) -> R | None:
        path = self.rel(file)
        try:
            with file.open("rb") as handle:
                data = handle.read(MAX_FILE_BYTES + 1)
                if len(data) > MAX_FILE_BYTES:  # never read a huge file into memory
                    self.problems.append(oversized(path, os.fstat(handle.fileno()).st_size))
                    return None
        except OSError as err:
            self.problems.append(
                Problem(
                    "S303",
                    Loc(path, 1, 1),
                    f"cannot read file: {err.strerror}",
                    "check the file's permissions, or that it is a regular file",
                )
            )
            return None
        node, problems = parse_yaml(data, path, check_duplicates=False)
        self.problems.extend(problems)
        if node is None:
            return None
        record, problems = bind(cls, node, path)
        self.problems.extend(problems)
        return record

    def entries(self, folder: Path) -> list[Path]:
        try:
            return sorted(p for p in folder.iterdir() if not _ignored(p))
        except OSError:
            return []

    def yaml_files(self, folder: Path, what: str) -> Iterable[Path]:
        for entry in self.entries(folder):
            if entry.is_file() and entry.suffix == ".yaml":
                yield entry
            elif entry.is_dir():
                self.misplaced(
                    entry, f"unexpected folder in {folder.name}/", f"{what} files go directly here"
                )
            else:
                self.misplaced(
                    entry,
                    f"unexpected file in {folder.name}/: only `.yaml` files belong here",
                    "rename it to end in `.yaml`" if entry.suffix == ".yml" else "move it away",
                )

    def check_id(self, record: Any, expected: str, field: str = "id") -> None:
        actual = str(getattr(record, field))
        if actual != expected:
            self.problems.append(
                Problem(
                    "S301",
                    record.at(field),
                    f"{field} `{actual}` does not match the file name `{expected}.yaml`",
                    f"set `{field}: {expected}` or rename the file to `{actual}.yaml`",
                )
            )

    def duplicate(self, record: Node, what: str, key: object, first: Node) -> None:
        self.problems.append(
            Problem(
                "S304",
                record.at("id"),
                f"duplicate {what} `{key}` (already defined at {first.loc})",
                f"each {what} must be unique: give one of them another id",
            )
        )


def _ignored(path: Path) -> bool:
    return path.name.startswith(".") or path.suffix == ".md"


@contextmanager
def _no_gc() -> Iterator[None]:
    """Pause the cyclic garbage collector while loading, then freeze what was loaded.

    Loading builds hundreds of thousands of small objects that all stay alive; the
    collector would rescan the growing heap again and again (measured: 4-5x slower on
    10,000 units), and once more on the first collection after. Loading creates no
    reference cycles (the records are trees), so nothing is lost by not collecting, and
    `gc.freeze()` keeps later collections from rescanning the roster. Frozen objects are
    still freed by reference counting when the roster is dropped.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if enabled:
            gc.enable()


def load_roster(registry_dir: Path) -> tuple[Roster, list[Problem]]:
    """Read every record under `registry_dir`; raise RegistryError if it is not a folder."""
    with _no_gc():
        return _load(registry_dir)


def _load(registry_dir: Path) -> tuple[Roster, list[Problem]]:
    if not registry_dir.is_dir():
        raise RegistryError(
            f"registry folder not found: {registry_dir}",
            hint="run from the repository root, or pass --registry DIR",
        )
    loader = _Loader(registry_dir)
    for entry in loader.entries(registry_dir):
        if entry.is_dir() and entry.name in _TOP_DIRS:
            continue
        if entry.is_file() and entry.name in _TOP_FILES:
            continue
        loader.misplaced(
            entry,
            f"unexpected {'folder' if entry.is_dir() else 'file'} `{entry.name}` in the registry",
            "the registry holds units/, figures/, notices/, standards/, calendar/, "
            "districts.yaml, targets.yaml and site.yaml",
        )
    roster = Roster(
        units=_units(loader),
        figures=_by_id(loader, Figure, registry_dir / "figures", "figure"),
        notices=_by_id(loader, Notice, registry_dir / "notices", "notice"),
        districts=_districts(loader),
        targets=_targets(loader),
        standards=_standards(loader),
        calendar=_calendar(loader),
        site=_site(loader),
        unloaded=frozenset(loader.unloaded),
    )
    return roster, loader.problems


def _units(loader: _Loader) -> dict[UnitId, Unit]:
    found: dict[UnitId, Unit] = {}
    units = loader.registry / "units"
    for folder in loader.entries(units):
        if not folder.is_dir() or folder.name not in _KINDS:
            loader.misplaced(
                folder,
                f"unexpected {'folder' if folder.is_dir() else 'file'} in units/",
                f"units go in units/<kind>/<id>.yaml, kind one of: {', '.join(_KINDS)}",
            )
            continue
        for file in loader.yaml_files(folder, "unit"):
            unit = loader.read(Unit, file)
            if unit is None:
                loader.unloaded.add(file.stem)
                continue
            loader.check_id(unit, file.stem)
            if unit.kind.value != folder.name:
                loader.problems.append(
                    Problem(
                        "S302",
                        unit.at("kind"),
                        f"kind `{unit.kind.value}` does not match the folder units/{folder.name}/",
                        f"move the file to units/{unit.kind.value}/ or set `kind: {folder.name}`",
                    )
                )
            if unit.id in found:
                loader.duplicate(unit, "unit id", unit.id, found[unit.id])
                continue
            found[unit.id] = unit
    return dict(sorted(found.items()))


def _by_id(loader: _Loader, cls: type[R], folder: Path, what: str) -> dict[Any, R]:
    found: dict[Any, R] = {}
    for file in loader.yaml_files(folder, what):
        record = loader.read(cls, file)
        if record is None:
            loader.unloaded.add(file.stem)
            continue
        loader.check_id(record, file.stem)
        key = record.id  # type: ignore[attr-defined]
        if key in found:
            loader.duplicate(record, f"{what} id", key, found[key])
            continue
        found[key] = record
    return dict(sorted(found.items()))


def _districts(loader: _Loader) -> dict[DistrictId, District]:
    file = loader.registry / "districts.yaml"
    found: dict[DistrictId, District] = {}
    if not file.is_file():
        return found
    data = loader.read(DistrictsFile, file)
    for district in data.districts if data else ():
        if district.id in found:
            loader.duplicate(district, "district id", district.id, found[district.id])
            continue
        found[district.id] = district
    return dict(sorted(found.items()))


def _site(loader: _Loader) -> SiteInfo | None:
    file = loader.registry / "site.yaml"
    return loader.read(SiteInfo, file) if file.is_file() else None


def _targets(loader: _Loader) -> tuple[TargetSet, ...]:
    file = loader.registry / "targets.yaml"
    if not file.is_file():
        return ()
    data = loader.read(TargetsFile, file)
    return data.targets if data else ()


def _standards(loader: _Loader) -> dict[Kind, Standard]:
    found: dict[Kind, Standard] = {}
    for file in loader.yaml_files(loader.registry / "standards", "standard"):
        if file.stem not in _KINDS:
            loader.misplaced(
                file,
                f"unexpected standard file `{file.name}`",
                f"name it after its kind: {', '.join(k + '.yaml' for k in _KINDS)}",
            )
            continue
        standard = loader.read(Standard, file)
        if standard is None:
            continue
        if standard.kind.value != file.stem:
            loader.problems.append(
                Problem(
                    "S302",
                    standard.at("kind"),
                    f"kind `{standard.kind.value}` does not match the file name `{file.name}`",
                    f"set `kind: {file.stem}`",
                )
            )
            continue
        found[standard.kind] = standard
    return found


def _calendar(loader: _Loader) -> dict[int, CalendarYear]:
    found: dict[int, CalendarYear] = {}
    for file in loader.yaml_files(loader.registry / "calendar", "calendar"):
        if not (file.stem.isascii() and file.stem.isdigit() and len(file.stem) == 4):
            loader.misplaced(
                file,
                f"unexpected calendar file `{file.name}`",
                "name it after its year, e.g. calendar/2027.yaml",
            )
            continue
        year = loader.read(CalendarYear, file)
        if year is None:
            continue
        loader.check_id(year, file.stem, "year")
        if str(year.year) != file.stem:
            continue
        found[year.year] = year
    return dict(sorted(found.items()))
