"""Columns are characters, as editors count them, for every code the loader reports from raw
text: each case puts Chinese text before the faulty spot on the same line, marks the spot
with `⟦` (removed before loading) and expects the problem exactly there."""

from __future__ import annotations

from pathlib import Path

import pytest

from shifan.loader.registry import load_roster
from support import NOTICE_YAML, UNIT_YAML, small_registry

PLACE = "units/park/ZZ-PRK-0001.yaml"
MARK = "⟦"
EVENT = "  - {note: 郑州示例园区, type: recommended, date: 2024-03-10, district: jinshui"

CASES: list[tuple[str, str]] = [
    ("S101", "name: 郑州示例⟦\x07园区"),  # a control character
    ("S101", 'name: "郑州示例" ⟦园区: x'),  # a syntax error
    ("S102", "declared: {面积甲: 1, ⟦面积甲: 2}"),
    ("S103", "declared: {面积甲: ⟦&a 1}"),
    ("S104", "name: 郑州示例⟦\udcff园区"),  # the byte 0xff, not UTF-8
    ("S107", "declared: {面积甲: ⟦!!bool yes}"),
    ("S108", "name: 郑州示例⟦\u202e园区"),  # raw in the file
    ("S108", EVENT + ', document: ⟦"郑州\\u200b"}'),  # escaped in a value
    ("S201", EVENT + ", ⟦文号: x}"),
    ("S202", "name: ⟦''  # 郑州示例"),
    ("S203", EVENT + ", document: ⟦[郑州]}"),
    ("S204", "  - {note: 郑州示例园区, type: ⟦awardd}"),
    ("S205", EVENT + ", serial: ⟦054}".replace("recommended", "plaque_voided")),
    ("S206", "declared: {面积甲: ⟦99999999999999999}"),
    ("S401", "  - {note: 郑州示例园区, type: awarded, date: ⟦2024-02-30}"),
    ("S407", "  - {note: 郑州示例园区, type: awarded, date: ⟦9999-12-31}"),
]


def _file(line: str) -> tuple[bytes, int, int]:
    """The unit file with `line` in place; the 1-based line and column of the mark."""
    lines = UNIT_YAML.splitlines()
    key = line.strip().split(":")[0].lstrip("- {")
    if line.startswith("  - "):
        lines.append(line)
    else:
        at = next(i for i, text in enumerate(lines) if text.startswith(key + ":"))
        lines[at] = line
        if key == "declared":
            while lines[at + 1].startswith("  "):
                del lines[at + 1]
    row = next(i for i, text in enumerate(lines) if MARK in text)
    col = lines[row].index(MARK) + 1
    lines[row] = lines[row].replace(MARK, "")
    text = "\n".join(lines) + "\n"
    return text.encode("utf-8", "surrogateescape"), row + 1, col


@pytest.mark.parametrize(("code", "line"), CASES)
def test_s101_s104_count_bytes_as_columns(tmp_path: Path, code: str, line: str) -> None:
    content, row, col = _file(line)
    _, problems = load_roster(small_registry(tmp_path, {PLACE: content}))
    found = [(p.code, p.loc.line, p.loc.col) for p in problems if p.code == code]
    assert (code, row, col) in found, [f"{p.loc} {p.code} {p.message}" for p in problems]


def test_blank_required_text_after_chinese_text(tmp_path: Path) -> None:
    notice = NOTICE_YAML.replace(
        "channel:\n  department: 郑州市商务局电子商务处\n  phone: 0371-67000000\n",
        "channel: {phone: 郑州市商务局, department: '  '}\n",
    )
    registry = small_registry(tmp_path, {"notices/GS-2024-01.yaml": notice})
    _, problems = load_roster(registry)
    line = notice.splitlines().index("channel: {phone: 郑州市商务局, department: '  '}")
    col = "channel: {phone: 郑州市商务局, department: ".__len__() + 1
    assert [(p.code, p.loc.line, p.loc.col) for p in problems] == [("S202", line + 1, col)]
