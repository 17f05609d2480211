"""Validate a loaded roster against the policy: `validate(roster, cal, today) -> problems`.

The signature is the contract `shifan check` relies on; each rule family adds its problems
here. Codes owned so far (see docs/registry.md for the table):

| code | what |
|------|------|
| S402 | a notice period in working days runs into a year whose schedule is unknown |
| S403 | a calendar override lists a date outside its year |
| S404 | a calendar override's holiday falls on a weekend, or its workday on a weekday |
| S405 | a notice gives both or neither of `working_days` and `ends` |
| S406 | a notice's period is empty: `ends` before `published`, or `working_days` < 1 |
"""

from __future__ import annotations

import datetime as dt

from shifan.errors import Problem
from shifan.model import CalendarYear, Notice, Roster
from shifan.status import notice_end
from shifan.workdays import UnknownCalendarYear, WorkCalendar


def validate(roster: Roster, cal: WorkCalendar, today: dt.date) -> list[Problem]:
    """Every problem of the roster as of `today` (load problems are reported separately)."""
    problems: list[Problem] = []
    for notice in roster.notices.values():
        problems.extend(_notice_period(notice, cal))
    for year in roster.calendar.values():
        problems.extend(_calendar_year(year))
    return problems


def _notice_period(notice: Notice, cal: WorkCalendar) -> list[Problem]:
    if (notice.working_days is None) == (notice.ends is None):
        both = notice.working_days is not None
        return [
            Problem(
                "S405",
                notice.at("ends") if both else notice.loc,
                "a notice gives "
                + (
                    "both `working_days` and `ends`"
                    if both
                    else "neither `working_days` nor `ends`"
                ),
                "give the period either as `working_days: N` (工作日) or as `ends: YYYY-MM-DD`",
            )
        ]
    if notice.ends is not None:
        if notice.ends < notice.published:
            return [
                Problem(
                    "S406",
                    notice.at("ends"),
                    f"the notice ends ({notice.ends}) before it is published ({notice.published})",
                    "check both dates",
                )
            ]
        return []
    if notice.working_days is not None and notice.working_days < 1:
        return [
            Problem(
                "S406",
                notice.at("working_days"),
                f"a notice period of {notice.working_days} working days is empty",
                "公示 periods are usually 5 or 7 working days",
            )
        ]
    try:
        notice_end(notice, cal)
    except UnknownCalendarYear as err:
        return [
            Problem(
                "S402",
                notice.at("working_days"),
                f"cannot compute the end of this {notice.working_days}-working-day notice "
                f"published {notice.published}: {err.message}",
                err.hint or "",
            )
        ]
    return []


def _calendar_year(year: CalendarYear) -> list[Problem]:
    problems: list[Problem] = []
    for field, days, want_weekday in (
        ("holidays", year.holidays, True),
        ("workdays", year.workdays, False),
    ):
        for i, day in enumerate(days):
            where = year.field_locs.get(f"{field}[{i}]", year.at(field))
            if day.year != year.year:
                problems.append(
                    Problem(
                        "S403",
                        where,
                        f"{day} in `{field}` is not in {year.year}",
                        f"registry/calendar/{year.year}.yaml lists only dates of {year.year}",
                    )
                )
            elif (day.weekday() < 5) != want_weekday:
                what = "a weekend day" if want_weekday else "a weekday"
                problems.append(
                    Problem(
                        "S404",
                        where,
                        f"{day} in `{field}` is {what}",
                        "`holidays` lists weekdays off; `workdays` weekend days worked (调休)",
                    )
                )
    return problems
