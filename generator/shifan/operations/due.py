"""`shifan due`: what falls due, per district, for planning — read from the assessment.

| item                | when it is listed                                                   |
|---------------------|---------------------------------------------------------------------|
| review_overdue      | the status says the review (复审) is overdue                         |
| review_due          | a municipal title's next review falls within the window             |
| revocation_pending  | a failed review whose revocation is not recorded (check's S904)      |
| notice_closing      | an open notice whose last day falls within the window               |
| notice_undecided    | a notice whose period is over and that has no decision yet          |
| data_report_missing | a year's data report (定期报送数据) not recorded by its deadline     |
| data_report_due     | a year's data report whose deadline falls within the window         |
| bar_ending          | a 3-year bar (falsified/illegal revocation) ending within the window |

The data-report rule (the policy says only "定期报送数据"; this is the bureau's reading): a
municipal unit that holds its title owes one `data_report` per calendar year after the year
of its (latest) award, with `period` equal to that year, by 31 March of the following year.
Notices belong to no district: they are listed under 全市 (citywide).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING

from shifan.model import Level, Unit
from shifan.operations.review import revocation_pending
from shifan.rules.data_reports import report_deadline
from shifan.status import NoticePhase, State

if TYPE_CHECKING:
    from shifan.assessment import Assessment

CITYWIDE = ""


class Item(StrEnum):
    REVIEW_OVERDUE = "review_overdue"
    REVIEW_DUE = "review_due"
    REVOCATION_PENDING = "revocation_pending"
    NOTICE_CLOSING = "notice_closing"
    NOTICE_UNDECIDED = "notice_undecided"
    DATA_REPORT_MISSING = "data_report_missing"
    DATA_REPORT_DUE = "data_report_due"
    BAR_ENDING = "bar_ending"


ITEM_LABELS = {
    Item.REVIEW_OVERDUE: "复审逾期",
    Item.REVIEW_DUE: "复审到期",
    Item.REVOCATION_PENDING: "复审不合格待撤销",
    Item.NOTICE_CLOSING: "公示即将截止",
    Item.NOTICE_UNDECIDED: "公示期满未决定",
    Item.DATA_REPORT_MISSING: "定期数据未报送",
    Item.DATA_REPORT_DUE: "定期数据待报送",
    Item.BAR_ENDING: "禁止申报期将满",
}


@dataclass(frozen=True, order=True)
class Due:
    """One thing to do: `date` is the day it fell or falls due."""

    district: str  # a district id, or CITYWIDE
    date: dt.date | None
    item: Item
    subject: str  # unit or notice id
    name: str
    detail: str

    @property
    def label(self) -> str:
        return ITEM_LABELS[self.item]


def due(a: Assessment, *, within: int) -> list[Due]:
    """Everything due by `today + within` days (and everything already overdue), sorted by
    district, then date."""
    horizon = a.today + dt.timedelta(days=within)
    found = [*_notices(a, horizon)]
    for unit in a.roster.units.values():
        found.extend(_unit(a, unit, horizon))
    return sorted(found, key=lambda d: (d.district, d.date or dt.date.min, d.subject, d.item))


def _notices(a: Assessment, horizon: dt.date) -> Iterator[Due]:
    for notice_id, view in a.notices.items():
        notice = a.roster.notices[notice_id]
        if view.open and (view.ends is None or view.ends <= horizon):
            yield Due(
                CITYWIDE,
                view.ends,
                Item.NOTICE_CLOSING,
                notice_id,
                notice.title,
                f"公示期至 {view.ends} 结束" if view.ends else "截止日期无法计算 (工作日历未知)",
            )
        elif view.phase is NoticePhase.CLOSED and not view.decided:
            yield Due(
                CITYWIDE,
                view.ends,
                Item.NOTICE_UNDECIDED,
                notice_id,
                notice.title,
                f"公示期 {view.ends} 已满; 用 shifan award 或 shifan notice close 作出决定",
            )


def _unit(a: Assessment, unit: Unit, horizon: dt.date) -> Iterator[Due]:
    status = a.units[unit.id]
    where = str(unit.district)

    def item(kind: Item, day: dt.date | None, detail: str) -> Due:
        return Due(where, day, kind, unit.id, unit.name, detail)

    if revocation_pending(a, unit.id):
        yield item(Item.REVOCATION_PENDING, status.since, "复审不合格, 尚未登记撤销决定")
    if status.barred_until is not None and a.today <= status.barred_until <= horizon:
        yield item(
            Item.BAR_ENDING,
            status.barred_until,
            f"{status.barred_until} 之后可再次受理申报 (撤销于 {status.revoked_on})",
        )
    if not status.holds_title:
        return
    due_on = status.next_review_due
    if status.state is State.REVIEW_OVERDUE:
        yield item(Item.REVIEW_OVERDUE, due_on, f"复审应于 {due_on} 前完成, 已逾期")
    elif due_on is not None and due_on <= horizon:
        yield item(Item.REVIEW_DUE, due_on, f"复审应于 {due_on} 前完成")
    if unit.level is Level.MUNICIPAL and status.awarded_on is not None:
        reported = {e.period for e in unit.events if e.type == "data_report"}
        for year in owed_years(status.awarded_on, horizon):
            if str(year) not in reported:
                deadline = report_deadline(year)
                missing = deadline < a.today
                kind = Item.DATA_REPORT_MISSING if missing else Item.DATA_REPORT_DUE
                yield item(kind, deadline, f"{year} 年度数据应于 {deadline} 前报送")


def owed_years(awarded: dt.date, horizon: dt.date) -> Sequence[int]:
    """The calendar years after the award year whose report deadline is on or before
    `horizon`."""
    return [y for y in range(awarded.year + 1, horizon.year) if report_deadline(y) <= horizon]
