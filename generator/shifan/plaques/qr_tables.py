"""The parts of the QR code standard (ISO/IEC 18004) that the plaque encoder needs.

Most of them follow from a rule and are computed here: the symbol size, where the alignment
patterns go, how many modules carry data, how codewords split into blocks, and the BCH
words of the format and version information. Only two columns of the standard's
error-correction table (codewords per block, number of blocks) are plain data. The tests
check every value, for versions 1-40 and all four levels, against the `qrcode` package.
"""

from __future__ import annotations

import functools
from typing import Literal

EcLevel = Literal["L", "M", "Q", "H"]
EC_LEVELS: tuple[EcLevel, ...] = ("L", "M", "Q", "H")
EC_BITS: dict[str, int] = {"L": 1, "M": 0, "Q": 3, "H": 2}
"""The two bits each error-correction level has in the format information."""
MAX_VERSION = 40

# fmt: off
_ECC_PER_BLOCK: dict[EcLevel, tuple[int, ...]] = {  # versions 1..40
    "L": (7, 10, 15, 20, 26, 18, 20, 24, 30, 18, 20, 24, 26, 30, 22, 24, 28, 30, 28, 28,
          28, 28, 30, 30, 26, 28, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30),
    "M": (10, 16, 26, 18, 24, 16, 18, 22, 22, 26, 30, 22, 22, 24, 24, 28, 28, 26, 26, 26,
          26, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28),
    "Q": (13, 22, 18, 26, 18, 24, 18, 22, 20, 24, 28, 26, 24, 20, 30, 24, 28, 28, 26, 30,
          28, 30, 30, 30, 30, 28, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30),
    "H": (17, 28, 22, 16, 22, 28, 26, 26, 24, 28, 24, 28, 22, 24, 24, 30, 28, 28, 26, 28,
          30, 24, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30),
}
_BLOCK_COUNT: dict[EcLevel, tuple[int, ...]] = {  # versions 1..40
    "L": (1, 1, 1, 1, 1, 2, 2, 2, 2, 4, 4, 4, 4, 4, 6, 6, 6, 6, 7, 8,
          8, 9, 9, 10, 12, 12, 12, 13, 14, 15, 16, 17, 18, 19, 19, 20, 21, 22, 24, 25),
    "M": (1, 1, 1, 2, 2, 4, 4, 4, 5, 5, 5, 8, 9, 9, 10, 10, 11, 13, 14, 16,
          17, 17, 18, 20, 21, 23, 25, 26, 28, 29, 31, 33, 35, 37, 38, 40, 43, 45, 47, 49),
    "Q": (1, 1, 2, 2, 4, 4, 6, 6, 8, 8, 8, 10, 12, 16, 12, 17, 16, 18, 21, 20,
          23, 23, 25, 27, 29, 34, 34, 35, 38, 40, 43, 45, 48, 51, 53, 56, 59, 62, 65, 68),
    "H": (1, 1, 2, 4, 4, 4, 5, 6, 8, 8, 11, 11, 16, 16, 18, 16, 19, 21, 25, 25,
          25, 34, 30, 32, 35, 37, 40, 42, 45, 48, 51, 54, 57, 60, 63, 66, 70, 74, 77, 81),
}
# fmt: on


def symbol_size(version: int) -> int:
    """Modules on a side: 21 for version 1, then 4 more per version."""
    return 17 + 4 * version


@functools.cache
def alignment_positions(version: int) -> tuple[int, ...]:
    """Row/column centres of the alignment patterns (every pair of them, less the corners).

    The first centre is 6, the last 7 from the far edge, and those between are evenly
    spaced by an even step, the gaps at the far end equal and the first gap taking what is
    left. The standard's one exception is version 32, whose step is 26 where the rule
    gives 28.
    """
    if version == 1:
        return ()
    count = version // 7 + 2
    last = symbol_size(version) - 7
    step = 26 if version == 32 else -(-(last - 6) // (2 * (count - 1))) * 2
    return (6, *(last - step * i for i in reversed(range(count - 1))))


@functools.cache
def data_modules(version: int) -> int:
    """Modules left for codewords (and remainder bits) once the function patterns are drawn."""
    size = symbol_size(version)
    centres = len(alignment_positions(version))
    alignment = max(centres * centres - 3, 0) * 25  # the three by finder patterns are left out
    alignment -= max(centres - 2, 0) * 2 * 5  # those on the timing lines share 5 modules
    version_info = 2 * 18 if version >= 7 else 0
    finders = 3 * 8 * 8  # with their separators
    timing = 2 * (size - 16)
    format_info = 2 * 15 + 1  # and the dark module
    return size * size - finders - timing - format_info - alignment - version_info


@functools.cache
def rs_blocks(version: int, ec_level: EcLevel) -> tuple[tuple[int, int], ...]:
    """`(total_codewords, data_codewords)` of each error-correction block, shorter first.

    The symbol's codewords are shared out as evenly as possible among the blocks, and each
    block ends in the same number of error-correction codewords.
    """
    total = data_modules(version) // 8
    count = _BLOCK_COUNT[ec_level][version - 1]
    ecc = _ECC_PER_BLOCK[ec_level][version - 1]
    short, longer = total // count, total % count
    return tuple(
        (length, length - ecc) for length in [short] * (count - longer) + [short + 1] * longer
    )


def data_capacity_bits(version: int, ec_level: EcLevel) -> int:
    """Bits available for segments at this version and level."""
    return 8 * sum(data for _, data in rs_blocks(version, ec_level))


def _bch(value: int, generator: int) -> int:
    """`value` followed by the remainder of its division by `generator` over GF(2)."""
    shifted = value << (generator.bit_length() - 1)
    rem = shifted
    while rem.bit_length() >= generator.bit_length():
        rem ^= generator << (rem.bit_length() - generator.bit_length())
    return shifted | rem


def format_bits(ec_level: EcLevel, mask: int) -> int:
    """The 15-bit format information: a BCH(15,5) word, XORed so it is never all light."""
    return _bch((EC_BITS[ec_level] << 3) | mask, 0b10100110111) ^ 0b101010000010010


def version_bits(version: int) -> int:
    """The 18-bit version information of versions 7 and up: a BCH(18,6) word."""
    return _bch(version, 0b1111100100101)
