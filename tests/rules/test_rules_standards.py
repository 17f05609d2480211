"""Declared values against the standard in force (S60x)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from shifan.model import Attestation, EnterpriseClass, Kind, Level, Roster, Standard
from shifan.rules import standards
from support_roster import (
    STANDARDS,
    TODAY,
    Calendar,
    attest,
    criterion,
    replace,
    roster,
    unit,
)

D = dt.date


def run(r: Roster) -> list[tuple[str, object]]:
    return [(p.code, p.loc) for p in standards.check(r, Calendar(), TODAY)]


def park(**kw: Any) -> list[tuple[str, object]]:
    return run(roster(unit("ZZ-PRK-0001", kind=Kind.PARK, **kw)))


def test_valid_units_pass() -> None:
    assert run(roster(unit())) == []
    assert park() == []


def test_park_area_threshold_and_its_relaxation() -> None:
    small = {"office_area_m2": 8000, "management_body": attest()}
    u = unit("ZZ-PRK-0001", kind=Kind.PARK, declared=small)
    assert run(roster(u)) == [("S604", u.at("declared"))]
    assert park(declared=small, hosts_leading_firm=True) == []
    tiny = {"office_area_m2": 5999, "management_body": attest()}
    assert [c for c, _ in park(declared=tiny, hosts_leading_firm=True)] == ["S604"]
    exactly = {"office_area_m2": 10000, "management_body": attest()}
    assert [c for c, _ in park(declared=exactly)] == ["S604"]  # 超过: strictly more


def test_value_location_from_declared_key() -> None:
    u = unit(
        "ZZ-PRK-0001", kind=Kind.PARK, declared={"office_area_m2": 1, "management_body": attest()}
    )
    where = u.loc.__class__(u.loc.path, 42, 5)
    u = replace(u, field_locs={**u.field_locs, "declared.office_area_m2": where})
    assert run(roster(u)) == [("S604", where)]


def test_missing_value_is_an_error_not_a_pass() -> None:
    u = unit(declared={"results_growing": True, "licences": attest()})
    problems = list(standards.check(roster(u), Calendar(), TODAY))
    assert [(p.code, p.loc) for p in problems] == [("S602", u.at("declared"))]
    assert "ecommerce_staff" in problems[0].message


def test_class_specific_thresholds() -> None:
    declared = {"results_growing": True, "ecommerce_staff": 15, "licences": attest()}
    assert [c for c, _ in run(roster(unit(declared=declared)))] == ["S604"]  # service: 20
    app = unit(declared=declared, enterprise_class=EnterpriseClass.APPLICATION)
    assert run(roster(app)) == []  # application: 10


def test_criterion_of_another_class() -> None:
    declared = {"results_growing": True, "licences": attest(), "ecommerce_staff": 30}
    u = unit(declared=declared, enterprise_class=EnterpriseClass.PLATFORM_CONSUMER)
    assert run(roster(u)) == [("S609", u.at("declared"))]


def test_bool_and_attestation() -> None:
    u = unit(declared={"results_growing": False, "ecommerce_staff": 25, "licences": attest()})
    assert [c for c, _ in run(roster(u))] == ["S605"]
    no = Attestation(attested=False, document="x")
    assert [
        c
        for c, _ in run(
            roster(unit(declared={**u.declared, "results_growing": True, "licences": no}))
        )
    ] == ["S606"]
    nodoc = Attestation(attested=True)
    assert [
        c
        for c, _ in run(
            roster(unit(declared={**u.declared, "results_growing": True, "licences": nodoc}))
        )
    ] == ["S607"]


def test_wrong_type() -> None:
    u = unit(declared={"results_growing": 1, "ecommerce_staff": True, "licences": True})
    assert [c for c, _ in run(roster(u))] == ["S603", "S603", "S603"]


def test_unknown_key_with_suggestion() -> None:
    u = unit(declared={"results_growing": True, "ecommerce_staf": 25, "licences": attest()})
    problems = list(standards.check(roster(u), Calendar(), TODAY))
    codes = [p.code for p in problems]
    assert codes == ["S608", "S602"]
    assert "ecommerce_staff" in problems[0].message


def test_version_in_force_at_application() -> None:
    # the 2030 version would demand `something_else`; a 2024 application is judged by 2016's
    assert run(roster(unit(applied_on=D(2024, 1, 1)))) == []
    u = unit(applied_on=D(2031, 1, 1))
    assert {c for c, _ in run(roster(u))} == {"S608", "S602"}
    old = unit(applied_on=D(2015, 1, 1))
    assert run(roster(old)) == [("S601", old.at("applied_on"))]


def test_missing_standard() -> None:
    u = unit()
    only_parks = {Kind.PARK: STANDARDS[Kind.PARK]}
    assert run(roster(u, standards=only_parks)) == [("S600", u.at("kind"))]


def test_non_municipal_units_are_not_judged() -> None:
    assert run(roster(unit(level=Level.NATIONAL, declared={}))) == []


def test_malformed_standard() -> None:
    broken = criterion("x", "number")
    std = Standard(
        kind=Kind.PARK,
        title="p",
        versions=(replace(STANDARDS[Kind.PARK].versions[0], criteria=(broken,)),),
    )
    r = roster(unit(level=Level.NATIONAL), standards={**STANDARDS, Kind.PARK: std})
    assert run(r) == [("S610", broken.loc)]
