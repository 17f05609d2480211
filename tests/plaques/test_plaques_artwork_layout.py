"""The print shop's layout: award date and decision number, the seal's place, the plaque
number kept apart from the check code, and names of every allowed length fitting.

Geometry is checked on the scene (every text's box, the QR, the seal's circle), and every
format is checked as pixels: the PDF rasterised by PDFium, the PNG as drawn, both also as a
phone would photograph them (smaller, blurred, slightly turned), decoded by zxing-cpp.
"""

from __future__ import annotations

import io
import itertools
import math
import os

import pypdfium2
import pytest
import zxingcpp
from PIL import Image, ImageFilter

from shifan.plaques.artwork import PlaqueArt, art_from_token, render_pdf, render_png
from shifan.plaques.fonts import CjkFont, find_cjk_font
from shifan.plaques.layouts import SEAL_DIAMETER, layout
from shifan.plaques.limits import (
    CERTIFICATE_NAME_BOX,
    MAX_NAME_CHARS,
    PLAQUE_NAME_BOX,
    smallest_size,
)
from shifan.plaques.scene import Circle, Qr, Rect, Scene, Text
from support import plaque_digits

SITE = "https://zzsw.henan-example.cn/shifan-reg"
DOCUMENT = "郑商务〔2024〕12号"
Box = tuple[float, float, float, float]  # left, top, right, bottom (mm)


@pytest.fixture(scope="module")
def font() -> CjkFont:
    return find_cjk_font(os.environ)


def art(form: str = "plaque", *, name: str = "郑州某某网络科技有限公司", **kw: object) -> PlaqueArt:
    if form == "certificate":
        digits = plaque_digits(subject="ZZ-FIG-0001", serial=7, kind="figure", form=form,
                               enterprise_class=None)  # fmt: skip
    else:
        digits = plaque_digits()
    options: dict[str, object] = {"award_document": DOCUMENT, **kw}
    return art_from_token(digits, name=name, site_url=SITE, **options)  # type: ignore[arg-type]


def text_box(item: Text) -> Box:
    left = item.x - {"start": 0.0, "middle": item.width / 2, "end": item.width}[item.anchor]
    return (left, item.y - item.size * 0.9, left + item.width, item.y + item.size * 0.15)


def qr_box(item: Qr) -> Box:
    return (item.x, item.y, item.x + item.extent, item.y + item.extent)


def circle_box(item: Circle) -> Box:
    return (item.cx - item.r, item.cy - item.r, item.cx + item.r, item.cy + item.r)


def overlap(a: Box, b: Box) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def texts(scene: Scene) -> dict[str, Text]:
    return {item.text: item for item in scene.items if isinstance(item, Text)}


def inner_frame(scene: Scene) -> Rect:
    return [i for i in scene.items if isinstance(i, Rect) and i.stroke][-1]


def assert_print_layout(scene: Scene) -> None:
    """Every text inside the frame; no two texts, nor a text and the QR, overlap; only the
    awarding body's name lies in the seal's circle (the seal is stamped over it)."""
    frame = inner_frame(scene)
    inside = (frame.x, frame.y, frame.x + frame.w, frame.y + frame.h)
    items = [i for i in scene.items if isinstance(i, Text)]
    for item in items:
        box = text_box(item)
        assert inside[0] < box[0] < box[2] < inside[2], item.text
        assert inside[1] < box[1] < box[3] < inside[3], item.text
        assert not overlap(box, qr_box(scene.qr)), item.text
    for a, b in itertools.combinations(items, 2):
        assert not overlap(text_box(a), text_box(b)), (a.text, b.text)
    seal = scene.seal
    assert seal is not None
    assert not overlap(circle_box(seal), qr_box(scene.qr))
    in_seal = [i.text for i in items if overlap(text_box(i), circle_box(seal))]
    assert len(in_seal) == 1, in_seal  # the issuer only


@pytest.mark.parametrize("form", ["plaque", "certificate"])
def test_award_date_and_decision_number_are_printed(font: CjkFont, form: str) -> None:
    shown = texts(layout(art(form), font.width))
    assert "认定日期：2024年5月20日" in shown  # the token's (signed) award date
    assert f"认定文号：{DOCUMENT}" in shown
    assert not any(t.startswith("认定年度") for t in shown)


def test_without_a_recorded_award_only_the_year_is_printed(font: CjkFont) -> None:
    """A figure named without an award event: its token carries 1 January of the year,
    which is no date of any decision, so neither that date nor a number is printed."""
    shown = texts(layout(art("certificate", award_confirmed=False), font.width))
    assert "认定年度：2024年" in shown
    assert not any(t.startswith(("认定日期", "认定文号")) for t in shown)


@pytest.mark.parametrize("form", ["plaque", "certificate"])
def test_the_number_and_the_check_code_cannot_be_confused(font: CjkFont, form: str) -> None:
    scene = layout(art(form), font.width)
    shown = texts(scene)
    label = "牌匾编号" if form == "plaque" else "证书编号"
    [number] = [t for t in shown.values() if t.text.startswith(label)]
    [code] = [t for t in shown.values() if t.text.startswith("核验码")]
    [hint] = [t for t in shown.values() if "输入核验码" in t.text]
    assert sum(t.count("核验码") for t in shown) == 2  # its own label, and the hint's
    assert sum(t.count(label) for t in shown) == 1
    qr = scene.qr
    # The check code sits right under the QR, centred on it; the hint follows it.
    assert code.anchor == "middle"
    assert code.x == pytest.approx(qr.x + qr.extent / 2)
    assert 0 < code.y - code.size - (qr.y + qr.extent) < code.size
    assert code.y < hint.y
    # The number is the small print of the top right corner, far from the QR.
    frame = inner_frame(scene)
    assert number.y < scene.height * 0.2
    assert text_box(number)[2] > frame.x + frame.w * 0.8
    assert number.size < code.size
    assert qr.y - number.y > scene.height / 3
    # Different forms of the digits: the check code's groups, the number's plain digits.
    assert code.text.endswith("-".join(("000", f"{int(number.text[-6:]):03d}"[-3:])) + "-"
                              + code.text[-1])  # fmt: skip
    assert "-" not in number.text


@pytest.mark.parametrize("form", ["plaque", "certificate"])
def test_a_marked_place_for_the_seal(font: CjkFont, form: str) -> None:
    scene = layout(art(form), font.width)
    seal = scene.seal
    assert seal is not None
    assert seal.r * 2 == SEAL_DIAMETER
    assert seal.dash  # a guide, not a printed ring
    issuer = texts(scene)["郑州市商务局"]
    assert issuer.x == seal.cx  # the awarding body's name in the seal's lower half
    assert seal.cy <= text_box(issuer)[1] < seal.cy + seal.r / 2
    assert_print_layout(scene)


NAMES = {
    "cjk": "郑州国际电子商务产业园区运营管理有限公司",
    "latin": "WWWWMMMMWWWWMMMMWWWW",
    "mixed": "郑州 ABC 跨境电商 (Zhengzhou) 有限公司",
}
LENGTHS = (1, 10, 21, 22, 23, 44, 45, 65, MAX_NAME_CHARS)


@pytest.mark.parametrize("form", ["plaque", "certificate"])
@pytest.mark.parametrize("alphabet", sorted(NAMES))
def test_every_name_length_fits_at_a_legible_size(font: CjkFont, form: str, alphabet: str) -> None:
    """Names from one character to the longest `shifan check` accepts, with the longest
    awarding body and decision number: nothing overlaps and no CJK name goes below the
    size the name box was designed for."""
    box = PLAQUE_NAME_BOX if form == "plaque" else CERTIFICATE_NAME_BOX
    for n in LENGTHS:
        name = (NAMES[alphabet] * n)[:n]
        long = art(form, name=name, issuer="中华人民共和国商务部电子商务和信息化司",
                   award_document="郑州市商务局办公室〔2024〕第1234号")  # fmt: skip
        for variant in (art(form, name=name), long):
            scene = layout(variant, font.width)
            assert_print_layout(scene)
            lines = [t for t in scene.items if isinstance(t, Text) and t.text in name]
            assert "".join(t.text for t in lines).replace(" ", "") == name.replace(" ", "")
            if alphabet == "cjk":
                assert min(t.size for t in lines) >= smallest_size(box) - 1e-6, (n, form)


def rasterise_pdf(data: bytes, dpi: float) -> Image.Image:
    page = pypdfium2.PdfDocument(data)[0]
    image: Image.Image = page.render(scale=dpi / 72).to_pil()
    return image.convert("RGB")


def phone_photo(image: Image.Image, *, width: int) -> Image.Image:
    """A plain phone snapshot: the whole page about `width` px wide, slightly turned, soft."""
    small = image.resize(
        (width, round(image.height * width / image.width)), Image.Resampling.LANCZOS
    )
    turned = small.rotate(4, resample=Image.Resampling.BICUBIC, expand=True, fillcolor="#d8d8d8")
    return turned.filter(ImageFilter.GaussianBlur(0.8))


def rgb_at(image: Image.Image, x: float, y: float) -> tuple[int, int, int]:
    pixel = image.getpixel((round(x), round(y)))
    assert isinstance(pixel, tuple)
    return int(pixel[0]), int(pixel[1]), int(pixel[2])


def decoded(image: Image.Image) -> list[str]:
    return [b.text for b in zxingcpp.read_barcodes(image)]


@pytest.mark.parametrize("form", ["plaque", "certificate"])
def test_pdf_qr_decodes_at_print_size_and_from_a_photo(font: CjkFont, form: str) -> None:
    shown = art(form)
    image = rasterise_pdf(render_pdf(shown, font), dpi=150)
    assert decoded(image) == [shown.qr_text]
    assert decoded(phone_photo(image, width=1400)) == [shown.qr_text]


@pytest.mark.parametrize("form", ["plaque", "certificate"])
def test_png_qr_decodes_from_a_photo(font: CjkFont, form: str) -> None:
    shown = art(form)
    image = Image.open(io.BytesIO(render_png(shown, font, module_px=6))).convert("RGB")
    assert decoded(phone_photo(image, width=1400)) == [shown.qr_text]


def test_pdf_seal_mark_is_drawn_where_the_scene_puts_it(font: CjkFont) -> None:
    """Defect: reportlab's `setDash(n)` means n on, 0 off, so the PDF's circle was solid.
    The circle is on the PDF page (PDFium's pixels), light red and dashed, and its upper
    half is left blank for the seal."""
    shown = art()
    dpi = 200
    image = rasterise_pdf(render_pdf(shown, font), dpi=dpi)
    seal = layout(shown, font.width).seal
    assert seal is not None
    px = dpi / 25.4
    top = image.crop((round((seal.cx - seal.r * 0.5) * px), round((seal.cy - seal.r * 0.7) * px),
                      round((seal.cx + seal.r * 0.5) * px), round((seal.cy - 1) * px)))  # fmt: skip
    around = [rgb_at(image, (seal.cx + seal.r * math.cos(a)) * px,
                     (seal.cy + seal.r * math.sin(a)) * px)
              for a in (math.tau * i / 180 for i in range(180))]  # fmt: skip
    dashes = sum(1 for r, g, _ in around if r > g + 20)  # light red
    gaps = sum(1 for pixel in around if min(pixel) > 235)
    assert dashes > 30  # dashed, not solid: a stamp need not cover a ring
    assert gaps > 30
    darkest, _ = top.convert("L").getextrema()
    assert isinstance(darkest, int)
    assert darkest > 200  # the upper half is left blank for the seal
