"""CSV exports: BOM for Excel, one row per record, formula injection defused, text literal."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest

from shifan.site.api import csv_files
from shifan.site.encode import csv_bytes, defuse_cell
from support import HOSTILE_TEXTS, assessed, small_roster

TODAY = dt.date(2026, 11, 27)


def _rows(data: bytes) -> list[list[str]]:
    assert data.startswith(b"\xef\xbb\xbf"), "Excel needs the UTF-8 BOM to read Chinese"
    return list(csv.reader(io.StringIO(data[3:].decode("utf-8"), newline="")))


def _files(*, hostile: bool = False) -> dict[str, bytes]:
    return csv_files(assessed(small_roster(hostile=hostile), TODAY), site_url="https://x.org/")


@pytest.mark.parametrize("text", ["=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx"])
def test_formula_starts_get_a_quote(text: str) -> None:
    assert defuse_cell(text) == "'" + text


@pytest.mark.parametrize(
    ("value", "cell"), [("郑州", "郑州"), ("a=b", "a=b"), (-5, "-5"), (None, ""), (True, "是")]
)
def test_plain_values_are_unchanged(value: str | int | bool | None, cell: str) -> None:
    assert defuse_cell(value) == cell


def test_csv_round_trips_quotes_commas_and_newlines() -> None:
    data = csv_bytes(["a", "b"], [['x,"y"', "line\nbreak"]])
    assert data.endswith(b"\r\n")
    assert _rows(data) == [["a", "b"], ['x,"y"', "line\nbreak"]]


def test_units_export_has_a_row_per_unit_with_chinese_labels() -> None:
    rows = _rows(_files()["downloads/units.csv"])
    header, body = rows[0], rows[1:]
    assert header[:3] == ["编号", "名称", "类别"]
    assert [r[0] for r in body] == sorted(r[0] for r in body)
    by_id = {r[0]: dict(zip(header, r, strict=True)) for r in body}
    assert len(by_id) == 6
    ent = by_id["ZZ-ENT-0042"]
    assert (ent["县(市、区)"], ent["状态"], ent["授牌文号"]) == (
        "金水区",
        "有效",
        "郑商务〔2025〕12号",
    )
    revoked = by_id["ZZ-EDU-0007"]
    assert (revoked["撤销原因"], revoked["撤销日期"]) == ("申报材料弄虚作假", "2025-03-01")


def test_figures_and_notices_exports() -> None:
    files = _files()
    figures = _rows(files["downloads/figures.csv"])
    assert figures[1][:2] == ["ZZ-FIG-0001", "张某某"]
    notices = _rows(files["downloads/notices.csv"])
    assert [(r[0], r[4], r[5]) for r in notices[1:]] == [
        ("GS-2025-01", "已结束", "ZZ-ENT-0042"),
        ("GS-2026-02", "公示中", "ZZ-TWN-0003"),
    ]


def test_hostile_text_appears_literally_and_formulas_are_defused() -> None:
    files = _files(hostile=True)
    cells = [cell for data in files.values() for row in _rows(data) for cell in row]
    for text in HOSTILE_TEXTS:
        if text.startswith("="):
            assert any(c.startswith("'" + text) for c in cells), text
        else:
            assert any(text in c for c in cells), text
    assert not any(c.startswith(("=", "+", "@")) for c in cells)
