"""The demo roster in `registry/` passes `shifan check` and shows every situation it must."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from shifan.cli import main
from shifan.loader.registry import load_roster
from shifan.model import Kind, Level, Roster
from shifan.status import State, notice_end, unit_status
from shifan.workdays import WorkCalendar
from support import REPO

TODAY = dt.date(2026, 11, 27)
REGISTRY = REPO / "registry"


@pytest.fixture(scope="module")
def demo() -> Roster:
    roster, problems = load_roster(REGISTRY)
    assert problems == []
    return roster


def test_demo_passes_check(capsys: pytest.CaptureFixture[str]) -> None:
    assert (
        main(["check", "--lang", "en", "--registry", str(REGISTRY), "--today", TODAY.isoformat()])
        == 0
    )
    assert capsys.readouterr().out.splitlines()[-1].startswith("0 errors")


def test_demo_variety(demo: Roster) -> None:
    units = list(demo.units.values())
    assert len(units) >= 40
    assert {u.kind for u in units} == set(Kind)
    assert {u.level for u in units} == set(Level)
    assert len({u.district for u in units}) >= 10
    assert len(demo.figures) == 8
    assert len(demo.notices) >= 3
    events = [e for u in units for e in u.events]
    for kind in ("funding", "data_report", "review", "revoked", "reapplied", "rejected"):
        assert any(e.type == kind for e in events), kind


def test_demo_situations(demo: Roster) -> None:
    cal = WorkCalendar(demo.calendar)
    states = {u.id: unit_status(u, demo, cal, TODAY) for u in demo.units.values()}
    by_state = {s.state for s in states.values()}
    assert {State.IN_NOTICE, State.REVOKED, State.REVIEW_OVERDUE, State.AWARDED} <= by_state
    falsified = [
        u
        for u in demo.units.values()
        if any(e.type == "revoked" and e.reason == "falsified" and e.document for e in u.events)
        and states[u.id].state is State.REVOKED
    ]
    assert falsified
    assert states[falsified[0].id].barred_until is not None
    reapplied = [u for u in demo.units.values() if any(e.type == "reapplied" for e in u.events)]
    assert any(states[u.id].state is State.AWARDED for u in reapplied)
    notices = list(demo.notices.values())
    assert any(n.published <= TODAY <= notice_end(n, cal) for n in notices)  # open now
    assert any(o.resolved is not None for n in notices for o in n.objections)
    assert any(n.decision is not None for n in notices)


def test_every_file_has_the_schema_modeline() -> None:
    for path in (REGISTRY / "units").rglob("*.yaml"):
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert first == "# yaml-language-server: $schema=../../../schemas/unit.schema.json", path
    for folder, schema in (("figures", "figure"), ("notices", "notice")):
        for path in (REGISTRY / folder).glob("*.yaml"):
            first = path.read_text(encoding="utf-8").splitlines()[0]
            assert first == f"# yaml-language-server: $schema=../../schemas/{schema}.schema.json"


def test_unit_template_is_a_valid_unit_but_for_its_placeholders(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Copied as it is, the template fails only because its example values are unedited."""
    registry = tmp_path / "registry"
    shutil.copytree(REGISTRY, registry)
    shutil.copytree(REPO / "keys", tmp_path / "keys")
    template = REPO / "docs" / "templates" / "unit.example.yaml"
    shutil.copy(template, registry / "units" / "enterprise" / "ZZ-ENT-0042.yaml")
    assert main(["check", "--registry", str(registry), "--today", TODAY.isoformat()]) == 1
    errors = [line for line in capsys.readouterr().out.splitlines() if ": error[" in line]
    assert errors
    assert all("ZZ-ENT-0042.yaml" in line and "error[S315]" in line for line in errors)
