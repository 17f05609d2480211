"""Warnings (S90x): review due/overdue, notices without decisions."""

from __future__ import annotations

import datetime as dt

from shifan.errors import Severity
from shifan.model import Decision, Event, Roster
from shifan.rules import reminders
from support_roster import Calendar, ev, municipal_events, notice, roster, unit

D = dt.date


def run(r: Roster, today: dt.date) -> list[tuple[str, object]]:
    problems = list(reminders.check(r, Calendar(), today))
    assert all(p.severity is Severity.WARNING for p in problems)
    return [(p.code, p.loc) for p in problems]


def with_events(*extra: Event) -> Roster:
    decided = notice(decision=Decision(date=D(2024, 5, 20), document="郑商务〔2024〕12号"))
    return roster(unit(events=(*municipal_events(), *extra)), notices=[decided])


def test_nothing_due() -> None:
    assert run(with_events(), D(2025, 6, 1)) == []


def test_review_due_within_60_days_and_overdue() -> None:
    r = with_events()
    u = next(iter(r.units.values()))
    assert run(r, D(2026, 4, 5)) == [("S901", u.loc)]  # due 2026-06-03
    assert run(r, D(2026, 6, 4)) == [("S902", u.loc)]


def test_passed_review_restarts_the_clock() -> None:
    passed = ev("review", D(2026, 5, 1), result="passed", document="x")
    assert run(with_events(passed), D(2026, 11, 27)) == []


def test_failed_review_without_revocation() -> None:
    failed = ev("review", D(2026, 5, 1), result="failed", document="x")
    assert run(with_events(failed), D(2026, 11, 27)) == [("S904", failed.loc)]


def test_notice_without_decision() -> None:
    n = notice()
    r = roster(unit(), notices=[n])
    assert run(r, D(2024, 6, 8)) == []  # ended 2024-05-10: 29 days
    assert ("S903", n.loc) in run(r, D(2024, 6, 9))
