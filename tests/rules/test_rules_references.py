"""References between records (S32x, S33x)."""

from __future__ import annotations

from shifan.errors import Problem
from shifan.model import DistrictId, EnterpriseClass, FigureId, Kind, NoticeId, Roster, UnitId
from shifan.rules import references
from support_roster import (
    NOTICE,
    TODAY,
    Calendar,
    ev,
    figure,
    notice,
    objection,
    replace,
    roster,
    unit,
)


def run(r: Roster) -> list[Problem]:
    return list(references.check(r, Calendar(), TODAY))


def test_valid_roster_passes() -> None:
    assert run(roster(figures=[figure(affiliation=None, affiliation_unit="ZZ-ENT-0001")])) == []


def test_unknown_district_with_suggestion() -> None:
    u = unit(district=DistrictId("jinshiu"))
    problems = run(roster(u))
    assert [(p.code, p.loc) for p in problems] == [("S320", u.at("district"))]
    assert "jinshui" in problems[0].message


def test_unknown_district_in_event() -> None:
    bad = ev("recommended", TODAY.replace(year=2024, month=3), district=DistrictId("nowhere"))
    u = unit(events=(bad,))
    assert [(p.code, p.loc) for p in run(roster(u, notices=[]))] == [("S320", bad.at("district"))]


def test_unknown_notice_in_event() -> None:
    listed = ev("listed", notice=NoticeId("GS-2024-09"))
    u = unit(events=(listed,))
    problems = run(roster(u))
    assert ("S321", listed.at("notice")) in [(p.code, p.loc) for p in problems]


def test_enterprise_class_required_and_forbidden() -> None:
    ent = unit(enterprise_class=None)
    assert [(p.code, p.loc) for p in run(roster(ent))] == [("S325", ent.loc)]
    park = unit("ZZ-PRK-0001", kind=Kind.PARK, enterprise_class=EnterpriseClass.SERVICE)
    problems = run(roster(park))
    assert [(p.code, p.loc) for p in problems] == [("S326", park.at("enterprise_class"))]


def test_figure_affiliation_exactly_one() -> None:
    both = figure(affiliation_unit=UnitId("ZZ-ENT-0001"))
    neither = figure("ZZ-FIG-0002", affiliation=None)
    problems = run(roster(figures=[both, neither]))
    assert [(p.code, p.loc) for p in problems] == [("S324", both.loc), ("S324", neither.loc)]


def test_figure_affiliation_unit_exists() -> None:
    f = figure(affiliation=None, affiliation_unit=UnitId("ZZ-ENT-0009"))
    assert [(p.code, p.loc) for p in run(roster(figures=[f]))] == [
        ("S322", f.at("affiliation_unit"))
    ]


def test_notice_entries_and_objections_must_exist() -> None:
    n = notice(units=["ZZ-ENT-0001", "ZZ-ENT-0404"], figures=["ZZ-FIG-0404"])
    problems = run(roster(notices=[n]))
    assert [p.code for p in problems] == ["S322", "S323"]
    assert problems[0].loc == n.entries[1].at("unit")


def test_entry_names_exactly_one_subject() -> None:
    n = notice()
    entry = replace(n.entries[0], figure=FigureId("ZZ-FIG-0001"))
    problems = run(roster(notices=[replace(n, entries=(entry,))]))
    assert "S327" in [p.code for p in problems]


def test_listed_event_needs_the_notice_to_list_the_unit() -> None:
    u = unit()
    empty = notice(units=[])
    problems = run(roster(u, notices=[empty]))
    listed = u.events[1]
    assert [(p.code, p.loc) for p in problems] == [("S328", listed.at("notice"))]


def test_notice_entry_needs_listed_event() -> None:
    u = unit(events=(unit().events[0],))
    n = notice()
    problems = run(roster(u, notices=[n]))
    assert [(p.code, p.loc) for p in problems] == [("S329", n.entries[0].at("unit"))]


def test_unit_twice_in_a_notice() -> None:
    n = notice(units=["ZZ-ENT-0001", "ZZ-ENT-0001"])
    problems = run(roster(notices=[n]))
    assert [(p.code, p.loc) for p in problems] == [("S330", n.entries[1].loc)]


def test_objection_about_an_unlisted_subject() -> None:
    other = unit("ZZ-ENT-0002", events=())
    o = objection("ZZ-ENT-0002")
    n = notice(objections=(o,))
    problems = run(roster(unit(), other, notices=[n]))
    assert [(p.code, p.loc) for p in problems] == [("S331", o.loc)]
    assert NOTICE in problems[0].message
