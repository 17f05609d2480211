"""Warnings for the bureau: they never fail a check.

S901 a municipal review is due within 60 days · S902 a municipal review is overdue ·
S903 a notice ended 30 or more days ago and has no decision · S904 a failed review whose
revocation is not recorded yet.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from shifan.errors import Problem
from shifan.model import Event, Level, Roster, Unit
from shifan.rules._common import UnknownCalendarYear, WorkCalendar, last_cycle, notice_end, warning
from shifan.status import DUE_WINDOW_DAYS, State, review_state

REVIEW_WINDOW_DAYS = DUE_WINDOW_DAYS  # 60 days
DECISION_GRACE_DAYS = 30


def check(roster: Roster, cal: WorkCalendar, today: dt.date) -> Iterator[Problem]:
    for unit in roster.units.values():
        if unit.level is Level.MUNICIPAL:
            yield from _review(unit, roster, cal, today)
    for notice in roster.notices.values():
        if notice.decision is not None:
            continue
        try:
            end = notice_end(notice, cal)
        except UnknownCalendarYear:  # reported by the notices rule (S402)
            continue
        if (today - end).days >= DECISION_GRACE_DAYS:
            yield warning(
                "S903",
                notice.loc,
                f"notice {notice.id} ended on {end} and has no decision yet",
                "record `decision:` (date, document) once the bureau has decided",
                zh=(
                    f"公示 {notice.id} 已于 {end} 结束，还没有登记决定",
                    "市商务局作出决定后，登记 `decision:`（date、document）",
                ),
            )


def _review(unit: Unit, roster: Roster, cal: WorkCalendar, today: dt.date) -> Iterator[Problem]:
    """Review reminders from the unit's derived status (the same dates the site shows)."""
    last = last_cycle(unit.events)
    failed: Event | None = None  # the last failed review of the cycle
    for event in last:
        if event.type in ("rejected", "withdrawn"):
            return
        if event.type == "review" and event.result == "failed":
            failed = event
    if failed is not None and last[-1].type != "revoked":
        yield warning(
            "S904",
            failed.loc,
            f"{unit.id} failed its review on {failed.date}; no revocation is recorded",
            "record `- type: revoked` with `reason: failed_review` and the decision document",
            zh=(
                f"{unit.id} 于 {failed.date} 复核未通过，但没有登记撤销",
                "登记 `- type: revoked`，`reason: failed_review`，并写明决定文件",
            ),
        )
        return
    state, due = review_state(unit, roster, cal, today, due_window_days=REVIEW_WINDOW_DAYS)
    if state is State.REVIEW_OVERDUE:
        yield warning(
            "S902",
            unit.loc,
            f"{unit.id}'s review was due on {due} (每2年复审1次) and is overdue",
            "hold the review and record `- type: review` with result and document",
            zh=(
                f"{unit.id} 应于 {due} 复核（每2年复审1次），已逾期",
                "组织复核，并登记 `- type: review`，写明结果和文件",
            ),
        )
    elif state is State.REVIEW_DUE:
        yield warning(
            "S901",
            unit.loc,
            f"{unit.id}'s review is due on {due}",
            "schedule the review (每2年复审1次) and record it as `- type: review`",
            zh=(
                f"{unit.id} 应于 {due} 复核",
                "安排复核（每2年复审1次），完成后登记 `- type: review`",
            ),
        )
