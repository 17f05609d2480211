"""Print-ready plaque inserts and certificates, laid out at real size (millimetres).

Two formats, both landscape:

| form | size | QR (with quiet zone) |
|---|---|---|
| plaque (牌匾) insert | 400 × 300 mm, the common size of a wall plaque's printed face | 80 mm |
| certificate (证书) | A4 landscape, 297 × 210 mm | 52 mm |

A 57-module (version 10) symbol plus its 4-module quiet zone gives 1.23 mm modules on a
plaque, readable by a phone from about a metre, and 0.8 mm on a certificate.

Everything printed except fixed wording comes from the signed token (title, level, class,
award year, serial) or from the roster (the registered name), so the artwork says what the
QR proves. The subject's name is untrusted text: it is cleaned of control characters,
fitted into its box, and escaped by each backend.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from shifan.model import (
    ENTERPRISE_CLASS_LABELS,
    KIND_LABELS,
    LEVEL_LABELS,
    Kind,
    Level,
    PlaqueForm,
)
from shifan.plaques import backends
from shifan.plaques.fonts import CjkFont
from shifan.plaques.limits import (
    CERTIFICATE_NAME_BOX,
    NAME_LEADING,
    NAME_MAX_LINES,
    PLAQUE_NAME_BOX,
)
from shifan.plaques.qr import encode_plaque_url, plaque_url
from shifan.plaques.scene import Item, Measure, Qr, Rect, Scene, clean, fit_block, fit_line
from shifan.signing import token as tokens
from shifan.signing.checkcode import check_code

RED = "#a61b1b"
INK = "#1a1a1a"
GREY = "#555555"

PLAQUE_SIZE = (400.0, 300.0)
CERTIFICATE_SIZE = (297.0, 210.0)

LEVEL_PREFIX: Mapping[Level, str] = {
    Level.MUNICIPAL: "郑州市",
    Level.PROVINCIAL: "河南省",
    Level.NATIONAL: "国家",
}
ISSUERS: Mapping[Level, str] = {
    Level.MUNICIPAL: "郑州市商务局",
    Level.PROVINCIAL: "河南省商务厅",
    Level.NATIONAL: "中华人民共和国商务部",
}
FIGURE_TITLE = "郑州市电子商务领军人物"


def title_of(kind: str, level: Level) -> str:
    """The title as its issuer words it: 郑州市电子商务示范企业, 国家电子商务示范基地, …"""
    if kind == tokens.FIGURE:
        return FIGURE_TITLE
    unit_kind = Kind(kind)
    if unit_kind is Kind.PARK and level is not Level.MUNICIPAL:
        return f"{LEVEL_PREFIX[level]}电子商务示范基地"
    return LEVEL_PREFIX[level] + KIND_LABELS[unit_kind]


@dataclass(frozen=True, slots=True)
class PlaqueArt:
    """What a plaque or certificate shows. Build it with `art_from_token`."""

    form: PlaqueForm
    name: str  # the registered name of the unit or figure (untrusted roster text)
    title: str
    level_label: str
    class_label: str | None
    year: int
    serial: int
    check_code: str
    qr_text: str  # SITE_URL/v/#DIGITS
    site_display: str  # e.g. shifan.example.cn/v/ (for the hint line)
    issuer: str
    digits: str
    site_url: str


def art_from_token(
    digits: str, *, name: str, site_url: str, issuer: str | None = None
) -> PlaqueArt:
    """Artwork for a token (decimal form); `issuer` overrides the level's default body."""
    tok = tokens.parse(digits)
    level = tok.level
    host_path = site_url.split("://", 1)[-1].rstrip("/")
    return PlaqueArt(
        form=tok.form,
        name=clean(name),
        title=title_of(tok.kind, level),
        level_label=LEVEL_LABELS[level],
        class_label=ENTERPRISE_CLASS_LABELS[tok.enterprise_class] if tok.enterprise_class else None,
        year=tok.awarded.year,
        serial=tok.serial,
        check_code=check_code(tok.serial),
        qr_text=plaque_url(site_url, digits),
        site_display=f"{host_path}/v/",
        issuer=clean(issuer) if issuer else ISSUERS[level],
        digits=digits,
        site_url=site_url,
    )


def layout(art: PlaqueArt, measure: Measure) -> Scene:
    """The page for `art`: a plaque insert or an A4 certificate, per its form."""
    if art.form is PlaqueForm.CERTIFICATE:
        return _certificate(art, measure)
    return _plaque(art, measure)


def _details(art: PlaqueArt) -> list[str]:
    number = "证书编号" if art.form is PlaqueForm.CERTIFICATE else "牌匾编号"
    lines = [f"级　　别：{art.level_label}"]
    if art.class_label:
        lines.append(f"类　　别：{art.class_label}")
    lines += [f"认定年度：{art.year}年", f"{number}：{art.serial:06d}"]
    return lines


def _qr_block(
    art: PlaqueArt, measure: Measure, *, right: float, top: float, extent: float, code_size: float
) -> list[Item]:
    matrix = encode_plaque_url(art.site_url, art.digits)
    module = extent / matrix.size_with_quiet_zone
    x = right - extent
    centre = x + extent / 2
    code_y = top + extent + code_size * 1.2
    hint = f"扫码或访问 {art.site_display} 输入核验码"
    hint_size = code_size * 0.6
    return [
        Qr(x, top, module, matrix),
        fit_line(f"核验码 {art.check_code}", measure, x=centre, y=code_y, max_width=extent * 1.6,
                 size=code_size),
        fit_line(hint, measure, x=right, y=code_y + hint_size * 1.9, max_width=extent * 2.6,
                 size=hint_size, anchor="end", fill=GREY),
    ]  # fmt: skip


def _frame(width: float, height: float, outer: float, inner: float, stroke: float) -> list[Item]:
    return [
        Rect(0, 0, width, height, fill="#ffffff"),
        Rect(outer, outer, width - 2 * outer, height - 2 * outer, stroke=RED, stroke_width=stroke),
        Rect(inner, inner, width - 2 * inner, height - 2 * inner, stroke=RED,
             stroke_width=stroke / 4),
    ]  # fmt: skip


def _plaque(art: PlaqueArt, measure: Measure) -> Scene:
    w, h = PLAQUE_SIZE
    items = _frame(w, h, 8, 14, 3)
    items.append(fit_line(art.title, measure, x=w / 2, y=80, max_width=330, size=30, fill=RED))
    items.append(Rect(70, 98, w - 140, 0.8, fill=RED))
    width, height = PLAQUE_NAME_BOX
    items += fit_block(art.name, measure, x=w / 2, top=110, width=width, height=height,
                       max_size=20, max_lines=NAME_MAX_LINES, leading=NAME_LEADING)  # fmt: skip
    for i, line in enumerate(_details(art)):
        items.append(fit_line(line, measure, x=40, y=205 + 15 * i, max_width=200, size=9,
                              anchor="start"))  # fmt: skip
    items.append(fit_line(art.issuer, measure, x=40, y=274, max_width=200, size=11, anchor="start"))
    items += _qr_block(art, measure, right=w - 32, top=176, extent=80, code_size=7)
    return Scene(w, h, f"{art.name} {art.title}", tuple(items))


def _certificate(art: PlaqueArt, measure: Measure) -> Scene:
    w, h = CERTIFICATE_SIZE
    items = _frame(w, h, 7, 11, 2)
    items.append(fit_line("荣誉证书", measure, x=w / 2, y=42, max_width=200, size=16, fill=RED))
    width, height = CERTIFICATE_NAME_BOX
    items += fit_block(art.name, measure, x=w / 2, top=54, width=width, height=height,
                       max_size=13, max_lines=NAME_MAX_LINES, leading=NAME_LEADING)  # fmt: skip
    items.append(fit_line("被认定为", measure, x=w / 2, y=96, max_width=200, size=6, fill=GREY))
    items.append(fit_line(art.title, measure, x=w / 2, y=114, max_width=237, size=15, fill=RED))
    for i, line in enumerate(_details(art)):
        items.append(fit_line(line, measure, x=28, y=140 + 9 * i, max_width=140, size=5,
                              anchor="start"))  # fmt: skip
    items.append(fit_line(art.issuer, measure, x=28, y=188, max_width=140, size=7, anchor="start"))
    items += _qr_block(art, measure, right=w - 24, top=126, extent=52, code_size=4.5)
    return Scene(w, h, f"{art.name} {art.title}", tuple(items))


def render_svg(art: PlaqueArt, font: CjkFont, *, outlines: bool = False) -> str:
    """SVG with text as text, or (`outlines`) as the font's glyph outlines."""
    return backends.to_svg(layout(art, font.width), font if outlines else None)


def render_pdf(art: PlaqueArt, font: CjkFont) -> bytes:
    return backends.to_pdf(layout(art, font.width), font)


def render_png(art: PlaqueArt, font: CjkFont, *, module_px: int = 4) -> bytes:
    return backends.to_png(layout(art, font.width), font, module_px=module_px)
