"""The plaque QR code: `SITE_URL/v/#DIGITS` as a byte segment plus a numeric segment.

A plaque's URL is two segments: the site prefix (`https://host/path/v/#`) in byte mode and
the token's decimal digits (docs/token.md) in numeric mode, which packs 3 digits into 10
bits. The symbol uses error-correction level Q (25 % recovery, right for a plaque outdoors)
and the smallest version that holds both segments.

The encoder is our own, small and fast: issuing and rendering 10,000 plaques has a time
budget, and the `qrcode` package spends ~19 ms per symbol (most of it scoring masks through
generic code), while this spends well under 1 ms. The standard's tables are ours too
(`qr_tables`), so no other package's private modules are reached into; `qrcode` is only the
tests' oracle: they check that this produces the same codewords and the same matrix as
`qrcode` for every mask, and that a real decoder reads it. This module builds the bit
stream and error correction; `qr_matrix` builds the symbol.
"""

from __future__ import annotations

import functools
from collections import Counter
from collections.abc import Iterable

from shifan.errors import ShifanError
from shifan.plaques.qr_matrix import QUIET_ZONE as QUIET_ZONE
from shifan.plaques.qr_matrix import QrMatrix, matrix_for
from shifan.plaques.qr_tables import MAX_VERSION, EcLevel, data_capacity_bits, rs_blocks
from shifan.urls import check_site_url

PLAQUE_EC: EcLevel = "Q"


def plaque_url(site_url: str, digits: str) -> str:
    """The text a plaque's QR holds: `SITE_URL/v/#DIGITS` (one slash between)."""
    return url_prefix(site_url) + digits


def url_prefix(site_url: str) -> str:
    check_site_url(site_url)
    return site_url.rstrip("/") + "/v/#"


def encode_plaque_url(site_url: str, digits: str, ec_level: EcLevel = PLAQUE_EC) -> QrMatrix:
    """The QR symbol for a plaque: byte segment for the prefix, numeric for the digits."""
    if not digits.isascii() or not digits.isdigit():
        raise ShifanError("a plaque token must be decimal digits (see docs/token.md)")
    prefix = url_prefix(site_url).encode("utf-8")
    return encode_segments(prefix, digits, ec_level)


def qr_version_histogram(tokens: Iterable[str], site_url: str) -> Counter[int]:
    """How many of `tokens` (decimal text form) need each QR version at level Q."""
    prefix_len = len(url_prefix(site_url).encode("utf-8"))
    return Counter(_fit_version(prefix_len, len(t), PLAQUE_EC) for t in tokens)


# ------------------------------------------------------------------ bit stream and fitting

_NUMERIC_TAIL_BITS = (0, 4, 7)


def _count_bits(version: int) -> tuple[int, int]:
    """Character-count field widths (byte mode, numeric mode) for a version."""
    if version <= 9:
        return 8, 10
    if version <= 26:
        return 16, 12
    return 16, 14


def _segment_bits(version: int, byte_len: int, digit_len: int) -> int:
    byte_count, num_count = _count_bits(version)
    numeric = (digit_len // 3) * 10 + _NUMERIC_TAIL_BITS[digit_len % 3]
    return 4 + byte_count + 8 * byte_len + 4 + num_count + numeric


def _fit_version(byte_len: int, digit_len: int, ec_level: EcLevel) -> int:
    for version in range(1, MAX_VERSION + 1):
        byte_count, num_count = _count_bits(version)
        if byte_len >= 1 << byte_count or digit_len >= 1 << num_count:
            continue
        if _segment_bits(version, byte_len, digit_len) <= data_capacity_bits(version, ec_level):
            return version
    raise ShifanError(
        f"a {byte_len}-byte site address with a {digit_len}-digit token fits no QR version",
        hint="use a shorter site address",
    )


def data_codewords(prefix: bytes, digits: str, version: int, ec_level: EcLevel) -> bytes:
    """The data codewords (before error correction) of the two segments, padded."""
    byte_count, num_count = _count_bits(version)
    parts = ["0100", format(len(prefix), f"0{byte_count}b")]
    parts.extend(format(b, "08b") for b in prefix)
    parts += ["0001", format(len(digits), f"0{num_count}b")]
    for i in range(0, len(digits), 3):
        group = digits[i : i + 3]
        parts.append(format(int(group), f"0{(10, 4, 7)[len(group) % 3]}b"))
    capacity = data_capacity_bits(version, ec_level)
    bits = "".join(parts)
    bits += "0" * min(4, capacity - len(bits))
    bits += "0" * (-len(bits) % 8)
    data = bytearray(int(bits[i : i + 8], 2) for i in range(0, len(bits), 8))
    pad = (0xEC, 0x11)
    while len(data) < capacity // 8:
        data.append(pad[(len(data) - len(bits) // 8) % 2])
    return bytes(data)


# ------------------------------------------------------------------ Reed-Solomon over GF(256)

_EXP = [0] * 512
_LOG = [0] * 256
_x = 1
for _i in range(255):
    _EXP[_i] = _x
    _LOG[_x] = _i
    _x <<= 1
    if _x & 0x100:
        _x ^= 0x11D
for _i in range(255, 512):
    _EXP[_i] = _EXP[_i - 255]


@functools.cache
def _generator(degree: int) -> tuple[int, ...]:
    """Coefficients (highest first, leading 1 dropped) of prod(x - a^i), i < degree."""
    poly = [1]
    for i in range(degree):
        nxt = [*poly, 0]
        for j, coef in enumerate(poly):
            if coef:
                nxt[j + 1] ^= _EXP[_LOG[coef] + i]
        poly = nxt
    return tuple(poly[1:])


@functools.cache
def _ecc_table(degree: int) -> tuple[int, ...]:
    """For each factor f: the product f * generator, as a `degree`-byte integer."""
    gen = _generator(degree)
    table = [0]
    for f in range(1, 256):
        lf = _LOG[f]
        table.append(int.from_bytes(bytes(_EXP[lf + _LOG[g]] if g else 0 for g in gen), "big"))
    return tuple(table)


def _ecc(data: bytes, degree: int) -> bytes:
    """The remainder of data(x) * x^degree divided by the generator polynomial."""
    table = _ecc_table(degree)
    shift = 8 * (degree - 1)
    full = (1 << (8 * degree)) - 1
    rem = 0
    for byte in data:
        rem = ((rem << 8) & full) ^ table[byte ^ (rem >> shift)]
    return rem.to_bytes(degree, "big")


def all_codewords(data: bytes, version: int, ec_level: EcLevel) -> bytes:
    """Data and error-correction codewords, split into blocks and interleaved."""
    data_blocks: list[bytes] = []
    ecc_blocks: list[bytes] = []
    at = 0
    for total, count in rs_blocks(version, ec_level):
        block = data[at : at + count]
        at += count
        data_blocks.append(block)
        ecc_blocks.append(_ecc(block, total - count))
    out = bytearray()
    for i in range(max(len(b) for b in data_blocks)):
        out.extend(b[i] for b in data_blocks if i < len(b))
    for i in range(len(ecc_blocks[0])):
        out.extend(b[i] for b in ecc_blocks)
    return bytes(out)


# ------------------------------------------------------------------ the matrix


def encode_segments(prefix: bytes, digits: str, ec_level: EcLevel = PLAQUE_EC) -> QrMatrix:
    """Encode a byte segment then a numeric segment at the smallest version that fits."""
    version = _fit_version(len(prefix), len(digits), ec_level)
    codewords = all_codewords(data_codewords(prefix, digits, version, ec_level), version, ec_level)
    return matrix_for(codewords, version, ec_level)
