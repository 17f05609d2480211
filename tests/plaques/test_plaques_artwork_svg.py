"""SVG artwork: well-formed, escaped, fitted, and its vector QR scans in real Chromium."""

from __future__ import annotations

import io
import os
import re
import xml.etree.ElementTree as ET
from typing import Any

import pytest
import zxingcpp
from hypothesis import given, settings
from hypothesis import strategies as st
from PIL import Image

from shifan.plaques.artwork import art_from_token, render_svg
from shifan.plaques.fonts import CjkFont, find_cjk_font
from shifan.plaques.layouts import layout
from shifan.plaques.qr import QUIET_ZONE
from shifan.plaques.scene import Rect, Text
from support import plaque_digits

SITE = "https://zzsw.henan-example.cn/shifan-reg"
NS = {"svg": "http://www.w3.org/2000/svg"}
HOSTILE = '<script>alert("x")</script> & Co. "Ltd" ]]> <![CDATA[ 郑州&amp;示范'


@pytest.fixture(scope="module")
def font() -> CjkFont:
    return find_cjk_font(os.environ)


def texts(svg: str) -> list[str]:
    root = ET.fromstring(svg.encode())
    return ["".join(t.itertext()) for t in root.iter("{http://www.w3.org/2000/svg}text")]


def test_svg_is_real_size_xml_with_text_as_text(font: CjkFont) -> None:
    art = art_from_token(plaque_digits(), name="郑州某某网络科技有限公司", site_url=SITE)
    svg = render_svg(art, font)
    root = ET.fromstring(svg.encode())
    assert (root.get("width"), root.get("height"), root.get("viewBox")) == (
        "400mm",
        "300mm",
        "0 0 400 300",
    )
    shown = texts(svg)
    assert "郑州市电子商务示范企业" in shown
    assert "郑州某某网络科技有限公司" in shown
    assert "核验码：000-042-7" in shown
    assert "手机扫码，或访问 zzsw.henan-example.cn/shifan-reg/v/ 输入核验码" in shown
    assert "牌匾编号：000042" in shown
    assert "认定日期：2024年5月20日" in shown
    assert "WenQuanYi Micro Hei" in svg
    paths = root.findall(".//svg:path", NS)
    assert len(paths) == 1  # the QR: one path of merged row runs


@pytest.mark.parametrize(
    ("kind", "level", "title"),
    [
        ("enterprise", "provincial", "河南省电子商务示范企业"),
        ("park", "national", "国家电子商务示范基地"),
        ("park", "municipal", "郑州市电子商务示范园区(基地)"),
        ("training_base", "municipal", "郑州市电子商务人才教育(培训)示范基地"),
        ("township", "municipal", "郑州市电子商务示范乡(镇)"),
    ],
)
def test_titles_use_the_issuers_wording(font: CjkFont, kind: str, level: str, title: str) -> None:
    digits = plaque_digits(
        kind=kind, level=level, enterprise_class="service" if kind == "enterprise" else None
    )
    art = art_from_token(digits, name="某单位", site_url=SITE)
    assert title in texts(render_svg(art, font))


def test_figure_certificate_is_a4_landscape(font: CjkFont) -> None:
    digits = plaque_digits(
        subject="ZZ-FIG-0001", kind="figure", form="certificate", enterprise_class=None
    )
    svg = render_svg(art_from_token(digits, name="李四", site_url=SITE), font)
    assert 'width="297mm" height="210mm"' in svg
    assert {"荣誉证书", "李四", "郑州市电子商务领军人物", "证书编号：000042"} <= set(texts(svg))


def test_hostile_name_is_escaped_and_kept_inside_the_insert(font: CjkFont) -> None:
    name = (HOSTILE + " 郑州国际电子商务产业园区运营管理有限公司") * 8 + "\x00\x1b[31m\u202e"
    art = art_from_token(plaque_digits(), name=name, site_url=SITE)
    svg = render_svg(art, font)
    assert "<script" not in svg
    assert "<![CDATA[" not in svg
    root = ET.fromstring(svg.encode())
    assert not list(root.iter("{http://www.w3.org/2000/svg}script"))
    shown = "".join(texts(svg))
    assert '<script>alert("x")</script> & Co.' in shown  # shown literally, as text
    assert "\x00" not in svg
    assert "\x1b" not in svg
    assert "\u202e" not in svg
    scene = layout(art, font.width)
    inner = next(i for i in scene.items if isinstance(i, Rect) and i.stroke and i.x > 10)
    for item in scene.items:
        if isinstance(item, Text):
            left = {"start": item.x, "middle": item.x - item.width / 2, "end": item.x - item.width}
            x0 = left[item.anchor]
            assert inner.x < x0, item.text
            assert x0 + item.width < inner.x + inner.w, item.text
            assert inner.y < item.y - item.size
            assert item.y < inner.y + inner.h


def test_name_lines_never_overlap_the_qr_or_the_title(font: CjkFont) -> None:
    for name in ("短", "郑州" * 30, "W" * 400):
        scene = layout(art_from_token(plaque_digits(), name=name, site_url=SITE), font.width)
        name_lines = [i for i in scene.items if isinstance(i, Text) and i.fill == "#1a1a1a"]
        body = [t for t in name_lines if 100 < t.y < 175]
        assert body, name
        assert all(t.y - t.size >= 105 and t.y <= 170 for t in body)
        assert scene.qr.y >= 170


def modules_drawn_by(path: str, size: int) -> tuple[str, ...]:
    """Replay the QR path (M/m moves, v1 h<n> v-1 rectangles) onto a module grid."""
    grid = [["0"] * size for _ in range(size)]
    x = y = 0
    for cmd, a, b in re.findall(r"([MmvhVH])(-?\d+)(?: (-?\d+))?", path):
        if cmd == "M":
            x, y = int(a), int(b)
        elif cmd == "m":
            x, y = x + int(a), y + int(b)
        elif cmd == "h" and int(a) > 0:
            for c in range(x, x + int(a)):
                grid[y - 1 - QUIET_ZONE][c - QUIET_ZONE] = "1"
            x += int(a)
        elif cmd == "v":
            y += int(a)
        else:
            raise AssertionError(f"unexpected path command {cmd}")
    return tuple("".join(row) for row in grid)


def test_svg_path_draws_exactly_the_dark_modules(font: CjkFont) -> None:
    art = art_from_token(plaque_digits(), name="某单位", site_url=SITE)
    svg = render_svg(art, font)
    path = ET.fromstring(svg.encode()).find(".//svg:path", NS)
    assert path is not None
    matrix = layout(art, font.width).qr.matrix
    assert modules_drawn_by(path.get("d", ""), matrix.size) == matrix.rows


def test_svg_is_deterministic(font: CjkFont) -> None:
    art = art_from_token(plaque_digits(), name="某单位", site_url=SITE)
    assert render_svg(art, font) == render_svg(art, font)


def test_outlines_replace_text_with_glyphs_keeping_a_label(font: CjkFont) -> None:
    art = art_from_token(plaque_digits(), name=HOSTILE, site_url=SITE)
    svg = render_svg(art, font, outlines=True)
    root = ET.fromstring(svg.encode())
    assert not list(root.iter("{http://www.w3.org/2000/svg}text"))
    assert "<script" not in svg
    labels = [g.get("aria-label") for g in root.iter("{http://www.w3.org/2000/svg}g")]
    assert "郑州市电子商务示范企业" in labels
    assert "".join(x for x in labels if x).count("<script>alert") == 1
    glyphs = root.findall("./svg:defs/svg:path", NS)
    distinct = {ch for ch in "".join(x for x in labels if x) if not ch.isspace()}
    assert len(glyphs) == len(distinct)  # each glyph defined once, reused by <use>
    for group in root.iter("{http://www.w3.org/2000/svg}g"):
        if group.get("aria-label") == "郑州市电子商务示范企业":
            scale = re.search(r"scale\(([\d.]+) -([\d.]+)\)", group.get("transform", ""))
            assert scale is not None
            assert float(scale.group(1)) == pytest.approx(float(scale.group(2)), rel=1e-3)


@pytest.mark.browser
@pytest.mark.parametrize("outlines", [False, True])
def test_vector_qr_scans_after_chromium_rasterizes_the_svg(
    browser: Any, font: CjkFont, outlines: bool
) -> None:
    art = art_from_token(plaque_digits(), name="郑州某某网络科技有限公司", site_url=SITE)
    svg = render_svg(art, font, outlines=outlines).split("?>", 1)[1]  # inline it
    page = browser.new_page(viewport={"width": 1200, "height": 900})
    try:
        page.set_content(
            "<!doctype html><html><body style='margin:0;background:#fff'>"
            f"<div style='width:1200px'>{svg}</div></body></html>"
        )
        page.eval_on_selector("svg", "s => { s.setAttribute('width', '1200px');"
                                     " s.setAttribute('height', '900px'); }")  # fmt: skip
        box = page.eval_on_selector("path", "p => { const r = p.getBoundingClientRect();"
                                            " return [r.width, r.height]; }")  # fmt: skip
        shot = page.screenshot()
    finally:
        page.close()
    image = Image.open(io.BytesIO(shot))
    assert [b.text for b in zxingcpp.read_barcodes(image)] == [art.qr_text]
    assert box[0] > 150
    assert abs(box[0] - box[1]) < 3


@settings(max_examples=40, deadline=None)
@given(name=st.text(min_size=1, max_size=400), form=st.sampled_from(["plaque", "certificate"]))
def test_any_name_stays_inside_its_box(name: str, form: str) -> None:
    font = find_cjk_font(os.environ)
    digits = plaque_digits(form=form)
    scene = layout(art_from_token(digits, name=name, site_url=SITE), font.width)
    frame = [i for i in scene.items if isinstance(i, Rect) and i.stroke][-1]  # inner frame
    qr = scene.qr
    for item in scene.items:
        if not isinstance(item, Text):
            continue
        left = item.x - {"start": 0.0, "middle": item.width / 2, "end": item.width}[item.anchor]
        assert frame.x < left
        assert left + item.width < frame.x + frame.w
        assert frame.y < item.y - item.size
        assert item.y < frame.y + frame.h
        beside_qr = left + item.width > qr.x and item.y > qr.y
        below_qr = item.y - item.size >= qr.y + qr.extent
        assert not beside_qr or below_qr, item.text  # nothing overlaps the QR
