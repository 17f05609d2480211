"""PDF artwork: real size, CJK font embedded as a subset, text drawn as text, deterministic."""

from __future__ import annotations

import base64
import os
import re
import zlib

import pytest

from shifan.plaques.artwork import art_from_token, render_pdf
from shifan.plaques.fonts import CjkFont, find_cjk_font
from support import plaque_digits

SITE = "https://zzsw.example.cn"


@pytest.fixture(scope="module")
def font() -> CjkFont:
    return find_cjk_font(os.environ)


def streams(pdf: bytes) -> list[bytes]:
    """Every stream's decoded bytes (ASCII85 and Flate filters, as reportlab writes them)."""
    out = []
    for match in re.finditer(rb"<<((?:(?!<<|>>).)*)>>\s*stream\r?\n", pdf, re.S):
        header = match.group(1)
        length = re.search(rb"/Length (\d+)", header)
        assert length is not None
        data = pdf[match.end() : match.end() + int(length.group(1))]
        if b"/ASCII85Decode" in header:
            data = base64.a85decode(data if data.startswith(b"<~") else b"<~" + data, adobe=True)
        if b"/FlateDecode" in header:
            data = zlib.decompress(data)
        out.append(data)
    return out


_ESCAPES = {b"n": b"\n", b"r": b"\r", b"t": b"\t", b"b": b"\b", b"f": b"\f"}


def _literal(raw: bytes) -> bytes:
    """Decode the body of a PDF literal string `( … )`."""
    out, i = bytearray(), 0
    while i < len(raw):
        if raw[i : i + 1] == b"\\":
            nxt = raw[i + 1 : i + 2]
            octal = re.match(rb"[0-7]{1,3}", raw[i + 1 : i + 4])
            if octal:
                out.append(int(octal.group(), 8) & 0xFF)
                i += 1 + len(octal.group())
                continue
            out += _ESCAPES.get(nxt, nxt)
            i += 2
        else:
            out.append(raw[i])
            i += 1
    return bytes(out)


def shown_text(pdf: bytes) -> str:
    """Text drawn with Tj, mapped back to Unicode through the subset's ToUnicode CMap."""
    cmaps = [s for s in streams(pdf) if b"begincmap" in s]
    assert len(cmaps) == 1, "expected one font subset"
    mapping = {
        int(code, 16): chr(int(uni, 16))
        for code, uni in re.findall(rb"<([0-9A-F]{2})> <([0-9A-F]{4})>", cmaps[0])
    }
    shown = []
    for content in streams(pdf):
        for raw in re.findall(rb"\(((?:\\.|[^\\)])*)\) Tj", content, re.S):
            shown.append("".join(mapping.get(b, "?") for b in _literal(raw)))
    return "\n".join(shown)


def test_pdf_is_real_size_with_embedded_subset_font(font: CjkFont) -> None:
    art = art_from_token(plaque_digits(), name="郑州某某网络科技有限公司", site_url=SITE,
                         award_document="郑商务〔2024〕12号")  # fmt: skip
    pdf = render_pdf(art, font)
    assert pdf.startswith(b"%PDF-")
    assert b"/MediaBox [ 0 0 1133.858 850.3937 ]" in pdf  # 400 × 300 mm in points
    assert b"/FontFile2" in pdf
    assert re.search(rb"/BaseFont /[A-Z]{6}\+WenQuanYiMicroHei", pdf)
    text = shown_text(pdf)
    for expected in (
        "郑州市电子商务示范企业",
        "郑州某某网络科技有限公司",
        "核验码：000-042-7",
        "牌匾编号：000042",
        "认定日期：2024年5月20日",
        "认定文号：郑商务〔2024〕12号",
        "郑州市商务局",
    ):
        assert expected in text


def test_hostile_name_is_drawn_as_plain_text(font: CjkFont) -> None:
    name = '<b>粗体</b> (括号) \\ ) Tj /Evil 郑州 & "公司"'
    art = art_from_token(plaque_digits(), name=name, site_url=SITE)
    pdf = render_pdf(art, font)
    squeeze = str.maketrans("", "", " \n")  # the name may wrap at a space
    assert name.translate(squeeze) in shown_text(pdf).translate(squeeze)
    assert b"/Evil" not in pdf
    assert b"<b>" not in pdf


def test_certificate_pdf_is_a4_landscape(font: CjkFont) -> None:
    digits = plaque_digits(subject="ZZ-FIG-0001", kind="figure", form="certificate",
                           enterprise_class=None)  # fmt: skip
    pdf = render_pdf(art_from_token(digits, name="李四", site_url=SITE), font)
    assert b"/MediaBox [ 0 0 841.8898 595.2756 ]" in pdf
    assert "郑州市电子商务领军人物" in shown_text(pdf)


def test_pdf_bytes_are_deterministic(font: CjkFont, monkeypatch: pytest.MonkeyPatch) -> None:
    # A site build earlier in the same process sets SOURCE_DATE_EPOCH, which reportlab's
    # date follows; without it the date is reportlab's invariant one.
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    art = art_from_token(plaque_digits(), name="某单位", site_url=SITE)
    first = render_pdf(art, font)
    assert first == render_pdf(art, font)
    assert b"D:20000101000000" in first  # reportlab's invariant date


def _objects(pdf: bytes) -> dict[int, bytes]:
    """The PDF's indirect objects by number (reportlab writes no object streams)."""
    return {
        int(m.group(1)): m.group(2) for m in re.finditer(rb"(\d+) 0 obj\r?\n(.*?)endobj", pdf, re.S)
    }


@pytest.mark.parametrize("kind", ["plaque", "certificate"])
def test_every_font_in_the_pdf_is_embedded(font: CjkFont, kind: str) -> None:
    """Print shops refuse PDFs with fonts they must substitute (reportlab's default
    Helvetica was referenced, never embedded)."""
    digits = (
        plaque_digits()
        if kind == "plaque"
        else plaque_digits(subject="ZZ-FIG-0001", kind="figure", form="certificate")
    )
    pdf = render_pdf(art_from_token(digits, name="郑州某某网络科技有限公司", site_url=SITE), font)
    objects = _objects(pdf)
    fonts = [body for body in objects.values() if re.search(rb"/Type /Font\b(?!Descriptor)", body)]
    assert fonts
    for body in fonts:
        assert b"/Helvetica" not in body
        if b"/Subtype /Type0" in body:
            continue  # its descendant font is checked as a font of its own
        ref = re.search(rb"/FontDescriptor (\d+) 0 R", body)
        assert ref is not None, body[:200]
        assert re.search(rb"/FontFile[23]? \d+ 0 R", objects[int(ref.group(1))]), body[:200]
