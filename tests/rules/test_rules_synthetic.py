"""Synthetic rosters (benchmarks.synth) are valid, and one mutation is always caught."""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import re
import tempfile
from collections.abc import Callable
from pathlib import Path

from benchmarks.synth import TODAY, write_synthetic_roster
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from shifan.errors import Problem
from shifan.loader.registry import load_roster
from shifan.model import Level, Roster
from shifan.status import notice_end
from shifan.validate import validate
from shifan.workdays import WorkCalendar

SETTINGS = settings(
    max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow], derandomize=True
)


def check(registry: Path) -> list[Problem]:
    roster, problems = load_roster(registry)
    return problems + validate(roster, WorkCalendar(roster.calendar), TODAY)


def errors(registry: Path) -> list[Problem]:
    return [p for p in check(registry) if p.is_error]


def with_roster(units: int, seed: int, body: Callable[[Path], None]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        registry = Path(tmp) / "registry"
        write_synthetic_roster(registry, units, seed)
        body(registry)


@SETTINGS
@given(units=st.integers(1, 40), seed=st.integers(0, 10_000))
def test_synthetic_rosters_are_valid(units: int, seed: int) -> None:
    def body(registry: Path) -> None:
        assert errors(registry) == []
        assert len(list((registry / "units").rglob("*.yaml"))) == units

    with_roster(units, seed, body)


def test_same_seed_same_files() -> None:
    def snapshot(registry: Path) -> dict[str, str]:
        return {
            p.relative_to(registry).as_posix(): p.read_text(encoding="utf-8")
            for p in sorted(registry.rglob("*.yaml"))
        }

    seen: list[dict[str, str]] = []
    for _ in range(2):
        with_roster(30, 7, lambda registry: seen.append(snapshot(registry)))
    assert seen[0] == seen[1]
    other: list[dict[str, str]] = []
    with_roster(30, 8, lambda registry: other.append(snapshot(registry)))
    assert other[0] != seen[0]


def _unit_files(registry: Path) -> list[Path]:
    return sorted((registry / "units").rglob("*.yaml"))


@SETTINGS
@given(seed=st.integers(0, 10_000), pick=st.integers(0, 10_000))
def test_dropping_a_required_field_is_caught(seed: int, pick: int) -> None:
    def body(registry: Path) -> None:
        files = _unit_files(registry)
        target = files[pick % len(files)]
        text = target.read_text(encoding="utf-8")
        target.write_text(re.sub(r"(?m)^district: .*\n", "", text), encoding="utf-8")
        found = [(p.code, p.loc.path) for p in errors(registry)]
        assert ("S202", f"registry/{target.relative_to(registry).as_posix()}") in found

    with_roster(15, seed, body)


@SETTINGS
@given(seed=st.integers(0, 10_000), pick=st.integers(0, 10_000))
def test_award_moved_into_the_notice_period_is_caught(seed: int, pick: int) -> None:
    def body(registry: Path) -> None:
        roster, _ = load_roster(registry)
        cal = WorkCalendar(roster.calendar)
        candidates = []
        for unit in roster.units.values():
            if unit.level is not Level.MUNICIPAL:
                continue
            for before, event in zip(unit.events, unit.events[1:], strict=False):
                if before.type == "listed" and event.type == "awarded" and before.notice:
                    end = notice_end(roster.notices[before.notice], cal)
                    candidates.append((unit, event.date, end))
                    break
        assume(candidates)
        unit, old, end = candidates[pick % len(candidates)]
        path = registry.parent / unit.loc.path
        text = path.read_text(encoding="utf-8")
        moved = text.replace(f"type: awarded, date: {old}", f"type: awarded, date: {end}", 1)
        assert moved != text
        path.write_text(moved, encoding="utf-8")
        found = [(p.code, p.loc.path) for p in errors(registry)]
        assert ("S516", unit.loc.path) in found

    with_roster(25, seed, body)


@SETTINGS
@given(seed=st.integers(0, 10_000), pick=st.integers(0, 10_000), char=st.sampled_from("0A9Y"))
def test_corrupted_credit_code_is_caught(seed: int, pick: int, char: str) -> None:
    def body(registry: Path) -> None:
        files = [f for f in _unit_files(registry) if "credit_code:" in f.read_text("utf-8")]
        assume(files)
        target = files[pick % len(files)]
        text = target.read_text(encoding="utf-8")
        code = re.search(r'credit_code: "(\w{18})"', text)
        assert code is not None
        position = pick % 17
        assume(code.group(1)[position] != char)
        bad = code.group(1)[:position] + char + code.group(1)[position + 1 :]
        target.write_text(text.replace(code.group(1), bad), encoding="utf-8")
        found = [(p.code, p.loc.path) for p in errors(registry)]
        assert ("S311", f"registry/{target.relative_to(registry).as_posix()}") in found

    with_roster(10, seed, body)


def test_synthetic_roster_has_variety() -> None:
    def body(registry: Path) -> None:
        roster, _ = load_roster(registry)
        units = list(roster.units.values())
        assert {u.kind for u in units} >= {"park", "enterprise", "training_base", "township"}
        assert {u.level for u in units} == set(Level)
        types = {e.type for u in units for e in u.events}
        assert {"review", "funding", "data_report", "revoked", "reapplied", "rejected"} <= types
        assert roster.figures
        assert any(n.objections for n in roster.notices.values())
        assert any(e.date and e.date > dt.date(2016, 1, 1) for u in units for e in u.events)

    with_roster(400, 3, body)


@settings(max_examples=25, deadline=None, derandomize=True)
@given(data=st.data())
def test_rules_never_raise_on_scrambled_lifecycles(data: st.DataObject) -> None:
    """Any order, subset or duplication of events gives problems, never an exception."""
    roster = _scramble_base()
    units = dict(roster.units)
    for uid in data.draw(st.lists(st.sampled_from(sorted(units)), min_size=1, max_size=8)):
        pool = [e for u in roster.units.values() for e in u.events]
        events = data.draw(st.lists(st.sampled_from(pool), max_size=12))
        units[uid] = dataclasses.replace(units[uid], events=tuple(events))
    scrambled = dataclasses.replace(roster, units=units)
    problems = validate(scrambled, WorkCalendar(roster.calendar), TODAY)
    assert all(p.code.startswith("S") and p.hint for p in problems)


@functools.cache
def _scramble_base() -> Roster:
    holder: list[Roster] = []

    def body(registry: Path) -> None:
        roster, _ = load_roster(registry)
        holder.append(roster)

    with_roster(60, 11, body)
    return holder[0]
