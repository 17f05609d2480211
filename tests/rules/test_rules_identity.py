"""Credit codes and identity rules (S31x), plus the identifiers module they rest on."""

from __future__ import annotations

import sys
import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from shifan.errors import Problem
from shifan.identifiers import (
    credit_check_char,
    credit_code_error,
    find_identity_numbers,
    find_mobile_numbers,
    id_check_char,
)
from shifan.loader.scalars import BLANK_LETTERS
from shifan.model import Kind, Level
from shifan.rules import identity
from support_roster import TODAY, Calendar, credit_code, roster, unit


def run(*units: object) -> list[Problem]:
    return list(identity.check(roster(*units), Calendar(), TODAY))  # type: ignore[arg-type]


def test_known_credit_code_vector() -> None:
    # GB 32100-2015 worked example layout: 17 characters give the check character.
    assert credit_check_char("91350100M000100Y4") == "3"
    assert credit_code_error("91350100M000100Y43") is None


def test_credit_code_errors_say_why() -> None:
    assert "17 characters" not in (credit_code_error("9141") or "")
    assert "not 18" in (credit_code_error("9141") or "")
    assert "'O'" in (credit_code_error("91410100MA0000O001") or "")
    good = credit_code(7)
    wrong = good[:17] + ("0" if good[17] != "0" else "1")
    assert "check character" in (credit_code_error(wrong) or "")


def test_identity_number_check_digit() -> None:
    body = "41010219900101123"
    good = body + id_check_char(body)
    bad = body + ("0" if good[-1] != "0" else "1")
    assert find_identity_numbers(f"身份证{good}。") == [good]
    assert find_identity_numbers(bad) == []
    assert find_identity_numbers("1" + good) == []  # part of a longer number


def test_mobile_numbers_also_in_groups() -> None:
    assert find_mobile_numbers("电话13812345678") == ["13812345678"]
    assert find_mobile_numbers("电话 138 1234 5678") == ["13812345678"]
    assert find_mobile_numbers("0371-67180000") == []
    assert find_mobile_numbers("12812345678") == []


def test_valid_units_pass() -> None:
    assert run(unit("ZZ-ENT-0001"), unit("ZZ-ENT-0002")) == []


def test_missing_credit_code_is_an_error_except_for_townships() -> None:
    problems = run(unit("ZZ-ENT-0001", credit_code=None))
    assert [(p.code, p.loc.path) for p in problems] == [
        ("S310", "registry/units/enterprise/ZZ-ENT-0001.yaml")
    ]
    assert run(unit("ZZ-TWN-0001", kind=Kind.TOWNSHIP, credit_code=None)) == []


@pytest.mark.parametrize("bad", ["91410100MA0000001", "91410100MA00000O1X", "91410100MA00000010"])
def test_malformed_credit_code(bad: str) -> None:
    u = unit("ZZ-ENT-0001", credit_code=bad)
    if credit_code_error(bad) is None:  # pragma: no cover - the fixture must be bad
        pytest.fail("fixture is valid")
    problems = run(u)
    assert [p.code for p in problems] == ["S311"]
    assert problems[0].loc == u.at("credit_code")


def test_duplicate_credit_code_within_kind_and_level() -> None:
    first = unit("ZZ-ENT-0001")
    second = unit("ZZ-ENT-0002", credit_code=first.credit_code)
    problems = run(first, second)
    assert [p.code for p in problems] == ["S312"]
    assert problems[0].loc == second.at("credit_code")
    # the same company holding a national title too is a second record, not a duplicate
    national = unit("ZZ-ENT-0003", credit_code=first.credit_code, level=Level.NATIONAL)
    assert run(first, national) == []


def test_duplicate_name() -> None:
    first = unit("ZZ-ENT-0001")
    second = unit("ZZ-ENT-0002", name=first.name)
    assert [(p.code, p.loc) for p in run(first, second)] == [("S313", second.at("name"))]


def test_headquarters_and_branch() -> None:
    hq = unit("ZZ-ENT-0001", name="郑州云栈网络科技有限公司")
    branch = unit("ZZ-ENT-0002", name="郑州云栈网络科技有限公司金水分公司")
    problems = run(hq, branch)
    assert [(p.code, p.loc) for p in problems] == [("S314", branch.at("name"))]
    other = unit("ZZ-ENT-0003", name="郑州云帆网络科技有限公司金水分公司")
    assert run(hq, other) == []


def test_printable_white_space_is_only_the_ascii_space() -> None:
    """`name_key` drops only " " and the blank letters from printable text: no other
    printable character is white space (and every blank letter is printable)."""
    printable_spaces = [
        c for c in map(chr, range(sys.maxunicode + 1)) if c.isspace() and c.isprintable()
    ]
    assert printable_spaces == [" "]
    assert all(c.isprintable() for c in BLANK_LETTERS)


def _name_key_by_definition(name: str) -> str:
    folded = unicodedata.normalize("NFKC", name)
    return "".join(
        ch
        for ch in folded
        if not ch.isspace()
        and ch not in BLANK_LETTERS
        and (ch.isprintable() or unicodedata.category(ch) not in identity._INVISIBLE_CATEGORIES)
    ).casefold()


@settings(max_examples=300, deadline=None)
@given(
    st.text(
        alphabet=st.sampled_from("郑州ＡＢＣ１２abc 分公司\u3000\u200b\u3164\t\ufeffß")
        | st.characters()
    )
)
def test_name_key_is_its_definition(name: str) -> None:
    assert identity.name_key(name) == _name_key_by_definition(name)
