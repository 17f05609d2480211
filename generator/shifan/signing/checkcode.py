"""The check code printed under a plaque's QR, for people who cannot scan (docs/token.md).

The serial in decimal, zero-padded to 6 digits, then one Damm check digit, shown in groups
of three from the left: serial 42 → `000-042-7`. The Damm digit catches every single-digit
error and every swap of two adjacent digits.
"""

from __future__ import annotations

import re

from shifan.errors import ShifanError

SERIAL_WIDTH = 6

# The order-10 weakly totally anti-symmetric quasigroup of H. M. Damm (2004). Written out
# here rather than taken from python-stdnum (`stdnum.damm`, the same table): a dependency
# for ten lines is not worth it, and the tests pin known check digits.
_DAMM = (
    (0, 3, 1, 7, 5, 9, 8, 6, 4, 2),
    (7, 0, 9, 2, 1, 5, 4, 8, 6, 3),
    (4, 2, 0, 6, 8, 7, 1, 3, 5, 9),
    (1, 7, 5, 0, 9, 8, 3, 4, 2, 6),
    (6, 1, 2, 3, 0, 4, 5, 9, 7, 8),
    (3, 6, 7, 4, 2, 0, 9, 5, 8, 1),
    (5, 8, 6, 9, 7, 2, 0, 1, 3, 4),
    (8, 9, 4, 5, 3, 6, 2, 0, 1, 7),
    (9, 4, 3, 8, 6, 1, 7, 2, 0, 5),
    (2, 5, 8, 1, 4, 3, 6, 7, 9, 0),
)
_SEPARATORS = re.compile(r"[\s\-‐‑‒–—―－]+")


class BadCheckCode(ShifanError):
    """A typed check code that is not digits, too short, or fails its check digit."""


def damm_digit(digits: str) -> int:
    """The Damm check digit of a string of ASCII digits."""
    interim = 0
    for char in digits:
        interim = _DAMM[interim][int(char)]
    return interim


def check_code(serial: int) -> str:
    """`000-042-7` for serial 42."""
    if serial < 1:
        raise ValueError(f"serials start at 1, not {serial}")
    body = str(serial).zfill(SERIAL_WIDTH)
    digits = body + str(damm_digit(body))
    return "-".join(digits[i : i + 3] for i in range(0, len(digits), 3))


def parse_check_code(text: str) -> int:
    """The serial of a typed check code; dashes and spaces are ignored."""
    digits = _SEPARATORS.sub("", text)
    if not digits.isascii() or not digits.isdigit():
        raise BadCheckCode(
            f"{text!r} 不是核验码 (not a check code)",
            hint="输入二维码下方的数字, 例如 000-042-7",
        )
    if len(digits) < SERIAL_WIDTH + 1:
        raise BadCheckCode(f"{text!r} 太短: 核验码至少有 {SERIAL_WIDTH + 1} 位数字 (too short)")
    if damm_digit(digits) != 0:
        raise BadCheckCode(f"{text!r}: 校验位不符, 有数字输错了 (the check digit does not match)")
    serial = int(digits[:-1])
    if serial < 1 or (len(digits) > SERIAL_WIDTH + 1 and digits[0] == "0"):
        raise BadCheckCode(f"{text!r} 不对应任何牌匾编号 (not the check code of any serial)")
    return serial
