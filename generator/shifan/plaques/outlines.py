"""Text as glyph outlines, for SVG artwork that prints the same on any machine.

A print shop's software may lack the CJK font named in the SVG; `render_svg(...,
outlines=True)` replaces each `<text>` with the glyphs' outlines taken from the font file
(fontTools): every distinct glyph once in `<defs>`, placed with `<use>`. The text stays
available to search and screen readers as the group's `aria-label`.
"""

from __future__ import annotations

import functools
import html
from dataclasses import dataclass
from typing import Any

from shifan.plaques.fonts import CjkFont


@dataclass(frozen=True, slots=True)
class _Face:
    units_per_em: int
    cmap: dict[int, str]
    glyphs: Any  # fontTools glyph set


@functools.cache
def _face(font: CjkFont) -> _Face:
    from fontTools.ttLib import TTFont

    tt = TTFont(str(font.path), fontNumber=font.index, lazy=True)
    return _Face(int(tt["head"].unitsPerEm), dict(tt.getBestCmap()), tt.getGlyphSet())


@functools.cache
def _glyph_path(font: CjkFont, name: str) -> str:
    from fontTools.pens.svgPathPen import SVGPathPen

    pen = SVGPathPen(_face(font).glyphs)
    _face(font).glyphs[name].draw(pen)
    return str(pen.getCommands())


class GlyphDefs:
    """Collects the glyphs one SVG document uses; `defs()` emits them once each."""

    def __init__(self, font: CjkFont) -> None:
        self.font = font
        self.ids: dict[str, str] = {}

    def _id(self, name: str) -> str:
        if name not in self.ids:
            self.ids[name] = f"g{len(self.ids)}"
        return self.ids[name]

    def text(self, text: str, *, x: float, y: float, size: float, width: float, fill: str) -> str:
        """A group drawing `text` from its left baseline point (x, y), `width` mm wide."""
        face = _face(self.font)
        uses = []
        advance = 0
        for ch in text:
            name = face.cmap.get(ord(ch), ".notdef")
            if _glyph_path(self.font, name):
                uses.append(f'<use href="#{self._id(name)}" x="{advance}"/>')
            advance += int(face.glyphs[name].width)
        scale = size / face.units_per_em
        stretch = width / (advance * scale) if advance and width else 1.0
        label = html.escape(text, quote=True)
        return (
            f'<g role="img" aria-label="{label}" fill="{fill}" '
            f'transform="translate({x:.3f} {y:.3f}) scale({scale * stretch:.6f} {-scale:.6f})">'
            + "".join(uses)
            + "</g>\n"
        )

    def defs(self) -> str:
        paths = "".join(
            f'<path id="{gid}" d="{_glyph_path(self.font, name)}"/>'
            for name, gid in self.ids.items()
        )
        return f"<defs>{paths}</defs>\n"
