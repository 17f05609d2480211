"""Print-ready plaque inserts and certificates, laid out at real size (millimetres).

Two formats, both landscape:

| form | size | QR (with quiet zone) |
|---|---|---|
| plaque (牌匾) insert | 400 × 300 mm, the common size of a wall plaque's printed face | 80 mm |
| certificate (证书) | A4 landscape, 297 × 210 mm | 52 mm |

A 57-module (version 10) symbol plus its 4-module quiet zone gives 1.23 mm modules on a
plaque, readable by a phone from about a metre, and 0.8 mm on a certificate.

Everything printed except fixed wording comes from the signed token (title, level, class,
award date, serial) or from the roster (the registered name, the award decision's number
文号), so the artwork says what the QR proves. Roster text is untrusted: it is cleaned of
control characters, fitted into its box, and escaped by each backend. Where each part sits
is `shifan.plaques.layouts`.
"""

from __future__ import annotations

import datetime as dt
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
from shifan.plaques.layouts import layout
from shifan.plaques.qr import plaque_url
from shifan.plaques.scene import clean
from shifan.signing import token as tokens
from shifan.signing.checkcode import check_code

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
    awarded_on: dt.date | None = None  # the award's date, when the record confirms the token's
    document: str | None = None  # the award decision's number (文号)


def art_from_token(
    digits: str,
    *,
    name: str,
    site_url: str,
    issuer: str | None = None,
    award_document: str | None = None,
    award_confirmed: bool = True,
) -> PlaqueArt:
    """Artwork for a token (decimal form); `issuer` overrides the level's default body.

    The award date is the token's (signed). `award_confirmed` says the record holds an award
    event of that date: without one (a figure named without an award event, whose token
    carries 1 January of its year) only the year is printed, and no decision number.
    """
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
        awarded_on=tok.awarded if award_confirmed else None,
        document=clean(award_document) if award_document and award_confirmed else None,
    )


def render_svg(art: PlaqueArt, font: CjkFont, *, outlines: bool = False) -> str:
    """SVG with text as text, or (`outlines`) as the font's glyph outlines."""
    return backends.to_svg(layout(art, font.width), font if outlines else None)


def render_pdf(art: PlaqueArt, font: CjkFont) -> bytes:
    return backends.to_pdf(layout(art, font.width), font)


def render_png(art: PlaqueArt, font: CjkFont, *, module_px: int = 4) -> bytes:
    return backends.to_png(layout(art, font.width), font, module_px=module_px)
