"""PNG artwork: the QR decodes with zxing-cpp at several sizes, blurred and noisy."""

from __future__ import annotations

import io
import os
import random

import pytest
import zxingcpp
from PIL import Image, ImageFilter

from shifan.plaques.artwork import PlaqueArt, art_from_token, render_png
from shifan.plaques.fonts import CjkFont, find_cjk_font
from shifan.plaques.layouts import layout
from shifan.plaques.qr import QUIET_ZONE
from support import plaque_digits

SITE = "https://zzsw.henan-example.cn/shifan-reg"


@pytest.fixture(scope="module")
def font() -> CjkFont:
    return find_cjk_font(os.environ)


def plaque_art(form: str = "plaque") -> PlaqueArt:
    if form == "certificate":
        digits = plaque_digits(
            subject="ZZ-FIG-0001", serial=7, kind="figure", form=form, enterprise_class=None
        )
        return art_from_token(digits, name="张三", site_url=SITE)
    return art_from_token(plaque_digits(), name="郑州某某网络科技有限公司", site_url=SITE)


def read(image: Image.Image) -> list[str]:
    return [b.text for b in zxingcpp.read_barcodes(image)]


def noisy(image: Image.Image, *, amplitude: int, seed: int) -> Image.Image:
    """`image` in grey with uniform noise of ±`amplitude` added (seeded)."""
    rng = random.Random(seed)
    grey = image.convert("L")
    pixels = grey.tobytes()
    shifted = bytes(min(255, max(0, p + rng.randint(-amplitude, amplitude))) for p in pixels)
    return Image.frombytes("L", grey.size, shifted)


@pytest.mark.parametrize("form", ["plaque", "certificate"])
@pytest.mark.parametrize("module_px", [2, 3, 6])
def test_clean_png_decodes_to_the_exact_url(font: CjkFont, form: str, module_px: int) -> None:
    art = plaque_art(form)
    image = Image.open(io.BytesIO(render_png(art, font, module_px=module_px)))
    assert read(image) == [art.qr_text]
    assert art.qr_text == f"{SITE}/v/#{art.digits}"


@pytest.mark.parametrize(("module_px", "radius"), [(3, 1.0), (6, 2.0)])
def test_blurred_png_still_decodes(font: CjkFont, module_px: int, radius: float) -> None:
    art = plaque_art()
    image = Image.open(io.BytesIO(render_png(art, font, module_px=module_px)))
    assert read(image.filter(ImageFilter.GaussianBlur(radius))) == [art.qr_text]


def test_noisy_and_blurred_png_still_decodes(font: CjkFont) -> None:
    art = plaque_art()
    image = Image.open(io.BytesIO(render_png(art, font, module_px=4)))
    qr_box = image.crop((image.width // 2, image.height // 2, image.width, image.height))
    damaged = noisy(qr_box.filter(ImageFilter.GaussianBlur(1.2)), amplitude=70, seed=4)
    assert read(damaged) == [art.qr_text]


def test_qr_modules_sit_on_whole_pixels(font: CjkFont) -> None:
    art = plaque_art()
    module_px = 3
    image = Image.open(io.BytesIO(render_png(art, font, module_px=module_px))).convert("L")
    qr = layout(art, font.width).qr
    ppm = module_px / qr.module
    x0, y0 = round(qr.x * ppm), round(qr.y * ppm)
    side = qr.matrix.size_with_quiet_zone * module_px
    crop = image.crop((x0, y0, x0 + side, y0 + side))
    assert set(crop.tobytes()) == {0, 255}  # crisp: no anti-aliased module edges
    for r, row in enumerate(qr.matrix.rows):
        for c, bit in enumerate(row):
            for dy in range(module_px):
                for dx in range(module_px):
                    x = (c + QUIET_ZONE) * module_px + dx
                    y = (r + QUIET_ZONE) * module_px + dy
                    assert crop.getpixel((x, y)) == (0 if bit == "1" else 255)


def test_png_is_deterministic(font: CjkFont) -> None:
    art = plaque_art()
    assert render_png(art, font, module_px=2) == render_png(art, font, module_px=2)
