"""The QR symbol: function patterns, codeword placement, masking and mask choice.

Each version's fixed parts are computed once. The symbol is then handled as two big
integers, one holding the rows and one the columns, each line padded with 4 light modules
on either side. Placing the codewords is one table lookup per layout; applying a mask is
one XOR; and every penalty rule of ISO/IEC 18004 §7.8.3 is a few shifts and ANDs over
whole integers, so choosing among the 8 masks costs well under a millisecond.
"""

from __future__ import annotations

import functools
import operator
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from shifan.plaques.qr_tables import (
    EcLevel,
    alignment_positions,
    format_bits,
    symbol_size,
    version_bits,
)

QUIET_ZONE = 4
"""Light modules around the symbol on every side (ISO/IEC 18004 requires 4)."""
PAD = 4
"""Light modules each side of a line in the packed layout (finder-likes need 4)."""


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

Packed = tuple[int, int]
"""A module grid as (rows layout, columns layout) big integers."""


def _pack_text(lines: Iterable[str]) -> str:
    pad = "0" * PAD
    return "".join(f"{pad}{line}{pad}" for line in lines)


def _pack(grid: list[list[bool]]) -> Packed:
    rows = ["".join("1" if v else "0" for v in row) for row in grid]
    cols = ["".join(col) for col in zip(*rows, strict=True)]
    return int(_pack_text(rows), 2), int(_pack_text(cols), 2)


@dataclass(frozen=True, slots=True)
class _Template:
    size: int
    base: Packed  # function patterns (format information excluded)
    data_count: int  # number of data modules
    pick_rows: Callable[[str], tuple[str, ...]]  # placed bit string -> rows layout chars
    pick_cols: Callable[[str], tuple[str, ...]]
    masks: tuple[Packed, ...]  # per mask: its pattern on data modules


@functools.cache
def _template(version: int) -> _Template:
    size = symbol_size(version)
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
    centres = alignment_positions(version)
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
        bits = version_bits(version)
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
    # Each packed cell reads its bit from the placed bit string; padding and function
    # modules read the string's trailing "0".
    light = len(positions)
    source = [[light] * size for _ in range(size)]
    for i, (r, c) in enumerate(positions):
        source[r][c] = i
    pad = [light] * PAD
    by_rows = [i for row in source for i in (*pad, *row, *pad)]
    by_cols = [i for col in zip(*source, strict=True) for i in (*pad, *col, *pad)]
    masks = tuple(
        _pack([[not func[r][c] and fn(r, c) for c in range(size)] for r in range(size)])
        for fn in _MASKS
    )
    return _Template(
        size=size,
        base=_pack(dark),
        data_count=len(positions),
        pick_rows=operator.itemgetter(*by_rows),
        pick_cols=operator.itemgetter(*by_cols),
        masks=masks,
    )


@functools.cache
def _format_info(size: int, ec_level: EcLevel, mask: int) -> Packed:
    bits = format_bits(ec_level, mask)
    grid = [[False] * size for _ in range(size)]
    for i in range(15):
        on = (bits >> i) & 1 == 1
        grid[i if i < 6 else i + 1 if i < 8 else size - 15 + i][8] = on
        grid[8][size - i - 1 if i < 8 else 15 - i if i < 9 else 14 - i] = on
    return _pack(grid)


def matrix_for(
    codewords: bytes, version: int, ec_level: EcLevel, mask: int | None = None
) -> QrMatrix:
    """Place `codewords` and apply `mask` (default: the lowest-penalty one)."""
    tpl = _template(version)
    size = tpl.size
    bits = format(int.from_bytes(codewords, "big"), f"0{8 * len(codewords)}b")
    bits = bits[: tpl.data_count].ljust(tpl.data_count + 1, "0")  # + remainder bits, "0"
    data_rows = int("".join(tpl.pick_rows(bits)), 2)
    data_cols = int("".join(tpl.pick_cols(bits)), 2)
    base_rows, base_cols = tpl.base
    best: tuple[int, int, int] | None = None
    for m in range(8) if mask is None else (mask,):
        fmt_rows, fmt_cols = _format_info(size, ec_level, m)
        mask_rows, mask_cols = tpl.masks[m]
        rows = data_rows ^ mask_rows | base_rows | fmt_rows
        if mask is None:
            cols = data_cols ^ mask_cols | base_cols | fmt_cols
            score = packed_penalty(rows, cols, size)
        else:
            score = 0
        if best is None or score < best[0]:
            best = (score, m, rows)
    assert best is not None
    return QrMatrix(version, ec_level, best[1], unpack(best[2], size))


def unpack(rows: int, size: int) -> tuple[str, ...]:
    slot = size + 2 * PAD
    text = format(rows, f"0{slot * size}b")
    return tuple(text[i * slot + PAD : i * slot + PAD + size] for i in range(size))


@functools.cache
def _layout(size: int) -> tuple[int, int]:
    """(ones on every module of the packed layout, ones on every bit of it)."""
    modules = int(_pack_text(["1" * size] * size), 2)
    return modules, (1 << ((size + 2 * PAD) * size)) - 1


def penalty(rows: tuple[str, ...]) -> int:
    """The mask penalty of a symbol given as row strings (see `packed_penalty`)."""
    cols = ["".join(col) for col in zip(*rows, strict=True)]
    return packed_penalty(int(_pack_text(rows), 2), int(_pack_text(cols), 2), len(rows))


def packed_penalty(rows: int, cols: int, size: int) -> int:
    """ISO/IEC 18004 mask penalty: N1 runs, N2 2×2 blocks, N3 finder-likes, N4 balance.

    Padding bits are light for finder-likes (the area outside the symbol is light) and
    belong to no colour for runs and blocks (they are masked out of both).
    """
    modules, everything = _layout(size)
    score = 0
    for dark in (rows, cols):
        light = everything ^ dark  # padding counts as light here
        for pattern in ("10111010000", "00001011101"):  # 1:1:3:1:1 with 4 light beside
            hits = everything
            for k, ch in enumerate(pattern):
                hits &= (dark if ch == "1" else light) >> (10 - k)
            score += 40 * hits.bit_count()
        for a in (dark, modules ^ dark):
            # bit i of w: 5 modules of one colour from i on; a run of n >= 5 scores n - 2,
            # i.e. its (n - 4) windows plus 2 for its first window.
            w = a & (a >> 1) & (a >> 2) & (a >> 3) & (a >> 4)
            score += w.bit_count() + 2 * (w & ~(w << 1)).bit_count()
    slot = size + 2 * PAD
    for a in (rows, modules ^ rows):  # 2×2 blocks of one colour
        below = (a << slot) & everything
        score += 3 * (a & below & (a >> 1) & (below >> 1)).bit_count()
    cells = size * size
    darks = rows.bit_count()
    k = (abs(darks * 20 - cells * 10) + cells - 1) // cells - 1
    return score + 10 * max(k, 0)
