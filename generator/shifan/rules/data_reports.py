"""The periodic data report (定期报送数据, 四、实施办法(三)) as the bureau applies it.

The policy says only "定期上报数据"; the bureau's rule: a unit holding its title owes one
report per calendar year after the year of its (latest) award, `period` being that year, by
31 March of the following year (`shifan due` lists the reports owed). The award year itself
may be reported too, but is not owed. `shifan data-report` records one.

S528 a report whose period is not a calendar year, is before the award year, or has not
ended by the report's date · S529 the same period reported twice · S906 (warning) a report
recorded after its 31 March deadline.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from shifan.errors import Problem
from shifan.model import Roster, Unit
from shifan.rules._common import WorkCalendar, error, warning

REPORT_DEADLINE = (3, 31)  # month, day of the year after the reported year


def report_deadline(year: int) -> dt.date:
    """The last day to report calendar year `year`."""
    return dt.date(year + 1, *REPORT_DEADLINE)


def check(roster: Roster, cal: WorkCalendar, today: dt.date) -> Iterator[Problem]:
    for unit in roster.units.values():
        yield from _unit(unit)


def _unit(unit: Unit) -> Iterator[Problem]:
    awarded: dt.date | None = None
    seen: dict[str, dt.date | None] = {}
    for event in unit.events:
        if event.type == "awarded":
            awarded = event.date
        if event.type != "data_report" or event.period is None or event.date is None:
            continue
        period, day = event.period, event.date
        year = int(period) if period.isdigit() and len(period) == 4 else None
        first = awarded.year if awarded is not None else None
        if year is None or (first is not None and year < first) or year >= day.year:
            since = f"from the award year {first} on" if first else "from the award year on"
            yield error(
                "S528",
                event.at("period"),
                f"data report for period {period!r} dated {day}: a report covers one calendar "
                f"year, {since}, that has ended by the report's date",
                "write the year reported as `period: YYYY`; a year is reported from 1 January "
                "of the next year on",
                zh=(
                    f"{day} 报送的数据期间“{period}”不对：报送的是认定年度"
                    + (f"（{first}）" if first else "")
                    + "起、报送时已结束的自然年度",
                    "`period` 写报送的年度（四位数字）；一个年度的数据在次年 1 月 1 日起报送",
                ),
            )
            continue
        if period in seen:
            yield error(
                "S529",
                event.loc,
                f"the data for {period} is reported twice (first on {seen[period]})",
                "keep one report per year; correct the period of the other",
                zh=(
                    f"{period} 年度的数据重复报送（首次于 {seen[period]}）",
                    "每个年度只报送一次：删除重复的一条或改正其期间",
                ),
            )
            continue
        seen[period] = day
        deadline = report_deadline(year)
        if day > deadline:
            yield warning(
                "S906",
                event.at("date"),
                f"the data for {period} was reported on {day}, after its deadline {deadline}",
                "a year's data is due by 31 March of the next year; remind the unit",
                zh=(
                    f"{period} 年度的数据于 {day} 报送，晚于截止日期 {deadline}",
                    "每个年度的数据应在次年 3 月 31 日前报送：提醒该单位按时报送",
                ),
            )
