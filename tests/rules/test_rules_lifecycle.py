"""The lifecycle of units and figures (S51x, S52x)."""

from __future__ import annotations

import datetime as dt

from shifan.model import DistrictId, Event, Level, Roster
from shifan.rules import lifecycle
from support_roster import (
    NOTICE,
    TODAY,
    Calendar,
    ev,
    figure,
    municipal_events,
    notice,
    objection,
    roster,
    unit,
)

D = dt.date
REC, LISTED, AWARD = municipal_events()


def run(r: Roster) -> list[tuple[str, object]]:
    return [(p.code, p.loc) for p in lifecycle.check(r, Calendar(), TODAY)]


def on_unit(*evs: Event, level: Level = Level.MUNICIPAL, **kw: object) -> list[tuple[str, object]]:
    return run(roster(unit(events=evs, level=level), **kw))  # type: ignore[arg-type]


def test_full_municipal_life_passes() -> None:
    life = (
        REC,
        LISTED,
        AWARD,
        ev("plaque_issued", D(2024, 6, 20), serial=1, kid="1", token="1"),
        ev("funding", D(2024, 9, 1), amount_cny=300000, year=2024),
        ev("data_report", D(2025, 1, 15), period="2024"),
        ev("review", D(2026, 5, 20), result="passed", document="郑商务〔2026〕3号"),
        ev("revoked", D(2026, 6, 1), reason="falsified", document="郑商务〔2026〕9号"),
        ev("plaque_voided", D(2026, 6, 2), serial=1, reason="recalled"),
    )
    assert on_unit(*life) == []


def test_events_in_date_order() -> None:
    late = ev("funding", D(2024, 6, 1), amount_cny=1, year=2024)
    assert ("S510", late.at("date")) in on_unit(REC, LISTED, AWARD, late)


def test_municipal_starts_with_recommended() -> None:
    assert on_unit(LISTED, AWARD)[0] == ("S511", LISTED.loc)


def test_non_municipal_needs_award_with_by_and_no_notice() -> None:
    r = roster(unit(level=Level.PROVINCIAL, events=()), notices=[])
    assert [c for c, _ in run(r)] == ["S512"]
    no_by = ev("awarded", D(2023, 1, 5), document="豫商〔2023〕1号")
    assert on_unit(no_by, level=Level.PROVINCIAL, notices=[]) == [("S514", no_by.loc)]
    listed = ev("listed", notice=NOTICE)
    award = ev("awarded", D(2024, 6, 3), document="x", by="河南省商务厅")
    assert on_unit(listed, award, level=Level.NATIONAL) == [("S513", listed.loc)]


def test_municipal_award_needs_listing() -> None:
    assert on_unit(REC, AWARD, notices=[]) == [("S515", AWARD.loc)]


def test_award_only_after_notice_end() -> None:
    early = ev("awarded", D(2024, 5, 10), document="x")  # the notice's last day
    assert on_unit(REC, LISTED, early) == [("S516", early.at("date"))]


def test_award_blocked_by_upheld_or_open_objection() -> None:
    open_one = notice(objections=(objection(),))
    assert on_unit(REC, LISTED, AWARD, notices=[open_one]) == [("S517", AWARD.loc)]
    upheld = notice(
        objections=(objection(upheld=True, resolved=D(2024, 5, 20), resolution="属实"),)
    )
    assert on_unit(REC, LISTED, AWARD, notices=[upheld]) == [("S517", AWARD.loc)]
    late = notice(objections=(objection(upheld=False, resolved=D(2024, 7, 1), resolution="x"),))
    assert on_unit(REC, LISTED, AWARD, notices=[late]) == [("S517", AWARD.loc)]
    dismissed = notice(
        objections=(objection(upheld=False, resolved=D(2024, 5, 20), resolution="不属实"),)
    )
    assert on_unit(REC, LISTED, AWARD, notices=[dismissed]) == []


def test_second_award() -> None:
    again = ev("awarded", D(2024, 7, 1), document="y")
    assert on_unit(REC, LISTED, AWARD, again) == [("S518", again.loc)]


def test_only_reapplication_after_the_end() -> None:
    revoked = ev("revoked", D(2025, 1, 1), reason="failed_review", document="x")
    funding = ev("funding", D(2025, 2, 1), amount_cny=1, year=2025)
    assert on_unit(REC, LISTED, AWARD, revoked, funding) == [("S519", funding.loc)]


def test_reapplication_inside_the_bar_cites_the_policy() -> None:
    revoked = ev("revoked", D(2024, 7, 10), reason="falsified", document="x")
    inside = ev("reapplied", D(2027, 7, 10), district=DistrictId("jinshui"))
    r = roster(unit(events=(REC, LISTED, AWARD, revoked, inside)))
    problems = list(lifecycle.check(r, Calendar(), TODAY))
    assert [(p.code, p.loc) for p in problems] == [("S520", inside.at("date"))]
    assert "2027-07-10" in problems[0].message
    assert "四、实施办法(三)动态管理" in problems[0].hint
    after = ev("reapplied", D(2027, 7, 11))
    assert on_unit(REC, LISTED, AWARD, revoked, after) == []
    failed = ev("revoked", D(2025, 1, 10), reason="failed_review", document="x")
    assert on_unit(REC, LISTED, AWARD, failed, ev("reapplied", D(2025, 3, 1))) == []


def test_new_cycle_after_reapplication() -> None:
    revoked = ev("revoked", D(2024, 8, 1), reason="failed_review", document="x")
    again = ev("reapplied", D(2024, 9, 1))
    rec2 = ev("recommended", D(2024, 9, 2), district=DistrictId("jinshui"))
    second = notice("GS-2024-02", published=D(2024, 10, 8))
    listed2 = ev("listed", notice=second.id)
    award2 = ev("awarded", D(2024, 11, 1), document="z")
    evs = (REC, LISTED, AWARD, revoked, again, rec2, listed2, award2)
    assert on_unit(*evs, notices=[notice(), second]) == []


def test_reapplied_without_an_end() -> None:
    again = ev("reapplied", D(2024, 7, 1))
    assert on_unit(REC, LISTED, AWARD, again) == [("S521", again.loc)]


def test_revocation_needs_a_title() -> None:
    revoked = ev("revoked", D(2024, 4, 1), reason="illegal", document="x")
    assert on_unit(REC, revoked, notices=[]) == [("S522", revoked.loc)]


def test_title_events_need_a_title() -> None:
    for bad in (
        ev("review", D(2024, 4, 1), result="passed", document="x"),
        ev("funding", D(2024, 4, 1), amount_cny=1, year=2024),
        ev("data_report", D(2024, 4, 1), period="2023"),
        ev("plaque_issued", D(2024, 4, 1), serial=1, kid="1", token="1"),
    ):
        assert on_unit(REC, bad, notices=[]) == [("S523", bad.loc)]


def test_voiding_an_unknown_plaque() -> None:
    void = ev("plaque_voided", D(2024, 7, 1), serial=9, reason="lost")
    assert on_unit(REC, LISTED, AWARD, void) == [("S524", void.at("serial"))]


def test_failed_review_is_followed_by_revocation() -> None:
    failed = ev("review", D(2026, 5, 1), result="failed", document="x")
    funding = ev("funding", D(2026, 6, 1), amount_cny=1, year=2026)
    assert on_unit(REC, LISTED, AWARD, failed, funding) == [("S525", funding.loc)]
    revoked = ev("revoked", D(2026, 6, 1), reason="failed_review", document="x")
    assert on_unit(REC, LISTED, AWARD, failed, revoked) == []


def test_recommended_and_listed_out_of_place() -> None:
    rec = ev("recommended", D(2024, 7, 1), district=DistrictId("jinshui"))
    assert on_unit(REC, LISTED, AWARD, rec) == [("S526", rec.loc)]


def test_figures() -> None:
    award = ev("awarded", D(2024, 6, 3), document="x")
    plaque = ev("plaque_issued", D(2024, 6, 4), serial=5, kid="1", token="1", form="certificate")
    fig = figure(events=(award, plaque))
    n = notice(units=[], figures=[fig.id])
    assert run(roster(unit(events=(REC,)), figures=[fig], notices=[n])) == []
    early = ev("awarded", D(2024, 5, 7), document="x")
    bad = figure(events=(early, ev("recommended", D(2024, 6, 1))))
    r = roster(unit(events=(REC,)), figures=[bad], notices=[n])
    assert run(r) == [("S516", early.at("date")), ("S527", bad.events[1].loc)]
