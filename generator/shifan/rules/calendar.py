"""Calendar overrides (`registry/calendar/<year>.yaml`) must describe their own year.

S403 a date outside the override's year · S404 a holiday on a weekend day, or a working day
(调休) on a weekday.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from shifan.errors import Problem
from shifan.model import CalendarYear, Roster
from shifan.workdays import WorkCalendar


def check(roster: Roster, cal: WorkCalendar, today: dt.date) -> Iterator[Problem]:
    for year in roster.calendar.values():
        yield from _calendar_year(year)


def _calendar_year(year: CalendarYear) -> Iterator[Problem]:
    for field, days, want_weekday in (
        ("holidays", year.holidays, True),
        ("workdays", year.workdays, False),
    ):
        for i, day in enumerate(days):
            where = year.field_locs.get(f"{field}[{i}]", year.at(field))
            if day.year != year.year:
                yield Problem(
                    "S403",
                    where,
                    f"{day} in `{field}` is not in {year.year}",
                    f"registry/calendar/{year.year}.yaml lists only dates of {year.year}",
                    message_zh=f"`{field}` 中的 {day} 不在 {year.year} 年",
                    hint_zh=f"registry/calendar/{year.year}.yaml 只列 {year.year} 年的日期",
                )
            elif (day.weekday() < 5) != want_weekday:
                what = "a weekend day" if want_weekday else "a weekday"
                yield Problem(
                    "S404",
                    where,
                    f"{day} in `{field}` is {what}",
                    "`holidays` lists weekdays off; `workdays` weekend days worked (调休)",
                    message_zh=f"`{field}` 中的 {day} 是"
                    + ("周末" if want_weekday else "工作日（周一至周五）"),
                    hint_zh="`holidays` 列放假的工作日；`workdays` 列调休上班的周末",
                )
