"""`validate` runs every rule module and sorts what they find."""

from __future__ import annotations

import pkgutil

from shifan import rules
from shifan.model import DistrictId
from shifan.validate import rule_modules, validate
from support_roster import TODAY, Calendar, roster, unit


def test_every_rule_module_runs() -> None:
    found = {m.name for m in pkgutil.iter_modules(rules.__path__) if not m.name.startswith("_")}
    assert set(rule_modules()) == found
    assert {"identity", "references", "notices", "events", "lifecycle", "standards"} <= found


def test_valid_roster_has_no_problems() -> None:
    problems = validate(roster(), Calendar(), TODAY)
    assert [p for p in problems if p.is_error] == []
    assert {p.code for p in problems} == {"S902", "S903"}  # warnings only


def test_problems_from_several_rules_sorted_by_location() -> None:
    bad = unit(credit_code="X", district=DistrictId("nowhere"))
    problems = validate(roster(bad), Calendar(), TODAY)
    assert {p.code for p in problems if p.is_error} == {"S311", "S320"}
    assert [p.loc for p in problems] == sorted(p.loc for p in problems)
