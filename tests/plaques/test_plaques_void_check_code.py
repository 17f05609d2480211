"""`plaque void` takes the check code printed on the plaque as well as the serial."""

from __future__ import annotations

import argparse

import pytest

from shifan.cli import main
from shifan.commands.plaque_void import serial_or_check_code
from shifan.signing.checkcode import check_code


@pytest.mark.parametrize(
    ("typed", "serial"),
    [
        ("49", 49),
        ("000049", 49),
        (check_code(49), 49),
        (check_code(49).replace("-", ""), 49),
        (check_code(49).replace("-", " "), 49),
        (check_code(1234567), 1234567),
    ],
)
def test_void_accepts_the_printed_check_code(typed: str, serial: int) -> None:
    assert serial_or_check_code(typed) == serial


@pytest.mark.parametrize("typed", ["000-049-2", "0000492", "49a", "四十九"])
def test_void_refuses_a_mistyped_check_code(typed: str) -> None:
    with pytest.raises(argparse.ArgumentTypeError):
        serial_or_check_code(typed)


def test_void_with_a_mistyped_check_code_is_a_usage_error(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["plaque", "void", "000-049-2", "--reason", "lost"]) == 2
    err = capsys.readouterr().err
    assert "check digit does not match" in err
    assert "000-049-1" in err
    assert "Traceback" not in err
