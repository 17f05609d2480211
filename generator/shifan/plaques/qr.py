"""The plaque QR code: `SITE_URL/v/#DIGITS` as a byte segment plus a numeric segment.

A plaque's URL is two segments: the site prefix (`https://host/path/v/#`) in byte mode and
the token's decimal digits (docs/token.md) in numeric mode, which packs 3 digits into 10
bits. The symbol uses error-correction level Q (25 % recovery, right for a plaque outdoors)
and the smallest version that holds both segments.

The encoder is our own, small and fast: issuing and rendering 10,000 plaques has a time
budget, and the `qrcode` package spends ~19 ms per symbol (most of it scoring masks through
generic code), while this spends ~2 ms. It takes the standard's tables (block structure,
alignment positions, BCH format/version words) from `qrcode`, and the tests check that it
produces the same codewords and the same matrix as `qrcode` for every mask.
"""

from __future__ import annotations

import functools
import operator
import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Literal

from qrcode import base as _qr_base
from qrcode import util as _qr_util

from shifan.errors import ShifanError

QUIET_ZONE = 4
"""Light modules around the symbol on every side (ISO/IEC 18004 requires 4)."""

EcLevel = Literal["L", "M", "Q", "H"]
_EC_BITS: dict[str, int] = {"L": 1, "M": 0, "Q": 3, "H": 2}  # format-information codes
PLAQUE_EC: EcLevel = "Q"
MAX_VERSION = 40


@dataclass(frozen=True, slots=True)
class QrMatrix:
    """An encoded QR symbol, without its quiet zone.

    `rows[r][c]` is `"1"` for a dark module. Renderers add `QUIET_ZONE` light modules on
    every side (`size_with_quiet_zone`).
    """

    version: int
    ec_level: EcLevel
    mask: int
    rows: tuple[str, ...]

    @property
    def size(self) -> int:
        return len(self.rows)

    @property
    def size_with_quiet_zone(self) -> int:
        return self.size + 2 * QUIET_ZONE

    def dark(self, row: int, col: int) -> bool:
        return self.rows[row][col] == "1"

    def runs(self) -> Iterable[tuple[int, int, int]]:
        """Horizontal runs of dark modules as `(row, first_col, length)`, row by row."""
        for r, line in enumerate(self.rows):
            for m in _DARK_RUN.finditer(line):
                yield r, m.start(), m.end() - m.start()


_DARK_RUN = re.compile("1+")


def plaque_url(site_url: str, digits: str) -> str:
    """The text a plaque's QR holds: `SITE_URL/v/#DIGITS` (one slash between)."""
    return url_prefix(site_url) + digits


def url_prefix(site_url: str) -> str:
    if not site_url.startswith(("https://", "http://")):
        raise ShifanError(
            f"site address {site_url!r} is not an http(s) URL",
            hint="set `site_url` in mkdocs.yml (or --site-url) to e.g. https://shifan.example.cn/",
        )
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


@functools.cache
def _blocks(version: int, ec_level: EcLevel) -> tuple[tuple[int, int], ...]:
    """`(total_codewords, data_codewords)` of each error-correction block."""
    blocks = _qr_base.rs_blocks(version, _EC_BITS[ec_level])
    return tuple((b.total_count, b.data_count) for b in blocks)


def _capacity_bits(version: int, ec_level: EcLevel) -> int:
    return 8 * sum(data for _, data in _blocks(version, ec_level))


def _fit_version(byte_len: int, digit_len: int, ec_level: EcLevel) -> int:
    for version in range(1, MAX_VERSION + 1):
        byte_count, num_count = _count_bits(version)
        if byte_len >= 1 << byte_count or digit_len >= 1 << num_count:
            continue
        if _segment_bits(version, byte_len, digit_len) <= _capacity_bits(version, ec_level):
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
    capacity = _capacity_bits(version, ec_level)
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
    for total, count in _blocks(version, ec_level):
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

_MASKS: tuple[Callable[[int, int], bool], ...] = (
    lambda r, c: (r + c) % 2 == 0,
    lambda r, c: r % 2 == 0,
    lambda r, c: c % 3 == 0,
    lambda r, c: (r + c) % 3 == 0,
    lambda r, c: (r // 2 + c // 3) % 2 == 0,
    lambda r, c: (r * c) % 2 + (r * c) % 3 == 0,
    lambda r, c: ((r * c) % 2 + (r * c) % 3) % 2 == 0,
    lambda r, c: ((r + c) % 2 + (r * c) % 3) % 2 == 0,
)


@dataclass(frozen=True, slots=True)
class _Template:
    size: int
    base: tuple[int, ...]  # function patterns (without format information), as row ints
    positions: tuple[tuple[int, int], ...]  # data modules in placement order
    pickers: tuple[Callable[[str], tuple[str, ...]], ...]  # per row: its cells from the bits
    masks: tuple[tuple[int, ...], ...]  # per mask: its pattern on data modules, as row ints


def _row_int(row: Iterable[bool]) -> int:
    return int("".join("1" if v else "0" for v in row) or "0", 2)


@functools.cache
def _template(version: int) -> _Template:
    size = 17 + 4 * version
    dark = [[False] * size for _ in range(size)]
    func = [[False] * size for _ in range(size)]

    def put(r: int, c: int, value: bool) -> None:
        dark[r][c] = value
        func[r][c] = True

    for r0, c0 in ((0, 0), (0, size - 7), (size - 7, 0)):
        for dr in range(-1, 8):
            for dc in range(-1, 8):
                r, c = r0 + dr, c0 + dc
                if 0 <= r < size and 0 <= c < size:
                    ring = max(abs(dr - 3), abs(dc - 3))
                    put(r, c, ring != 2 and ring != 4)
    centres = _qr_util.pattern_position(version)
    for r0 in centres:
        for c0 in centres:
            if func[r0][c0]:
                continue  # overlaps a finder pattern
            for dr in range(-2, 3):
                for dc in range(-2, 3):
                    put(r0 + dr, c0 + dc, max(abs(dr), abs(dc)) != 1)
    for i in range(8, size - 8):  # timing patterns (agree with alignment patterns they cross)
        put(6, i, i % 2 == 0)
        put(i, 6, i % 2 == 0)
    for i in range(9):  # format information areas (filled per mask) and the dark module
        func[8][i] = func[i][8] = True
    for i in range(8):
        func[8][size - 1 - i] = func[size - 1 - i][8] = True
    put(size - 8, 8, True)
    if version >= 7:
        bits = _qr_util.BCH_type_number(version)
        for i in range(18):
            on = (bits >> i) & 1 == 1
            put(i // 3, i % 3 + size - 11, on)
            put(i % 3 + size - 11, i // 3, on)

    positions: list[tuple[int, int]] = []
    right = size - 1
    while right >= 1:
        if right == 6:
            right = 5
        upward = (right + 1) & 2 == 0
        for vert in range(size):
            r = size - 1 - vert if upward else vert
            for c in (right, right - 1):
                if not func[r][c]:
                    positions.append((r, c))
        right -= 2
    masks = tuple(
        tuple(_row_int(not func[r][c] and fn(r, c) for c in range(size)) for r in range(size))
        for fn in _MASKS
    )
    # Row r's cells read from the placed bit string; function modules read a trailing "0".
    source = [[len(positions)] * size for _ in range(size)]
    for i, (r, c) in enumerate(positions):
        source[r][c] = i
    pickers = tuple(operator.itemgetter(*row) for row in source)
    base = tuple(_row_int(row) for row in dark)
    return _Template(size, base, tuple(positions), pickers, masks)


@functools.cache
def _format_rows(size: int, ec_level: EcLevel, mask: int) -> tuple[int, ...]:
    bits = _qr_util.BCH_type_info((_EC_BITS[ec_level] << 3) | mask)
    grid = [[False] * size for _ in range(size)]
    for i in range(15):
        on = (bits >> i) & 1 == 1
        grid[i if i < 6 else i + 1 if i < 8 else size - 15 + i][8] = on
        grid[8][size - i - 1 if i < 8 else 15 - i if i < 9 else 14 - i] = on
    return tuple(_row_int(row) for row in grid)


def encode_segments(prefix: bytes, digits: str, ec_level: EcLevel = PLAQUE_EC) -> QrMatrix:
    """Encode a byte segment then a numeric segment at the smallest version that fits."""
    version = _fit_version(len(prefix), len(digits), ec_level)
    codewords = all_codewords(data_codewords(prefix, digits, version, ec_level), version, ec_level)
    return matrix_for(codewords, version, ec_level)


def matrix_for(
    codewords: bytes, version: int, ec_level: EcLevel, mask: int | None = None
) -> QrMatrix:
    """Place `codewords` and apply `mask` (default: the lowest-penalty one)."""
    tpl = _template(version)
    size = tpl.size
    bits = format(int.from_bytes(codewords, "big"), f"0{8 * len(codewords)}b")
    bits = bits[: len(tpl.positions)].ljust(len(tpl.positions) + 1, "0")
    data = [int("".join(pick(bits)), 2) for pick in tpl.pickers]
    best: tuple[int, int, tuple[str, ...]] | None = None
    for m in range(8) if mask is None else (mask,):
        fmt = _format_rows(size, ec_level, m)
        rows = tuple(
            format(d ^ mk | b | f, f"0{size}b")
            for d, mk, b, f in zip(data, tpl.masks[m], tpl.base, fmt, strict=True)
        )
        score = 0 if mask is not None else penalty(rows)
        if best is None or score < best[0]:
            best = (score, m, rows)
    assert best is not None
    return QrMatrix(version=version, ec_level=ec_level, mask=best[1], rows=best[2])


@functools.cache
def _line_masks(size: int) -> tuple[int, int]:
    """For `size` lines of `size` modules joined by one separator bit: (modules, total)."""
    slot = "1" * size
    modules = int("0".join([slot] * size), 2)
    return modules, (1 << (size * (size + 1) - 1)) - 1


def penalty(rows: tuple[str, ...]) -> int:
    """The ISO/IEC 18004 mask penalty (N1 runs, N2 blocks, N3 finder-likes, N4 balance).

    Lines (rows, then columns) are packed into one big integer, with a light separator
    bit between lines (or, for finder-likes, 4 light modules each side), so each rule is
    a handful of big-integer operations instead of a loop over modules.
    """
    size = len(rows)
    cols = ["".join(col) for col in zip(*rows, strict=True)]
    score = 0
    padded = "".join(f"0000{line}0000" for line in (*rows, *cols))
    light_ok = (1 << len(padded)) - 1
    dark = int(padded, 2)
    light = light_ok ^ dark
    for pattern in ("10111010000", "00001011101"):  # finder-like, light on either side
        hits = light_ok
        for k, ch in enumerate(pattern):
            hits &= (dark if ch == "1" else light) >> (10 - k)
        score += 40 * hits.bit_count()
    modules, total = _line_masks(size)
    by_rows = int("0".join(rows), 2)
    by_cols = int("0".join(cols), 2)
    for a in (by_rows, modules ^ by_rows, by_cols, modules ^ by_cols):
        # bit i of w: 5 modules of one colour from i on; a run of n >= 5 scores n - 2,
        # i.e. its (n - 4) windows plus 2 for its first window.
        w = a & (a >> 1) & (a >> 2) & (a >> 3) & (a >> 4)
        score += w.bit_count() + 2 * (w & ~(w << 1)).bit_count()
    slot = size + 1
    for a in (by_rows, modules ^ by_rows):  # 2x2 blocks of one colour
        below = (a << slot) & total
        score += 3 * (a & below & (a >> 1) & (below >> 1)).bit_count()
    cells = size * size
    darks = by_rows.bit_count()
    k = (abs(darks * 20 - cells * 10) + cells - 1) // cells - 1
    return score + 10 * max(k, 0)
