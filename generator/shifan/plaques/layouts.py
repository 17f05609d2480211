"""Where everything sits on a plaque insert (400 × 300 mm) and a certificate (A4 landscape).

Both pages share one arrangement below the name:

- left, the details: level, enterprise class, award date (认定日期) and the award
  decision's number (认定文号);
- centre, the awarding body's name under a dashed circle that marks where the official seal
  (公章) goes; by custom the seal is stamped over the body's name, so nothing else is
  printed inside the circle;
- right, the QR code with its check code (核验码) and the hint to type that code.

The plaque's or certificate's own number (牌匾编号 / 证书编号) is printed apart, small, in
the top right corner: it is the bureau's reference, not something to type into the verify
page, and must not be mistaken for the check code printed under the QR.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from shifan.model import PlaqueForm
from shifan.plaques.limits import (
    CERTIFICATE_NAME_BOX,
    NAME_LEADING,
    NAME_MAX_LINES,
    PLAQUE_NAME_BOX,
)
from shifan.plaques.qr import encode_plaque_url
from shifan.plaques.scene import Circle, Item, Measure, Qr, Rect, Scene, fit_block, fit_line

if TYPE_CHECKING:
    from shifan.plaques.artwork import PlaqueArt

RED = "#a61b1b"
INK = "#1a1a1a"
GREY = "#555555"
SEAL_GUIDE = "#c98a8a"
"""A light red: the seal's mark shows where to stamp and disappears under the stamp."""
SEAL_DIAMETER = 42.0
"""mm: a municipal bureau's round seal; the stamp covers its dashed mark."""

PLAQUE_SIZE = (400.0, 300.0)
CERTIFICATE_SIZE = (297.0, 210.0)


@dataclass(frozen=True, slots=True)
class _Page:
    """The measurements of one form; every length in mm."""

    size: tuple[float, float]
    frame: tuple[float, float, float]  # outer inset, inner inset, outer stroke
    number_y: float  # baseline of the corner number (牌匾编号)
    number_size: float
    details_x: float
    details_y: float  # first baseline
    details_step: float
    details_size: float
    details_width: float
    seal_x: float  # centre of the seal's circle
    seal_y: float
    issuer_size: float
    issuer_width: float
    qr_right: float
    qr_top: float
    qr_extent: float
    code_size: float
    hint_width: float


PLAQUE_PAGE = _Page(
    size=PLAQUE_SIZE, frame=(8, 14, 3), number_y=30, number_size=6,
    details_x=36, details_y=192, details_step=13, details_size=8, details_width=150,
    seal_x=232, seal_y=240, issuer_size=10, issuer_width=80,
    qr_right=368, qr_top=172, qr_extent=80, code_size=7.5, hint_width=140,
)  # fmt: skip
CERTIFICATE_PAGE = _Page(
    size=CERTIFICATE_SIZE, frame=(7, 11, 2), number_y=22, number_size=4.2,
    details_x=28, details_y=134, details_step=8, details_size=5, details_width=112,
    seal_x=170, seal_y=162, issuer_size=5.5, issuer_width=56,
    qr_right=273, qr_top=122, qr_extent=52, code_size=4.5, hint_width=76,
)  # fmt: skip


def layout(art: PlaqueArt, measure: Measure) -> Scene:
    """The page for `art`: a plaque insert or an A4 certificate, per its form."""
    if art.form is PlaqueForm.CERTIFICATE:
        page = CERTIFICATE_PAGE
        items = _frame(page) + _certificate_head(art, measure)
    else:
        page = PLAQUE_PAGE
        items = _frame(page) + _plaque_head(art, measure)
    items += _number(art, measure, page)
    items += _details(art, measure, page)
    items += _seal_and_issuer(art, measure, page)
    items += _qr_block(art, measure, page)
    w, h = page.size
    return Scene(w, h, f"{art.name} {art.title}", tuple(items))


def _frame(page: _Page) -> list[Item]:
    (width, height), (outer, inner, stroke) = page.size, page.frame
    return [
        Rect(0, 0, width, height, fill="#ffffff"),
        Rect(outer, outer, width - 2 * outer, height - 2 * outer, stroke=RED, stroke_width=stroke),
        Rect(inner, inner, width - 2 * inner, height - 2 * inner, stroke=RED,
             stroke_width=stroke / 4),
    ]  # fmt: skip


def _plaque_head(art: PlaqueArt, measure: Measure) -> list[Item]:
    w = PLAQUE_SIZE[0]
    width, height = PLAQUE_NAME_BOX
    return [
        fit_line(art.title, measure, x=w / 2, y=80, max_width=330, size=30, fill=RED),
        Rect(70, 98, w - 140, 0.8, fill=RED),
        *fit_block(art.name, measure, x=w / 2, top=110, width=width, height=height,
                   max_size=20, max_lines=NAME_MAX_LINES, leading=NAME_LEADING),
    ]  # fmt: skip


def _certificate_head(art: PlaqueArt, measure: Measure) -> list[Item]:
    w = CERTIFICATE_SIZE[0]
    width, height = CERTIFICATE_NAME_BOX
    return [
        fit_line("荣誉证书", measure, x=w / 2, y=42, max_width=200, size=16, fill=RED),
        *fit_block(art.name, measure, x=w / 2, top=54, width=width, height=height,
                   max_size=13, max_lines=NAME_MAX_LINES, leading=NAME_LEADING),
        fit_line("被认定为", measure, x=w / 2, y=96, max_width=200, size=6, fill=GREY),
        fit_line(art.title, measure, x=w / 2, y=114, max_width=237, size=15, fill=RED),
    ]  # fmt: skip


def number_label(form: PlaqueForm) -> str:
    return "证书编号" if form is PlaqueForm.CERTIFICATE else "牌匾编号"


def _number(art: PlaqueArt, measure: Measure, page: _Page) -> list[Item]:
    """The serial, small, in the top right corner inside the inner frame."""
    right = page.size[0] - page.frame[1] - page.number_size
    text = f"{number_label(art.form)}：{art.serial:06d}"
    return [fit_line(text, measure, x=right, y=page.number_y, max_width=80,
                     size=page.number_size, anchor="end", fill=GREY)]  # fmt: skip


def detail_lines(art: PlaqueArt) -> list[str]:
    lines = [f"级　　别：{art.level_label}"]
    if art.class_label:
        lines.append(f"类　　别：{art.class_label}")
    if art.awarded_on is not None:
        day = art.awarded_on
        lines.append(f"认定日期：{day.year}年{day.month}月{day.day}日")
    else:
        lines.append(f"认定年度：{art.year}年")
    if art.document:
        lines.append(f"认定文号：{art.document}")
    return lines


def _details(art: PlaqueArt, measure: Measure, page: _Page) -> list[Item]:
    return [
        fit_line(line, measure, x=page.details_x, y=page.details_y + page.details_step * i,
                 max_width=page.details_width, size=page.details_size, anchor="start")
        for i, line in enumerate(detail_lines(art))
    ]  # fmt: skip


def _seal_and_issuer(art: PlaqueArt, measure: Measure, page: _Page) -> list[Item]:
    """The awarding body's name in the lower half of the seal's dashed circle."""
    r = SEAL_DIAMETER / 2
    baseline = page.seal_y + page.issuer_size * 0.9
    return [
        Circle(page.seal_x, page.seal_y, r, stroke=SEAL_GUIDE, stroke_width=0.35, dash=2.0),
        fit_line(art.issuer, measure, x=page.seal_x, y=baseline, max_width=page.issuer_width,
                 size=page.issuer_size),
    ]  # fmt: skip


def _qr_block(art: PlaqueArt, measure: Measure, page: _Page) -> list[Item]:
    matrix = encode_plaque_url(art.site_url, art.digits)
    extent = page.qr_extent
    x = page.qr_right - extent
    code_y = page.qr_top + extent + page.code_size * 1.2
    hint = f"手机扫码，或访问 {art.site_display} 输入核验码"
    hint_size = page.code_size * 0.6
    return [
        Qr(x, page.qr_top, extent / matrix.size_with_quiet_zone, matrix),
        fit_line(f"核验码：{art.check_code}", measure, x=x + extent / 2, y=code_y,
                 max_width=extent * 1.2, size=page.code_size),
        fit_line(hint, measure, x=page.qr_right, y=code_y + hint_size * 1.9,
                 max_width=page.hint_width, size=hint_size, anchor="end", fill=GREY),
    ]  # fmt: skip
