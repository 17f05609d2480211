"""The public-data guard (S70x)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from shifan.identifiers import find_identity_numbers, find_mobile_numbers, id_check_char
from shifan.model import Channel, Roster
from shifan.rules import public_data
from support_roster import TODAY, Calendar, figure, notice, objection, roster

BODY = "41010519851204301"
ID_NUMBER = BODY + id_check_char(BODY)


def run(r: Roster) -> list[tuple[str, object]]:
    return [(p.code, p.loc) for p in public_data.check(r, Calendar(), TODAY)]


def test_clean_records_pass() -> None:
    assert (
        run(roster(figures=[figure(citation="2019年起带动3000余户农户触网,年销售额1.2亿元。")]))
        == []
    )


def test_identity_number_in_a_figure() -> None:
    f = figure(citation=f"身份证号{ID_NUMBER}")
    problems = list(public_data.check(roster(figures=[f]), Calendar(), TODAY))
    assert [(p.code, p.loc) for p in problems] == [("S701", f.at("citation"))]
    assert ID_NUMBER not in problems[0].message  # never echo the number itself


def test_mobile_number_in_a_figure() -> None:
    f = figure(certificate="联系 139-3712-3456")
    assert run(roster(figures=[f])) == [("S702", f.at("certificate"))]


def test_notice_channel_phone_is_allowed_but_not_elsewhere() -> None:
    n = notice(channel=Channel(department="市商务局", phone="13937123456"))
    assert run(roster(notices=[n])) == []
    o = objection(summary="举报人电话13937123456")
    assert [c for c, _ in run(roster(notices=[notice(objections=(o,))]))] == ["S702"]


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=st.sampled_from("0123456789１３８ \t\u3000-Xx号a"), max_size=40))
def test_strings_skipped_by_the_cheap_test_hold_no_number(text: str) -> None:
    """The guard searches only strings with 11 digits (single separators allowed): any other
    string holds neither an identity number nor a mobile number."""
    if public_data._ELEVEN_DIGITS.search(text) is None:
        assert find_identity_numbers(text) == []
        assert find_mobile_numbers(text) == []


@pytest.mark.parametrize(
    "text", ["电话 1 3 8 1 2 3 4 5 6 7 8", "138\u30001234\u30005678", "tel:138-1234-5678。"]
)
def test_spaced_mobile_numbers_pass_the_cheap_test(text: str) -> None:
    assert find_mobile_numbers(text) == ["13812345678"]
    assert public_data._ELEVEN_DIGITS.search(text) is not None
