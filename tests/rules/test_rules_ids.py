"""Record id shapes (S305): ids name files, site addresses and plaque tokens."""

from __future__ import annotations

import pytest

from shifan.errors import Problem
from shifan.model import Kind
from shifan.rules import ids
from support_roster import TODAY, Calendar, figure, notice, replace, roster, unit


def codes(problems: list[Problem]) -> list[str]:
    return [p.code for p in problems]


def run(**kw: object) -> list[Problem]:
    return list(ids.check(roster(**kw), Calendar(), TODAY))  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("uid", "kind"),
    [
        ("ZZ-ENT-0001", Kind.ENTERPRISE),
        ("ZZ-PRK-0042", Kind.PARK),
        ("ZZ-EDU-12345", Kind.TRAINING_BASE),
        ("ZZ-TWN-0003", Kind.TOWNSHIP),
    ],
)
def test_well_formed_unit_ids_pass(uid: str, kind: Kind) -> None:
    problems = list(ids.check(roster(unit(uid, kind=kind)), Calendar(), TODAY))
    assert problems == []


@pytest.mark.parametrize(
    ("uid", "kind"),
    [
        ("ZZ-PRK-0001", Kind.ENTERPRISE),  # code of another kind
        ("ZZ-ENT-42", Kind.ENTERPRISE),  # too few digits
        ("ZZ-ENT-00042", Kind.ENTERPRISE),  # padded beyond 4 digits
        ("zz-ent-0001", Kind.ENTERPRISE),  # lower case
        ("ZZ-ENT-0001 ", Kind.ENTERPRISE),
        ("郑州-ENT-0001", Kind.ENTERPRISE),
    ],
)
def test_malformed_unit_ids_fail_at_the_id(uid: str, kind: Kind) -> None:
    bad = replace(unit("ZZ-ENT-0001", kind=kind), id=uid)
    problems = list(ids.check(roster(bad), Calendar(), TODAY))
    assert codes(problems) == ["S305"]
    assert problems[0].loc == bad.at("id")
    assert "ZZ-" in problems[0].hint


def test_figure_and_notice_ids() -> None:
    assert run(figures=[figure("ZZ-FIG-0007")], notices=[notice("GS-2024-01")]) == []
    problems = run(figures=[figure("FIG-7")], notices=[notice("GS-2023-01")])
    assert codes(problems) == ["S305", "S305"]
    assert "GS-2024-NN" in problems[1].message  # the year comes from the publication date
