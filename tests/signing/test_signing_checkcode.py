"""Check codes: Damm digit, formatting, and parsing what people type."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from shifan.signing.checkcode import BadCheckCode, check_code, damm_digit, parse_check_code


def test_examples() -> None:
    assert check_code(42) == "000-042-7"
    assert damm_digit("572") == 4  # the textbook example
    assert check_code(1234567) == f"123-456-7{damm_digit('1234567')}"
    assert check_code(999_999).startswith("999-999-")


@settings(deadline=None)
@given(st.integers(1, 10**9))
def test_round_trip(serial: int) -> None:
    assert parse_check_code(check_code(serial)) == serial


@pytest.mark.parametrize("typed", ["000-042-7", "0000427", " 000 042 7 ", "000－042－7"])
def test_typed_forms_are_accepted(typed: str) -> None:
    assert parse_check_code(typed) == 42


@settings(deadline=None)
@given(st.integers(1, 999_999), st.data())
def test_single_digit_errors_and_adjacent_swaps_are_caught(
    serial: int, data: st.DataObject
) -> None:
    digits = check_code(serial).replace("-", "")
    i = data.draw(st.integers(0, len(digits) - 1))
    wrong = data.draw(st.sampled_from([d for d in "0123456789" if d != digits[i]]))
    with pytest.raises(BadCheckCode):
        parse_check_code(digits[:i] + wrong + digits[i + 1 :])
    j = data.draw(st.integers(0, len(digits) - 2))
    if digits[j] != digits[j + 1]:
        swapped = digits[:j] + digits[j + 1] + digits[j] + digits[j + 2 :]
        with pytest.raises(BadCheckCode):
            parse_check_code(swapped)


@pytest.mark.parametrize("typed", ["", "abc", "00042", "000-000-0", "000-042-1"])
def test_bad_codes(typed: str) -> None:
    with pytest.raises(BadCheckCode):
        parse_check_code(typed)
