"""One judgement of the roster: `assess(registry, keys_dir, today) -> Assessment`.

The roster, its public keys and a date are judged here once — every problem (loading,
policy rules, keys and tokens), every unit's and figure's status with the dates that explain
it, every notice's period and phase, every plaque's standing, and every unit's standards
verdict. `check` reports the problems; `build` refuses to publish on any error and renders
only from this object; the plaque commands and the local `verify` decide from it. Nothing
downstream re-derives a rule, so no two places can answer the same question differently.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from shifan.background import in_background
from shifan.derived import Derived
from shifan.errors import Problem, RegistryError, Severity, UsageError
from shifan.loader.registry import load_roster
from shifan.model import Event, Figure, FigureId, NoticeId, Roster, Unit, UnitId
from shifan.report import sort_problems
from shifan.signing.checks import check_plaques, check_repository
from shifan.signing.keys import KeyRecord, load_keys
from shifan.standards import StandardsVerdict, judge_unit
from shifan.status import (
    NoticeView,
    PlaqueState,
    Status,
    figure_notices,
    figure_status,
    notice_view,
    plaques_of,
    unit_status,
)
from shifan.tlog.entries import log_problems, public_events, reconcile
from shifan.tlog.store import LogState, read_log
from shifan.validate import validate
from shifan.workdays import WorkCalendar


class MissingInput(UsageError):
    """The registry (or another input folder) is not there: exit 2, like bad usage."""


@dataclass(frozen=True)
class Assessment:
    """Everything known about the roster as of `today`. Mappings are sorted by id."""

    today: dt.date
    registry: Path
    keys_dir: Path
    roster: Roster
    keys: tuple[KeyRecord, ...]
    cal: WorkCalendar
    problems: tuple[Problem, ...]  # sorted as every report prints them
    units: Mapping[UnitId, Status]
    figures: Mapping[FigureId, Status]
    plaques: Mapping[str, tuple[PlaqueState, ...]]  # by unit or figure id, by serial
    notices: Mapping[NoticeId, NoticeView]
    standards: Mapping[UnitId, StandardsVerdict]
    log: LogState | None = None  # the public log, when the repository keeps one (log/)

    @property
    def errors(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if p.severity is Severity.ERROR)

    @property
    def ok(self) -> bool:
        """No error: the roster may be published and written to."""
        return not self.errors

    def record(self, record_id: str) -> Unit | Figure | None:
        unit = self.roster.units.get(UnitId(record_id))
        return unit if unit is not None else self.roster.figures.get(FigureId(record_id))

    def status(self, record_id: str) -> Status | None:
        found = self.units.get(UnitId(record_id))
        return found if found is not None else self.figures.get(FigureId(record_id))

    def plaque(self, serial: int) -> list[tuple[Unit | Figure, PlaqueState]]:
        """Every record holding plaque `serial` (more than one is an S811 error)."""
        found = []
        for record_id, plaques in self.plaques.items():
            for plaque in plaques:
                if plaque.serial == serial:
                    record = self.record(record_id)
                    assert record is not None
                    found.append((record, plaque))
        return found


def default_keys_dir(registry: Path) -> Path:
    """`keys/` beside the registry folder, as in the repository's layout."""
    return registry.parent / "keys"


def assess(registry: Path, keys_dir: Path | None, today: dt.date) -> Assessment:
    """Read the roster and keys (and scan the repository for private keys), then judge.

    Raises MissingInput when the registry cannot be read at all.
    """
    keys_dir = keys_dir if keys_dir is not None else default_keys_dir(registry)
    # The private-key scan reads every file of the repository and needs nothing else: on a
    # second core it runs while the roster loads.
    with in_background(check_repository, registry) as scan:
        try:
            roster, problems = load_roster(registry)
        except RegistryError as err:
            raise MissingInput(err.message, hint=err.hint, loc=err.loc) from None
        keys, key_problems = load_keys(keys_dir, display_root=registry.parent)
        problems.extend(key_problems)
        problems.extend(scan.result())
    log, log_read = read_log(registry)
    problems.extend(log_read)
    return judge(roster, keys, today, problems, registry=registry, keys_dir=keys_dir, log=log)


def judge(
    roster: Roster,
    keys: Sequence[KeyRecord],
    today: dt.date,
    problems: Iterable[Problem] = (),
    *,
    registry: Path = Path("registry"),
    keys_dir: Path = Path("keys"),
    log: LogState | None = None,
) -> Assessment:
    """Judge a loaded roster and key set as of `today` (pure); `problems` are those found
    while reading them. With a `log`, every public event must have its entry (S821, S822)."""
    cal = WorkCalendar(roster.calendar)
    found = [*problems, *validate(roster, cal, today)]
    try:
        shown = keys_dir.resolve().relative_to(registry.resolve().parent).as_posix()
    except ValueError:
        shown = keys_dir.as_posix()
    found.extend(check_plaques(roster, keys, keys_dir=keys_dir, shown_as=shown))
    if log is not None:
        found.extend(log_problems(reconcile(public_events(roster), log.entries)))
    units, figures = roster.units, roster.figures
    listing = figure_notices(roster)

    def events(record_id: str) -> Sequence[Event]:
        figure = figures.get(FigureId(record_id))
        return figure.events if figure is not None else units[UnitId(record_id)].events

    return Assessment(
        today=today,
        registry=registry,
        keys_dir=keys_dir,
        roster=roster,
        keys=tuple(keys),
        cal=cal,
        problems=tuple(sort_problems(found)),
        units=Derived(units, lambda uid: unit_status(units[uid], roster, cal, today)),
        figures=Derived(
            figures,
            lambda fid: figure_status(figures[fid], roster, cal, today, notices=listing),
        ),
        plaques=Derived(
            [*units, *figures], lambda rid: tuple(plaques_of(events(rid), today=today))
        ),
        notices={nid: notice_view(n, cal, today) for nid, n in roster.notices.items()},
        standards=Derived(
            units, lambda uid: judge_unit(units[uid], roster.standards.get(units[uid].kind))
        ),
        log=log,
    )
