"""Drawing a `Scene` as SVG (text), PDF (embedded font subset) or PNG (raster).

All three are deterministic: the same scene gives the same bytes. Roster text reaches SVG
only through XML escaping and reaches PDF only as text strings drawn with `drawString`
(no markup is ever interpreted).
"""

from __future__ import annotations

import functools
import html
import io
import math
import re

from PIL import Image, ImageDraw, ImageFont

from shifan.plaques.fonts import SVG_FONT_STACK, CjkFont, register_for_pdf
from shifan.plaques.outlines import GlyphDefs
from shifan.plaques.qr import QUIET_ZONE
from shifan.plaques.scene import Circle, Qr, Rect, Scene, Text

PT_PER_MM = 72 / 25.4


def _n(value: float) -> str:
    """A coordinate for SVG: at most 3 decimals, no trailing zeros."""
    text = f"{value:.3f}".rstrip("0").rstrip(".")
    return "0" if text in ("", "-0") else text


def _attr(value: str) -> str:
    return html.escape(value, quote=True)


# ------------------------------------------------------------------ SVG


class _RunPieces(dict[str, str]):
    """Path text for a gap-then-run string like `"0011"`, made once and reused."""

    def __missing__(self, key: str) -> str:
        ones = len(key) - key.index("1")
        gap = len(key) - ones
        # From the top-left of the gap: move over it, then left edge, bottom, right edge;
        # ending at the run's top-right corner, where the next gap starts. SVG fills an
        # open subpath as if closed, which supplies the top edge.
        move = f"m{gap} 0" if gap else ""
        piece = f"{move}v1h{ones}v-1"
        self[key] = piece
        return piece


_PIECES = _RunPieces()
_GAP_RUN = re.compile("0*1+")


def qr_path_data(qr: Qr) -> str:
    """The dark modules as one path: a rectangle per horizontal run, in module units."""
    out = []
    for r, row in enumerate(qr.matrix.rows):
        pieces = _GAP_RUN.findall(row)
        if pieces:
            out.append(f"M{QUIET_ZONE} {r + QUIET_ZONE}")
            out.extend(map(_PIECES.__getitem__, pieces))
    return "".join(out)


def to_svg(scene: Scene, outline_font: CjkFont | None = None) -> str:
    """A standalone SVG document sized in millimetres (`width="400mm"`).

    Text is `<text>` naming the CJK font stack, or, with `outline_font`, that font's glyph
    outlines (see `shifan.plaques.outlines`).
    """
    glyphs = GlyphDefs(outline_font) if outline_font else None
    out = [
        '<?xml version="1.0" encoding="UTF-8"?>\n',
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{_n(scene.width)}mm" '
        f'height="{_n(scene.height)}mm" viewBox="0 0 {_n(scene.width)} {_n(scene.height)}">\n',
        f"<title>{html.escape(scene.title, quote=False)}</title>\n",
        f'<g font-family="{_attr(SVG_FONT_STACK)}">\n',
    ]
    for item in scene.items:
        if isinstance(item, Rect):
            fill = item.fill or "none"
            stroke = (
                f' stroke="{item.stroke}" stroke-width="{_n(item.stroke_width)}"'
                if item.stroke
                else ""
            )
            out.append(
                f'<rect x="{_n(item.x)}" y="{_n(item.y)}" width="{_n(item.w)}" '
                f'height="{_n(item.h)}" fill="{fill}"{stroke}/>\n'
            )
        elif isinstance(item, Circle):
            dash = f' stroke-dasharray="{_n(item.dash)}"' if item.dash else ""
            out.append(
                f'<circle cx="{_n(item.cx)}" cy="{_n(item.cy)}" r="{_n(item.r)}" fill="none" '
                f'stroke="{item.stroke}" stroke-width="{_n(item.stroke_width)}"{dash}/>\n'
            )
        elif isinstance(item, Text) and glyphs:
            left = item.x - {"start": 0.0, "middle": item.width / 2, "end": item.width}[item.anchor]
            out.append(glyphs.text(item.text, x=left, y=item.y, size=item.size, width=item.width,
                                   fill=item.fill))  # fmt: skip
        elif isinstance(item, Text):
            fit = (
                f' textLength="{_n(item.width)}" lengthAdjust="spacingAndGlyphs"'
                if item.width > 0
                else ""
            )
            out.append(
                f'<text x="{_n(item.x)}" y="{_n(item.y)}" font-size="{_n(item.size)}" '
                f'fill="{item.fill}" text-anchor="{item.anchor}"{fit}>'
                f"{html.escape(item.text, quote=False)}</text>\n"
            )
        else:
            side = item.matrix.size_with_quiet_zone
            out.append(
                f'<g transform="translate({_n(item.x)} {_n(item.y)}) scale({item.module:.6f})">'
                f'<rect width="{side}" height="{side}" fill="#ffffff"/>'
                f'<path fill="#000000" shape-rendering="crispEdges" d="{qr_path_data(item)}"/>'
                "</g>\n"
            )
    out.append("</g>\n")
    if glyphs:
        out.append(glyphs.defs())
    out.append("</svg>\n")
    return "".join(out)


# ------------------------------------------------------------------ PDF


def to_pdf(scene: Scene, font: CjkFont) -> bytes:
    """One page at real size; the font is embedded as a TrueType subset."""
    from reportlab.lib.colors import HexColor
    from reportlab.pdfgen import canvas

    name = register_for_pdf(font)
    buf = io.BytesIO()
    height = scene.height * PT_PER_MM
    pdf = canvas.Canvas(
        buf,
        pagesize=(scene.width * PT_PER_MM, height),
        invariant=1,
        pageCompression=1,
        initialFontName=name,  # not Helvetica: every font in the PDF is embedded (print shops)
    )
    pdf.setTitle(scene.title)
    pdf.setCreator("shifan")
    pdf.setSubject("郑州市电子商务示范体系")

    def box(x: float, y: float, w: float, h: float) -> tuple[float, float, float, float]:
        return x * PT_PER_MM, height - (y + h) * PT_PER_MM, w * PT_PER_MM, h * PT_PER_MM

    for item in scene.items:
        if isinstance(item, Rect):
            if item.fill:
                pdf.setFillColor(HexColor(item.fill))
            if item.stroke:
                pdf.setStrokeColor(HexColor(item.stroke))
                pdf.setLineWidth(item.stroke_width * PT_PER_MM)
            pdf.rect(*box(item.x, item.y, item.w, item.h), stroke=int(bool(item.stroke)),
                     fill=int(bool(item.fill)))  # fmt: skip
        elif isinstance(item, Circle):
            pdf.saveState()
            pdf.setStrokeColor(HexColor(item.stroke))
            pdf.setLineWidth(item.stroke_width * PT_PER_MM)
            if item.dash:
                pdf.setDash([item.dash * PT_PER_MM] * 2)  # on, off (one number: solid)
            pdf.circle(item.cx * PT_PER_MM, height - item.cy * PT_PER_MM, item.r * PT_PER_MM,
                       stroke=1, fill=0)  # fmt: skip
            pdf.restoreState()
        elif isinstance(item, Text):
            pdf.setFillColor(HexColor(item.fill))
            pdf.setFont(name, item.size * PT_PER_MM)
            draw = {
                "start": pdf.drawString,
                "middle": pdf.drawCentredString,
                "end": pdf.drawRightString,
            }[item.anchor]
            draw(item.x * PT_PER_MM, height - item.y * PT_PER_MM, item.text)
        else:
            side = item.extent
            pdf.setFillColor(HexColor("#ffffff"))
            pdf.rect(*box(item.x, item.y, side, side), stroke=0, fill=1)
            pdf.setFillColor(HexColor("#000000"))
            path = pdf.beginPath()
            m = item.module
            for r, c, n in item.matrix.runs():
                path.rect(*box(item.x + (c + QUIET_ZONE) * m, item.y + (r + QUIET_ZONE) * m,
                               n * m, m))  # fmt: skip
            pdf.drawPath(path, stroke=0, fill=1)
    pdf.showPage()
    pdf.save()
    return buf.getvalue()


# ------------------------------------------------------------------ PNG


@functools.cache
def _pil_font(font: CjkFont, px: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(font.path), size=px, index=font.index)


_PIL_ANCHORS = {"start": "ls", "middle": "ms", "end": "rs"}


def _dashed_circle(draw: ImageDraw.ImageDraw, circle: Circle, ppm: float) -> None:
    """The circle as arcs: dashes of `dash` mm with gaps as long (solid when no dash)."""
    cx, cy, r = circle.cx * ppm, circle.cy * ppm, circle.r * ppm
    box = (cx - r, cy - r, cx + r, cy + r)
    width = max(1, round(circle.stroke_width * ppm))
    if not circle.dash:
        draw.ellipse(box, outline=circle.stroke, width=width)
        return
    step = math.degrees(circle.dash / circle.r)
    for i in range(int(360 / (2 * step))):
        start = i * 2 * step
        draw.arc(box, start, start + step, fill=circle.stroke, width=width)


def to_png(scene: Scene, font: CjkFont, *, module_px: int = 4) -> bytes:
    """A raster whose QR modules are exactly `module_px` pixels, aligned to the pixel grid."""
    if module_px < 1:
        raise ValueError("module_px must be at least 1")
    qr = scene.qr
    ppm = module_px / qr.module  # pixels per millimetre
    image = Image.new("RGB", (round(scene.width * ppm), round(scene.height * ppm)), "#ffffff")
    draw = ImageDraw.Draw(image)
    for item in scene.items:
        if isinstance(item, Rect):
            x0, y0 = item.x * ppm, item.y * ppm
            x1, y1 = (item.x + item.w) * ppm, (item.y + item.h) * ppm
            if item.fill:
                draw.rectangle((x0, y0, max(x0, x1 - 1), max(y0, y1 - 1)), fill=item.fill)
            if item.stroke:
                half = item.stroke_width * ppm / 2
                draw.rectangle((x0 - half, y0 - half, x1 + half, y1 + half), outline=item.stroke,
                               width=max(1, round(item.stroke_width * ppm)))  # fmt: skip
        elif isinstance(item, Circle):
            _dashed_circle(draw, item, ppm)
        elif isinstance(item, Text):
            px = max(1, int(item.size * ppm))
            draw.text((item.x * ppm, item.y * ppm), item.text, font=_pil_font(font, px),
                      fill=item.fill, anchor=_PIL_ANCHORS[item.anchor])  # fmt: skip
        else:
            x0, y0 = round(item.x * ppm), round(item.y * ppm)
            side = item.matrix.size_with_quiet_zone * module_px
            draw.rectangle((x0, y0, x0 + side - 1, y0 + side - 1), fill="#ffffff")
            for r, c, n in item.matrix.runs():
                left = x0 + (c + QUIET_ZONE) * module_px
                top = y0 + (r + QUIET_ZONE) * module_px
                draw.rectangle((left, top, left + n * module_px - 1, top + module_px - 1),
                               fill="#000000")  # fmt: skip
    buf = io.BytesIO()
    dpi = ppm * 25.4
    image.save(buf, "PNG", dpi=(dpi, dpi), optimize=False)
    return buf.getvalue()
