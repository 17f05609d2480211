"""The assessment's per-record views are derived on first access, with the values the
deciding functions give when called directly: a command that reads only the problems does
not pay for them, and every reader still sees one answer."""

from __future__ import annotations

import datetime as dt

import pytest

from shifan.assessment import assess
from shifan.derived import Derived
from shifan.standards import judge_unit
from shifan.status import figure_status, plaques_of, unit_status
from support import REPO

DAYS = (dt.date(2019, 3, 10), dt.date(2025, 6, 30), dt.date(2026, 11, 27))


@pytest.mark.parametrize("today", DAYS, ids=str)
def test_views_equal_the_deciding_functions(today: dt.date) -> None:
    a = assess(REPO / "registry", None, today)
    roster, cal = a.roster, a.cal
    assert list(a.units) == list(roster.units)
    assert list(a.figures) == list(roster.figures)
    assert list(a.plaques) == [*roster.units, *roster.figures]
    for uid, unit in roster.units.items():
        assert a.units[uid] == unit_status(unit, roster, cal, today)
        assert a.standards[uid] == judge_unit(unit, roster.standards.get(unit.kind))
        assert a.plaques[uid] == tuple(plaques_of(unit.events, today=today))
    for fid, figure in roster.figures.items():
        assert a.figures[fid] == figure_status(figure, roster, cal, today)
        assert a.plaques[fid] == tuple(plaques_of(figure.events, today=today))
    assert dict(a.units) == {u: unit_status(x, roster, cal, today) for u, x in roster.units.items()}


def test_derived_computes_each_value_once_and_only_for_its_keys() -> None:
    calls: list[str] = []

    def derive(key: str) -> str:
        calls.append(key)
        return key.upper()

    view = Derived(["b", "a", "c"], derive)
    assert (len(view), list(view), calls) == (3, ["b", "a", "c"], [])
    assert [view["a"], view["a"]] == ["A", "A"]
    assert calls == ["a"]
    assert ("c" in view, "z" in view, view.get("z")) == (True, False, None)
    assert calls == ["a"]
    with pytest.raises(KeyError):
        view["z"]
    assert dict(view.items()) == {"b": "B", "a": "A", "c": "C"}
    assert calls == ["a", "b", "c"]
    assert view == {"a": "A", "b": "B", "c": "C"}
