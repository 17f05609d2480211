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

The folder arrives by pull request, so its file names and file types are untrusted too. The
walk is bounded to the layout above and never leaves the folder: a symbolic link or any
file that is not a regular file or folder (FIFO, device, socket) is reported (S109) without
being opened, followed or listed; a registry that is itself a link, or a folder that holds
none of the registry's entries (`--registry /`), is refused before anything is read.
"""

from __future__ import annotations

import gc
import os
import stat
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from shifan.errors import Problem, RegistryError
from shifan.loader.bind import bind
from shifan.loader.quick import quick_read
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
_FILE, _DIR, _OTHER = "file", "folder", "other"


@dataclass(frozen=True, slots=True)
class _Entry:
    """A folder entry and its own type (a link is never followed to find it)."""

    path: Path
    type: str  # _FILE or _DIR (links and special files are reported, never returned)

    @property
    def name(self) -> str:
        return self.path.name

    @property
    def is_file(self) -> bool:
        return self.type == _FILE

    @property
    def is_dir(self) -> bool:
        return self.type == _DIR


def _entry_type(entry: os.DirEntry[str]) -> str:
    """`file`, `folder` or `other` without following a link (a link is `other`)."""
    try:
        if entry.is_symlink():
            return _OTHER
        if entry.is_dir(follow_symlinks=False):
            return _DIR
        if entry.is_file(follow_symlinks=False):
            return _FILE
    except OSError:
        pass
    return _OTHER


class _Loader:
    def __init__(self, registry: Path) -> None:
        self.registry = registry
        self.rel = shown_path(registry)
        self.problems: list[Problem] = []
        self.top: dict[str, _Entry] = {}
        self.unloaded: set[str] = set()  # ids (file names) of records that failed to load

    def misplaced(self, file: Path, why: str, hint: str, *, zh: tuple[str, str]) -> None:
        self.problems.append(
            Problem("S303", Loc(self.rel(file), 1, 1), why, hint, message_zh=zh[0], hint_zh=zh[1])
        )

    def not_regular(self, file: Path) -> None:
        self.problems.append(
            Problem(
                "S109",
                Loc(self.rel(file), 1, 1),
                "a symbolic link or special file (not a regular file or folder); not read",
                "registry files are plain files committed as they are: replace the link with "
                "the file itself, or remove it",
                message_zh="这是符号链接或特殊文件（不是普通文件或文件夹），不会读取",
                hint_zh="名册只收普通文件：用文件本身替换这个链接，或删掉它",
            )
        )

    def read(self, cls: type[R], file: Path) -> R | None:
        path = self.rel(file)
        try:
            # O_NOFOLLOW/O_NONBLOCK: a file swapped for a link or a FIFO since the folder
            # was listed is neither followed nor waited on; only a regular file is read.
            flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
            fd = os.open(file, flags)
            with os.fdopen(fd, "rb") as handle:
                info = os.fstat(fd)
                if not stat.S_ISREG(info.st_mode):
                    self.not_regular(file)
                    return None
                # As much as the file holds (asking for the most allowed would allocate that
                # much for every file), then the rest of it if it grew meanwhile.
                data = handle.read(min(info.st_size, MAX_FILE_BYTES) + 1)
                if len(data) > info.st_size:
                    data += handle.read(MAX_FILE_BYTES + 1 - len(data))
                if len(data) > MAX_FILE_BYTES:  # never read a huge file into memory
                    self.problems.append(oversized(path, info.st_size))
                    return None
        except OSError as err:
            if os.path.islink(file):
                self.not_regular(file)
                return None
            self.problems.append(
                Problem(
                    "S303",
                    Loc(path, 1, 1),
                    f"cannot read file: {err.strerror}",
                    "check the file's permissions, or that it is a regular file",
                    message_zh=f"无法读取文件：{err.strerror}",
                    hint_zh="检查文件权限，以及它是不是普通文件",
                )
            )
            return None
        record = quick_read(cls, data, path)
        if record is not None:
            return record
        node, problems = parse_yaml(data, path, check_duplicates=False)
        self.problems.extend(problems)
        if node is None:
            return None
        record, problems = bind(cls, node, path)
        self.problems.extend(problems)
        return record

    def entries(self, folder: Path) -> list[_Entry]:
        """The folder's files and folders, sorted; links and special files are reported."""
        found: list[_Entry] = []
        try:
            with os.scandir(folder) as listing:
                for item in listing:
                    path = folder / item.name
                    if _ignored(path):
                        continue
                    kind = _entry_type(item)
                    if kind == _OTHER:
                        self.not_regular(path)
                    else:
                        found.append(_Entry(path, kind))
        except OSError:
            return []
        return sorted(found, key=lambda e: e.path.name)  # one folder: the names decide

    def subfolder(self, name: str) -> list[_Entry]:
        """The entries of a top-level folder, if it is a real folder (not a link)."""
        folder = self.top.get(name)
        return self.entries(folder.path) if folder is not None and folder.is_dir else []

    def yaml_files(self, name: str, what: str) -> Iterable[Path]:
        for entry in self.subfolder(name):
            yield from self._yaml_file(entry, name, what)

    def _yaml_file(self, entry: _Entry, folder: str, what: str) -> Iterable[Path]:
        if entry.is_file and entry.path.suffix == ".yaml":
            yield entry.path
        elif entry.is_dir:
            self.misplaced(
                entry.path,
                f"unexpected folder in {folder}/",
                f"{what} files go directly here",
                zh=(f"{folder}/ 中不应有文件夹", f"{what} 文件直接放在 {folder}/ 中"),
            )
        else:
            self.misplaced(
                entry.path,
                f"unexpected file in {folder}/: only `.yaml` files belong here",
                "rename it to end in `.yaml`" if entry.path.suffix == ".yml" else "move it away",
                zh=(
                    f"{folder}/ 中不应有这个文件：这里只放 `.yaml` 文件",
                    "把扩展名改成 `.yaml`" if entry.path.suffix == ".yml" else "把它移走",
                ),
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
                    message_zh=f"{field} `{actual}` 与文件名 `{expected}.yaml` 不一致",
                    hint_zh=f"改成 `{field}: {expected}`，或把文件改名为 `{actual}.yaml`",
                )
            )

    def duplicate(self, record: Node, what: str, key: object, first: Node) -> None:
        self.problems.append(
            Problem(
                "S304",
                record.at("id"),
                f"duplicate {what} `{key}` (already defined at {first.loc})",
                f"each {what} must be unique: give one of them another id",
                message_zh=f"重复的编号 `{key}`（{first.loc} 已经用过）",
                hint_zh="编号不能重复：给其中一条换一个编号",
            )
        )


def shown_path(registry: Path) -> Callable[[Path], str]:
    """How problems name a file under `registry`: relative to the registry's parent
    (`registry/units/…`), however the folder was named on the command line (`.`,
    `../registry`, absolute). Called once per file, so the common case is string slicing."""
    prefix = registry.absolute().name
    base = str(registry)
    base = "" if base == "." else base.rstrip("/") + "/"

    def shown(file: Path) -> str:
        text = str(file)
        if base and text.startswith(base) and os.sep == "/":
            return f"{prefix}/{text[len(base) :]}"
        try:
            return f"{prefix}/{file.relative_to(registry).as_posix()}"
        except ValueError:  # pragma: no cover - files always come from inside the registry
            return file.as_posix()

    return shown


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


_LAYOUT_HINT = (
    "the registry holds units/, figures/, notices/, standards/, calendar/, "
    "districts.yaml, targets.yaml and site.yaml"
)
_LAYOUT_HINT_ZH = (
    "名册只包含 units/、figures/、notices/、standards/、calendar/、districts.yaml、targets.yaml "
    "和 site.yaml"
)


def _open_registry(registry_dir: Path) -> _Loader:
    """A loader for `registry_dir`, or RegistryError when it is not a registry folder.

    Refused before anything is read: a missing folder, a folder that is a symbolic link (a
    pull request can replace `registry/` with a link to `/`), and a folder holding none of
    the registry's entries but other things (`--registry /`), which would otherwise be
    listed, one problem per system folder, into the CI log.
    """
    if registry_dir.is_symlink():
        raise RegistryError(
            f"名册文件夹是符号链接：{registry_dir}（the registry folder is a symbolic link）",
            hint="用 --registry DIR 指明真正的文件夹；链接一律不跟随",
        )
    if not registry_dir.is_dir():
        raise RegistryError(
            f"找不到名册文件夹：{registry_dir}（registry folder not found）",
            hint="在仓库根目录下运行，或用 --registry DIR 指明名册文件夹",
        )
    loader = _Loader(registry_dir)
    try:
        with os.scandir(registry_dir) as listing:
            names = [item.name for item in listing if not _ignored(Path(item.name))]
    except OSError as err:
        raise RegistryError(
            f"无法列出名册文件夹 {registry_dir} 的内容（cannot list the registry folder: "
            f"{err.strerror}）",
            hint="检查这个文件夹的权限",
        ) from None
    if names and not set(names) & {*_TOP_DIRS, *_TOP_FILES}:
        raise RegistryError(
            f"{registry_dir} 不像名册文件夹：其中没有 units/、figures/、notices/、districts.yaml "
            "等任何一项（does not look like a registry folder）",
            hint=f"用 --registry DIR 指明名册文件夹；{_LAYOUT_HINT_ZH}",
        )
    return loader


def _load(registry_dir: Path) -> tuple[Roster, list[Problem]]:
    loader = _open_registry(registry_dir)
    for entry in loader.entries(registry_dir):
        if entry.is_dir and entry.name in _TOP_DIRS:
            loader.top[entry.name] = entry
            continue
        if entry.is_file and entry.name in _TOP_FILES:
            loader.top[entry.name] = entry
            continue
        loader.misplaced(
            entry.path,
            f"unexpected {entry.type} `{entry.name}` in the registry",
            _LAYOUT_HINT,
            zh=(f"名册中不应有 `{entry.name}`", _LAYOUT_HINT_ZH),
        )
    roster = Roster(
        units=_units(loader),
        figures=_by_id(loader, Figure, "figures", "figure"),
        notices=_by_id(loader, Notice, "notices", "notice"),
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
    for folder in loader.subfolder("units"):
        if not folder.is_dir or folder.name not in _KINDS:
            loader.misplaced(
                folder.path,
                f"unexpected {folder.type} in units/",
                f"units go in units/<kind>/<id>.yaml, kind one of: {', '.join(_KINDS)}",
                zh=(
                    f"units/ 中不应有 `{folder.name}`",
                    f"单位文件放在 units/<类别>/<编号>.yaml，类别为：{'、'.join(_KINDS)}",
                ),
            )
            continue
        for entry in loader.entries(folder.path):
            for file in loader._yaml_file(entry, folder.name, "unit"):
                _unit(loader, file, folder.name, found)
    return dict(sorted(found.items()))


def _unit(loader: _Loader, file: Path, kind: str, found: dict[UnitId, Unit]) -> None:
    unit = loader.read(Unit, file)
    if unit is None:
        loader.unloaded.add(file.stem)
        return
    loader.check_id(unit, file.stem)
    if unit.kind.value != kind:
        loader.problems.append(
            Problem(
                "S302",
                unit.at("kind"),
                f"kind `{unit.kind.value}` does not match the folder units/{kind}/",
                f"move the file to units/{unit.kind.value}/ or set `kind: {kind}`",
                message_zh=f"kind `{unit.kind.value}` 与文件夹 units/{kind}/ 不一致",
                hint_zh=f"把文件移到 units/{unit.kind.value}/，或改成 `kind: {kind}`",
            )
        )
    if unit.id in found:
        loader.duplicate(unit, "unit id", unit.id, found[unit.id])
        return
    found[unit.id] = unit


def _by_id(loader: _Loader, cls: type[R], folder: str, what: str) -> dict[Any, R]:
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
    found: dict[DistrictId, District] = {}
    if "districts.yaml" not in loader.top:
        return found
    data = loader.read(DistrictsFile, loader.top["districts.yaml"].path)
    for district in data.districts if data else ():
        if district.id in found:
            loader.duplicate(district, "district id", district.id, found[district.id])
            continue
        found[district.id] = district
    return dict(sorted(found.items()))


def _site(loader: _Loader) -> SiteInfo | None:
    if "site.yaml" not in loader.top:
        return None
    return loader.read(SiteInfo, loader.top["site.yaml"].path)


def _targets(loader: _Loader) -> tuple[TargetSet, ...]:
    if "targets.yaml" not in loader.top:
        return ()
    data = loader.read(TargetsFile, loader.top["targets.yaml"].path)
    return data.targets if data else ()


def _standards(loader: _Loader) -> dict[Kind, Standard]:
    found: dict[Kind, Standard] = {}
    for file in loader.yaml_files("standards", "standard"):
        if file.stem not in _KINDS:
            loader.misplaced(
                file,
                f"unexpected standard file `{file.name}`",
                f"name it after its kind: {', '.join(k + '.yaml' for k in _KINDS)}",
                zh=(
                    f"不认识的标准文件 `{file.name}`",
                    f"按类别命名：{'、'.join(k + '.yaml' for k in _KINDS)}",
                ),
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
                    message_zh=f"kind `{standard.kind.value}` 与文件名 `{file.name}` 不一致",
                    hint_zh=f"改成 `kind: {file.stem}`",
                )
            )
            continue
        found[standard.kind] = standard
    return found


def _calendar(loader: _Loader) -> dict[int, CalendarYear]:
    found: dict[int, CalendarYear] = {}
    for file in loader.yaml_files("calendar", "calendar"):
        if not (file.stem.isascii() and file.stem.isdigit() and len(file.stem) == 4):
            loader.misplaced(
                file,
                f"unexpected calendar file `{file.name}`",
                "name it after its year, e.g. calendar/2027.yaml",
                zh=(
                    f"不认识的工作日安排文件 `{file.name}`",
                    "按年份命名，例如 calendar/2027.yaml",
                ),
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
