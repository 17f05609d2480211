"""Calendar-related problems (S402–S406) as `validate` reports them, through the real rules."""

from __future__ import annotations

import datetime as dt

from shifan.model import CalendarYear, Channel, Notice, NoticeId, Roster
from shifan.validate import validate
from shifan.workdays import WorkCalendar

D = dt.date
MINE = {"S402", "S403", "S404", "S405", "S406"}


def _notice(**kw: object) -> Notice:
    base: dict[str, object] = {
        "id": NoticeId("GS-X"),
        "title": "公示",
        "published": D(2026, 5, 6),
        "channel": Channel(department="市商务局"),
        "entries": (),
    }
    base.update(kw)
    return Notice(**base)  # type: ignore[arg-type]


def _codes(*notices: Notice, calendar: tuple[CalendarYear, ...] = ()) -> list[str]:
    roster = Roster(
        units={},
        figures={},
        notices={n.id: n for n in notices},
        districts={},
        targets=(),
        standards={},
        calendar={c.year: c for c in calendar},
    )
    cal = WorkCalendar(roster.calendar)
    return [p.code for p in validate(roster, cal, D(2026, 11, 27)) if p.code in MINE]


def test_valid_periods() -> None:
    assert _codes(_notice(working_days=5), _notice(id="GS-Y", ends=D(2026, 5, 12))) == []


def test_both_or_neither_period() -> None:
    assert _codes(_notice(working_days=5, ends=D(2026, 5, 12))) == ["S405"]
    assert _codes(_notice()) == ["S405"]


def test_empty_period() -> None:
    assert _codes(_notice(ends=D(2026, 5, 1))) == ["S406"]
    assert _codes(_notice(working_days=0)) == ["S406"]


def test_unknown_year_then_fixed_by_override() -> None:
    late = _notice(published=D(2027, 3, 1), working_days=5)
    assert _codes(late) == ["S402"]
    override = CalendarYear(year=2027, document="国办发明电〔2026〕1号", holidays=(D(2027, 1, 1),))
    assert _codes(late, calendar=(override,)) == []


def test_override_dates_checked() -> None:
    wrong = CalendarYear(
        year=2027,
        document="d",
        holidays=(D(2026, 12, 31), D(2027, 1, 2)),  # other year; a Saturday
        workdays=(D(2027, 1, 4),),  # a Monday
    )
    assert sorted(_codes(calendar=(wrong,))) == ["S403", "S404", "S404"]
