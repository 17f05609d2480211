"""A page of artwork as a few drawing primitives in millimetres (origin top-left, y down).

Layouts (`shifan.plaques.artwork`) build a `Scene`; backends (`shifan.plaques.backends`)
draw it as SVG, PDF or PNG, so the three formats agree to the millimetre. Text is measured
with the embedded font's metrics and always fitted into its box: a long name shrinks and
wraps, it never runs over the edge.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from shifan.plaques.qr_matrix import QrMatrix

Anchor = Literal["start", "middle", "end"]
Measure = Callable[[str, float], float]
"""`measure(text, size) -> width`, in the unit of `size`."""


@dataclass(frozen=True, slots=True)
class Text:
    x: float  # the anchor point on the baseline
    y: float
    size: float  # font size (em) in mm
    text: str
    width: float  # measured advance width at `size`, in mm
    anchor: Anchor = "middle"
    fill: str = "#1a1a1a"


@dataclass(frozen=True, slots=True)
class Rect:
    x: float
    y: float
    w: float
    h: float
    stroke: str | None = None
    stroke_width: float = 0.0
    fill: str | None = None


@dataclass(frozen=True, slots=True)
class Circle:
    """An outlined circle, dashed when `dash` (mm) is set: the place of the official seal."""

    cx: float
    cy: float
    r: float
    stroke: str
    stroke_width: float
    dash: float | None = None


@dataclass(frozen=True, slots=True)
class Qr:
    """A QR symbol whose quiet zone's top-left corner is at (x, y); `module` mm per module."""

    x: float
    y: float
    module: float
    matrix: QrMatrix

    @property
    def extent(self) -> float:
        return self.module * self.matrix.size_with_quiet_zone


Item = Text | Rect | Circle | Qr


@dataclass(frozen=True, slots=True)
class Scene:
    width: float  # mm
    height: float  # mm
    title: str  # document title (PDF/SVG metadata)
    items: tuple[Item, ...]

    @property
    def qr(self) -> Qr:
        for item in self.items:
            if isinstance(item, Qr):
                return item
        raise ValueError("this scene has no QR code")

    @property
    def seal(self) -> Circle | None:
        """The marked place of the official seal (公章), if the page has one."""
        return next((item for item in self.items if isinstance(item, Circle)), None)


def clean(text: str) -> str:
    """Roster text made printable: control/format characters dropped, spaces collapsed."""
    kept = "".join(" " if unicodedata.category(ch)[0] in "CZ" else ch for ch in text)
    return " ".join(kept.split())


def fit_line(
    text: str, measure: Measure, *, x: float, y: float, max_width: float, size: float, **kw: str
) -> Text:
    """One line at `size`, or smaller so that it is at most `max_width` wide."""
    width = measure(text, size)
    if width > max_width:
        size *= max_width / width
        width = measure(text, size)
    anchor: Anchor = kw.get("anchor", "middle")  # type: ignore[assignment]
    return Text(x, y, size, text, width, anchor, kw.get("fill", "#1a1a1a"))


def fit_block(
    text: str,
    measure: Measure,
    *,
    x: float,
    top: float,
    width: float,
    height: float,
    max_size: float,
    max_lines: int = 3,
    leading: float = 1.3,
    fill: str = "#1a1a1a",
) -> tuple[Text, ...]:
    """`text` centred on `x` within a `width` × `height` box, in 1…`max_lines` lines.

    Picks the line count giving the largest font size (fewest lines on ties: within 5 %),
    but never settles below the size that all `max_lines` lines allow while more lines give
    more; the size is whatever fits, so an absurdly long text becomes small rather than
    overflowing.
    """
    floor = height / (max_lines * leading)  # the size of a text that fills every line
    best: tuple[float, list[str]] | None = None
    for n in range(1, max_lines + 1):
        lines = _split_into(text, measure, n) if n > 1 else [text]
        if len(lines) != n:
            continue
        widest = max(measure(line, 1.0) for line in lines) or 1.0
        size = min(max_size, width / widest, height / (n * leading))
        if best is None or size > best[0] * (1.05 if best[0] >= floor else 1.0):
            best = (size, lines)
    assert best is not None
    size, lines = best
    block = size * leading * len(lines)
    first_baseline = top + (height - block) / 2 + size * (leading - 1) / 2 + size * 0.88
    return tuple(
        fit_line(line, measure, x=x, y=first_baseline + i * size * leading, max_width=width,
                 size=size, fill=fill)
        for i, line in enumerate(lines)
    )  # fmt: skip


def _split(text: str, measure: Measure, target: float) -> list[str]:
    """Greedy split into lines about `target` wide (at size 1); CJK breaks anywhere.

    Breaks at a space when one falls in the last third of a line, so Latin words stay whole
    where they can.
    """
    lines: list[str] = []
    current, width = "", 0.0
    for ch in text:
        w = measure(ch, 1.0)
        if current and width + w > target * 1.001:
            cut = current.rfind(" ")
            if cut > len(current) * 2 // 3:
                lines.append(current[:cut])
                current = current[cut + 1 :]
            else:
                lines.append(current)
                current = ""
            width = measure(current, 1.0)
            if ch == " " and not current:
                continue
        current += ch
        width += w
    if current:
        lines.append(current)
    return [line.strip() for line in lines if line.strip()]


def _split_into(text: str, measure: Measure, n: int) -> list[str]:
    """At most `n` lines of roughly equal width."""
    target = measure(text, 1.0) / n
    lines = _split(text, measure, target)
    for _ in range(40):
        if len(lines) <= n:
            break
        target *= 1.03
        lines = _split(text, measure, target)
    return lines
