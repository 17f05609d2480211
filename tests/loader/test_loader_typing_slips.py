"""Slips Chinese typists make get exact messages: full-width colons and spaces, unclosed
quotes, Chinese names where an enumeration id or a district id belongs."""

from __future__ import annotations

from pathlib import Path

import pytest

from shifan.cli import main
from shifan.errors import Problem
from shifan.loader.registry import load_roster
from support import UNIT_YAML, small_registry

PLACE = "units/park/ZZ-PRK-0001.yaml"
PATH = f"registry/{PLACE}"


def _problems(tmp_path: Path, text: str) -> list[Problem]:
    _, problems = load_roster(small_registry(tmp_path, {PLACE: text}))
    return sorted(problems, key=lambda p: (p.loc.line, p.loc.col))


def test_full_width_colon_is_reported_on_its_own_line(tmp_path: Path) -> None:
    text = UNIT_YAML.replace("district: jinshui\n", "district：jinshui\n")
    line = text.splitlines().index("district：jinshui") + 1
    problems = _problems(tmp_path, text)
    assert [(p.code, p.loc.line, p.loc.col) for p in problems] == [("S110", line, 9)]
    assert "把全角冒号改成半角" in problems[0].hint_zh
    assert "`district`" in problems[0].message_zh


def test_full_width_space_after_the_colon_and_in_the_indentation(tmp_path: Path) -> None:
    text = UNIT_YAML.replace("level: municipal", "level:\u3000municipal").replace(
        "  office_area: 12000", "\u3000office_area: 12000"
    )
    lines = text.splitlines()
    problems = _problems(tmp_path, text)
    assert [(p.code, p.loc.line, p.loc.col) for p in problems] == [
        ("S110", lines.index("level:\u3000municipal") + 1, 7),
        ("S110", lines.index("\u3000office_area: 12000") + 1, 1),
    ]
    assert all("把全角空格改成半角" in p.hint_zh for p in problems)


def test_full_width_colon_inside_a_value_is_text(tmp_path: Path) -> None:
    text = UNIT_YAML.replace("document: 园区管委会设立文件", "document: 文件：园区管委会设立")
    assert _problems(tmp_path, text) == []


def test_unclosed_quote_is_reported_where_it_opens(tmp_path: Path) -> None:
    text = UNIT_YAML.replace("name: 郑州示例电子商务产业园", 'name: "郑州示例电子商务产业园')
    line = text.splitlines().index('name: "郑州示例电子商务产业园') + 1
    problems = _problems(tmp_path, text)
    assert [(p.code, p.loc.line, p.loc.col) for p in problems] == [("S101", line, 7)]
    assert "没有闭合" in problems[0].message_zh
    assert "never closed" in problems[0].message


def test_unclosed_single_quote_in_an_event_list(tmp_path: Path) -> None:
    text = UNIT_YAML.replace(
        "  - {type: awarded, date: 2024-05-20, document: 郑商务〔2024〕12号}",
        "  - type: awarded\n    date: 2024-05-20\n    document: '郑商务〔2024〕12号",
    )
    line = text.splitlines().index("    document: '郑商务〔2024〕12号") + 1
    problems = _problems(tmp_path, text)
    assert [(p.code, p.loc.line, p.loc.col) for p in problems] == [("S101", line, 15)]


@pytest.mark.parametrize(
    ("old", "new", "written"),
    [
        ("level: municipal", "level: 市级", "municipal"),
        ("kind: park", "kind: 示范园区", "park"),
        ("kind: park", "kind: 电子商务示范园区（基地）", "park"),
    ],
)
def test_chinese_enumeration_value_is_answered_with_the_id(
    tmp_path: Path, old: str, new: str, written: str
) -> None:
    problems = _problems(tmp_path, UNIT_YAML.replace(old, new))
    assert [p.code for p in problems] == ["S204"]
    field = old.split(":")[0]
    assert problems[0].hint_zh == f"改成 {field}: {written}"
    assert f"`{written}`" in problems[0].message


def test_chinese_kind_of_an_enterprise(tmp_path: Path) -> None:
    text = (
        UNIT_YAML.replace("ZZ-PRK-0001", "ZZ-ENT-0001")
        .replace("kind: park", "kind: 示范企业")
        .replace("level: municipal", "level: municipal\nenterprise_class: 应用类")
    )
    _, problems = load_roster(small_registry(tmp_path, {"units/enterprise/ZZ-ENT-0001.yaml": text}))
    hints = sorted(p.hint_zh for p in problems if p.code == "S204")
    assert hints == ["改成 enterprise_class: application", "改成 kind: enterprise"]


def test_chinese_district_name_is_answered_with_the_id(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = UNIT_YAML.replace("district: jinshui", "district: 金水区")
    registry = small_registry(tmp_path, {PLACE: text})
    assert main(["check", "--registry", str(registry), "--today", "2026-11-27"]) == 1
    out = capsys.readouterr().out
    assert f"{PATH}:6:11: error[S320]: ZZ-PRK-0001：区县要写编号 `jinshui`，不写名称“金水区”" in out
    assert "  提示：改成 district: jinshui" in out
