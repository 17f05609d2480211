"""Notice periods, objections and decisions (S41x)."""

from __future__ import annotations

import datetime as dt

from shifan.errors import Problem
from shifan.model import Decision, Notice, Roster
from shifan.rules import notices
from support_roster import TODAY, Calendar, notice, objection, roster

D = dt.date


def run(r: Roster) -> list[Problem]:
    return list(notices.check(r, Calendar(), TODAY))


def one(n: Notice) -> list[tuple[str, object]]:
    return [(p.code, p.loc) for p in run(roster(notices=[n]))]


def test_valid_notice_passes() -> None:
    decision = Decision(date=D(2024, 5, 20), document="郑商务〔2024〕12号")
    assert one(notice(decision=decision)) == []


def test_period_exactly_one_way() -> None:
    both = notice(ends=D(2024, 5, 10))
    assert one(both) == [("S405", both.at("ends"))]
    neither = notice(working_days=None)
    assert one(neither) == [("S405", neither.loc)]


def test_explicit_end_before_publication() -> None:
    n = notice(working_days=None, ends=D(2024, 5, 1))
    assert one(n) == [("S406", n.at("ends"))]


def test_period_at_least_one_working_day() -> None:
    n = notice(working_days=0)
    assert one(n) == [("S406", n.at("working_days"))]


def test_unknown_calendar_year_names_the_year_and_the_file() -> None:
    n = notice(published=D(2026, 11, 25), working_days=30)
    problems = run(roster(notices=[n]))  # chinese-calendar stops at 2026
    assert [(p.code, p.loc) for p in problems] == [("S402", n.at("working_days"))]
    assert "2027" in problems[0].message
    assert "registry/calendar/2027.yaml" in problems[0].hint


def test_decision_after_the_end() -> None:
    decision = Decision(date=D(2024, 5, 10), document="郑商务〔2024〕12号")
    assert one(notice(decision=decision)) == [("S414", decision.at("date"))]


def test_objection_dates() -> None:
    early = objection(received=D(2024, 5, 1))
    assert one(notice(objections=(early,))) == [("S415", early.at("received"))]
    backwards = objection(
        received=D(2024, 5, 8), resolved=D(2024, 5, 7), upheld=False, resolution="不属实"
    )
    assert one(notice(objections=(backwards,))) == [("S416", backwards.at("resolved"))]


def test_objection_open_or_fully_decided() -> None:
    assert one(notice(objections=(objection(),))) == []
    half = objection(upheld=False)
    assert one(notice(objections=(half,))) == [("S417", half.loc)]
    no_text = objection(upheld=True, resolved=D(2024, 5, 15))
    assert one(notice(objections=(no_text,))) == [("S417", no_text.loc)]


def test_notice_published_after_today() -> None:
    n = notice(published=D(2026, 11, 30))
    assert one(n) == [("S418", n.at("published"))]
