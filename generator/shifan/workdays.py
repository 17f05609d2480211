"""Working days (工作日) by the official PRC schedule, for public-notice periods.

The schedule comes from the `chinese_calendar` package (State Council holiday notices,
including adjusted working days 调休, up to its release year) and from
`registry/calendar/<year>.yaml` overrides for the years after it; an override wins for its
year. A date in a year neither knows raises `UnknownCalendarYear`: the period of a notice is
a legal fact and is never guessed from weekdays alone.

Counting convention (`add_working_days`): day 1 is the first working day on or after the
start date. That is how "公示期N个工作日" is counted in practice: a notice published on a
working day counts that day (published Monday 2024-05-06 with 5 working days runs to Friday
2024-05-10, "公示时间：5月6日至5月10日"); one published on a rest day starts on the next
working day.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

import chinese_calendar

from shifan.errors import ShifanError
from shifan.model import CalendarYear

_ONE_DAY = dt.timedelta(days=1)


def _library_years() -> frozenset[int]:
    years = {d.year for d in chinese_calendar.holidays} | {
        d.year for d in chinese_calendar.workdays
    }
    return frozenset(years)


LIBRARY_YEARS = _library_years()
"""The years the installed `chinese_calendar` release knows."""
_LIBRARY_SPAN = range(min(chinese_calendar.holidays).year, max(chinese_calendar.holidays).year + 1)
"""The years `chinese_calendar.is_workday` answers for (it raises outside them)."""


class UnknownCalendarYear(ShifanError):
    """The official schedule of `year` is not known: no library data and no override."""

    def __init__(self, year: int) -> None:
        super().__init__(
            f"the official holiday schedule of {year} is not known "
            "(chinese-calendar does not have it and there is no override)",
            hint=(
                f"add registry/calendar/{year}.yaml from the State Council's notice on the "
                f"{year} holidays (国务院办公厅关于{year}年部分节假日安排的通知): `year: {year}`, "
                "`document:` the notice's number, `holidays:` the weekdays off, `workdays:` "
                "the weekend days worked (调休); or upgrade chinese-calendar"
            ),
        )
        self.year = year


class WorkCalendar:
    """Answers "is this a working day?" from the library plus per-year overrides."""

    def __init__(self, overrides: Mapping[int, CalendarYear] | None = None) -> None:
        self._overrides: dict[int, tuple[frozenset[dt.date], frozenset[dt.date]]] = {
            year: (frozenset(cal.holidays), frozenset(cal.workdays))
            for year, cal in (overrides or {}).items()
        }
        self._cache: dict[dt.date, bool] = {}
        self._periods: dict[tuple[dt.date, int], dt.date] = {}

    @property
    def known_years(self) -> frozenset[int]:
        """Every year whose schedule is known (library years and overrides)."""
        return LIBRARY_YEARS | frozenset(self._overrides)

    def is_workday(self, day: dt.date) -> bool:
        """True on a working day; raises UnknownCalendarYear outside the known years."""
        cached = self._cache.get(day)
        if cached is not None:
            return cached
        override = self._overrides.get(day.year)
        if override is not None:
            holidays, workdays = override
            result = day in workdays or (day.weekday() < 5 and day not in holidays)
        elif type(day) is dt.date and day.year in LIBRARY_YEARS and day.year in _LIBRARY_SPAN:
            # chinese_calendar.is_workday's own rule, without its per-call scan of the years
            result = day in chinese_calendar.workdays or (
                day.weekday() < 5 and day not in chinese_calendar.holidays
            )
        elif day.year in LIBRARY_YEARS:
            result = bool(chinese_calendar.is_workday(day))
        else:
            raise UnknownCalendarYear(day.year)
        self._cache[day] = result
        return result

    def add_working_days(self, start: dt.date, n: int) -> dt.date:
        """The last day of a period of `n` working days starting on `start` (see module doc).

        `n` must be at least 1; the first working day on or after `start` is day 1.
        """
        found = self._periods.get((start, n))
        if found is not None:
            return found
        if n < 1:
            raise ValueError(f"a period of working days must be at least 1 day, got {n}")
        day = start
        while not self.is_workday(day):
            day += _ONE_DAY
        counted = 1
        while counted < n:
            day += _ONE_DAY
            if self.is_workday(day):
                counted += 1
        self._periods[(start, n)] = day
        return day
