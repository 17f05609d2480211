"""The plaque QR encoder: same symbols as the `qrcode` package, size goal, decodability."""

from __future__ import annotations

import io
import random
import re

import pytest
import qrcode
import zxingcpp
from hypothesis import given, settings
from hypothesis import strategies as st
from PIL import Image
from qrcode.util import MODE_8BIT_BYTE, MODE_NUMBER, QRData, create_data

from shifan.errors import ShifanError
from shifan.plaques import qr, qr_matrix
from support import plaque_digits

SITE_32 = "https://" + "zzsw.henan-example.cn/shifan-reg"  # 32 characters after the scheme


def reference(prefix: bytes, digits: str, mask: int) -> qrcode.QRCode:
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_Q, mask_pattern=mask)
    code.add_data(QRData(prefix, MODE_8BIT_BYTE))
    code.add_data(QRData(digits, MODE_NUMBER))
    code.make(fit=True)
    return code


@pytest.mark.parametrize(
    ("site", "digit_count"),
    [("https://a.cn", 4), ("http://h", 30), (SITE_32, 220), (SITE_32, 273), ("https://b.cn", 700)],
)
def test_same_codewords_and_matrix_as_qrcode_for_every_mask(site: str, digit_count: int) -> None:
    digits = ("31415926535897932384" * 40)[:digit_count]
    prefix = qr.url_prefix(site).encode()
    for mask in range(8):
        ref = reference(prefix, digits, mask)
        version = qr._fit_version(len(prefix), len(digits), "Q")
        assert version == ref.version
        data = qr.data_codewords(prefix, digits, version, "Q")
        codewords = qr.all_codewords(data, version, "Q")
        expected = create_data(version, 3, [QRData(prefix, MODE_8BIT_BYTE), QRData(digits, 1)])
        assert list(codewords) == list(expected)
        mine = qr_matrix.matrix_for(codewords, version, "Q", mask)
        assert mine.rows == tuple("".join("1" if m else "0" for m in row) for row in ref.modules)


@settings(max_examples=15, deadline=None)
@given(
    host=st.from_regex(r"[a-z0-9]{1,20}(\.[a-z0-9]([a-z0-9-]{0,8}[a-z0-9])?){0,3}", fullmatch=True),
    digits=st.text("0123456789", min_size=1, max_size=300),
)
def test_any_url_round_trips_through_a_real_decoder(host: str, digits: str) -> None:
    site = f"https://{host}"
    matrix = qr.encode_plaque_url(site, digits)
    assert decode(matrix, module_px=3) == [f"{site}/v/#{digits}"]


def decode(matrix: qr_matrix.QrMatrix, *, module_px: int) -> list[str]:
    side = matrix.size_with_quiet_zone
    image = Image.new("L", (side, side), 255)
    for r, c, n in matrix.runs():
        for i in range(n):
            image.putpixel((c + i + qr.QUIET_ZONE, r + qr.QUIET_ZONE), 0)
    image = image.resize((side * module_px, side * module_px), Image.Resampling.NEAREST)
    buf = io.BytesIO()
    image.save(buf, "PNG")
    return [b.text for b in zxingcpp.read_barcodes(Image.open(buf))]


def test_goal_version_10_at_q_for_a_32_character_site_and_11_character_ids() -> None:
    assert len(SITE_32) == len("https://") + 32
    digits = plaque_digits(subject="ZZ-ENT-0042", serial=0xFFFFFFFF)
    assert len(digits) == 220  # 88 bytes
    matrix = qr.encode_plaque_url(SITE_32, digits)
    assert (matrix.version, matrix.size, matrix.ec_level) == (10, 57, "Q")
    assert qr.qr_version_histogram([digits], SITE_32) == {10: 1}


def test_longest_ids_need_version_11_on_a_32_character_site() -> None:
    digits = plaque_digits(subject="Z" * 32)
    assert len(digits) == 273  # 109 bytes
    assert qr.encode_plaque_url(SITE_32, digits).version == 11
    shorter_site = "https://zzsw.example.cn"
    assert qr.encode_plaque_url(shorter_site, digits).version == 10


def test_prefix_is_a_byte_segment_and_token_a_numeric_segment() -> None:
    data = qr.data_codewords(b"https://x/v/#", "123", 1, "Q")
    bits = "".join(format(b, "08b") for b in data)
    assert bits.startswith("0100" + format(13, "08b"))  # byte mode, 13 bytes
    numeric = 12 + 8 * 13
    assert bits[numeric : numeric + 4 + 10 + 10] == "0001" + format(3, "010b") + format(123, "010b")


def test_histogram_counts_versions() -> None:
    short = plaque_digits(subject="A")
    long = plaque_digits(subject="Z" * 32)
    assert qr.qr_version_histogram([short, short, long], "https://a.cn") == {8: 2, 10: 1}


def test_quiet_zone_and_runs() -> None:
    matrix = qr.encode_plaque_url("https://a.cn", "1")
    assert matrix.size_with_quiet_zone == matrix.size + 8
    rebuilt = [["0"] * matrix.size for _ in range(matrix.size)]
    for r, c, n in matrix.runs():
        rebuilt[r][c : c + n] = ["1"] * n
    assert tuple("".join(row) for row in rebuilt) == matrix.rows


@pytest.mark.parametrize("site", ["shifan.example.cn", "ftp://x", ""])
def test_site_must_be_http(site: str) -> None:
    with pytest.raises(ShifanError, match="not an http"):
        qr.encode_plaque_url(site, "123")


def test_token_must_be_digits() -> None:
    with pytest.raises(ShifanError, match="decimal digits"):
        qr.encode_plaque_url("https://a.cn", "12a")


def reference_penalty(rows: tuple[str, ...]) -> int:
    """ISO/IEC 18004 §7.8.3 written out module by module (slow, obviously right)."""
    n = len(rows)
    cols = ["".join(col) for col in zip(*rows, strict=True)]
    score = 0
    for line in (*rows, *cols):
        score += sum(len(run) - 2 for run in re.findall("0{5,}|1{5,}", line))
        padded = f"0000{line}0000"
        for i in range(len(padded) - 10):
            score += 40 * (padded[i : i + 11] in ("10111010000", "00001011101"))
    for r in range(n - 1):
        for c in range(n - 1):
            score += 3 * (rows[r][c] == rows[r][c + 1] == rows[r + 1][c] == rows[r + 1][c + 1])
    dark, total = sum(row.count("1") for row in rows), n * n
    return score + 10 * max(0, (abs(dark * 20 - total * 10) + total - 1) // total - 1)


@settings(max_examples=60, deadline=None)
@given(
    size=st.sampled_from([21, 25, 57]),
    seed=st.integers(0, 2**32),
    dark=st.sampled_from(["01", "0001111", "0111", "00001"]),
)
def test_fast_penalty_equals_the_reference(size: int, seed: int, dark: str) -> None:
    rng = random.Random(seed)
    rows = tuple("".join(rng.choice(dark) for _ in range(size)) for _ in range(size))
    assert qr_matrix.penalty(rows) == reference_penalty(rows)


def test_chosen_mask_has_the_lowest_penalty() -> None:
    digits = plaque_digits()
    prefix = qr.url_prefix(SITE_32).encode()
    chosen = qr.encode_plaque_url(SITE_32, digits)
    codewords = qr.all_codewords(qr.data_codewords(prefix, digits, 10, "Q"), 10, "Q")
    scores = [qr_matrix.penalty(qr_matrix.matrix_for(codewords, 10, "Q", m).rows) for m in range(8)]
    assert scores[chosen.mask] == min(scores)


def test_demo_roster_plaques_meet_the_version_goal() -> None:
    from shifan.loader.registry import load_roster
    from shifan.model import Figure, Unit
    from support import REPO

    roster, _ = load_roster(REPO / "registry")
    records: list[Unit | Figure] = [*roster.units.values(), *roster.figures.values()]
    digits = [e.token for r in records for e in r.events if e.type == "plaque_issued" and e.token]
    assert len(digits) >= 10
    histogram = qr.qr_version_histogram(digits, SITE_32)
    assert sum(histogram.values()) == len(digits)
    assert max(histogram) <= 10
