"""The plaque QR encoder: same tables and symbols as the `qrcode` package (the oracle),
size goal, decodability by a real decoder."""

from __future__ import annotations

import io
import random
import re
import subprocess
import sys

import pytest
import qrcode
import zxingcpp
from hypothesis import given, settings
from hypothesis import strategies as st
from PIL import Image
from qrcode import base as qr_base
from qrcode import util as qr_util
from qrcode.util import MODE_8BIT_BYTE, MODE_NUMBER, QRData, create_data

from shifan.errors import ShifanError
from shifan.plaques import qr, qr_matrix, qr_tables
from shifan.plaques.qr_tables import EC_LEVELS, MAX_VERSION, EcLevel
from support import REPO, plaque_digits

SITE_32 = "https://" + "zzsw.henan-example.cn/shifan-reg"  # 32 characters after the scheme


ALL_VERSIONS = range(1, MAX_VERSION + 1)
QRCODE_LEVEL = {"L": qrcode.constants.ERROR_CORRECT_L, "M": qrcode.constants.ERROR_CORRECT_M}
QRCODE_LEVEL |= {"Q": qrcode.constants.ERROR_CORRECT_Q, "H": qrcode.constants.ERROR_CORRECT_H}


def reference(
    prefix: bytes, digits: str, mask: int, ec_level: EcLevel = "Q", version: int | None = None
) -> qrcode.QRCode:
    code = qrcode.QRCode(
        version=version, error_correction=QRCODE_LEVEL[ec_level], mask_pattern=mask
    )
    code.add_data(QRData(prefix, MODE_8BIT_BYTE))
    code.add_data(QRData(digits, MODE_NUMBER))
    code.make(fit=version is None)
    return code


def most_digits(prefix: bytes, version: int, ec_level: EcLevel) -> int:
    """The longest token that fits `version` after `prefix`, so the symbol fills it."""
    capacity = qr_tables.data_capacity_bits(version, ec_level)
    lo, hi = 0, 8000
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if qr._segment_bits(version, len(prefix), mid) <= capacity:
            lo = mid
        else:
            hi = mid - 1
    return lo


def filling(version: int, ec_level: EcLevel, site: str = "https://a.cn") -> tuple[bytes, str]:
    """A prefix and the most digits after it that `version` holds (versions 1-2 are too
    small for a site address: their prefix is just `#`)."""
    prefix = qr.url_prefix(site).encode() if version > 2 else b"#"
    return prefix, ("27182818284590452353" * 400)[: most_digits(prefix, version, ec_level)]


@pytest.mark.parametrize("version", ALL_VERSIONS)
def test_tables_match_qrcode_for_every_version_and_level(version: int) -> None:
    assert list(qr_tables.alignment_positions(version)) == qr_util.pattern_position(version)
    for level in EC_LEVELS:
        expected = qr_base.rs_blocks(version, qr_tables.EC_BITS[level])
        blocks = [(b.total_count, b.data_count) for b in expected]
        assert list(qr_tables.rs_blocks(version, level)) == blocks
    if version >= 7:
        assert qr_tables.version_bits(version) == qr_util.BCH_type_number(version)
    assert qr_tables.data_modules(version) == qr_matrix._template(version).data_count


def test_format_bits_match_qrcode_for_every_level_and_mask() -> None:
    for level in EC_LEVELS:
        for mask in range(8):
            bits = qr_util.BCH_type_info((qr_tables.EC_BITS[level] << 3) | mask)
            assert qr_tables.format_bits(level, mask) == bits


@pytest.mark.parametrize("version", ALL_VERSIONS)
def test_same_full_symbol_as_qrcode_at_every_version(version: int) -> None:
    level = EC_LEVELS[version % 4]  # each level at 10 versions, small to large
    prefix, digits = filling(version, level)
    mine = qr.encode_segments(prefix, digits, level)
    assert (mine.version, mine.ec_level) == (version, level)
    ref = reference(prefix, digits, mine.mask, level, version)
    assert mine.rows == tuple("".join("1" if m else "0" for m in row) for row in ref.modules)


def test_encoder_runs_without_the_qrcode_package() -> None:
    # The package is only the tests' oracle: the encoder must not import it.
    program = (
        "import sys; sys.modules['qrcode'] = None\n"
        "from shifan.plaques import qr\n"
        "print(qr.encode_plaque_url('https://a.cn', '123').size)"
    )
    result = subprocess.run(
        [sys.executable, "-c", program], cwd=REPO, capture_output=True, text=True, check=False
    )
    assert (result.returncode, result.stdout) == (0, "25\n"), result.stderr


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


@pytest.mark.parametrize("version", ALL_VERSIONS)
def test_every_version_decodes_with_a_real_decoder(version: int) -> None:
    levels: tuple[EcLevel, ...] = EC_LEVELS if version % 5 == 1 else ("Q",)
    for level in levels:
        prefix, digits = filling(version, level, site="https://zzsw.example.cn")
        matrix = qr.encode_segments(prefix, digits, level)
        assert matrix.version == version
        assert decode(matrix, module_px=3) == [prefix.decode() + digits]


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
