"""`shifan check` through `shifan.cli.main`: exit codes and the three output formats."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from shifan.cli import main
from support import DISTRICTS_YAML, write_registry

BAD_FIGURE = """\
id: ZZ-FIG-0001
name: no
nmae: 张三
field_of_work: 跨境电商
year: 2024
citation: 示例
"""


def _bad(tmp_path: Path) -> Path:
    return write_registry(
        tmp_path, {"districts.yaml": DISTRICTS_YAML, "figures/ZZ-FIG-0001.yaml": BAD_FIGURE}
    )


def test_valid_registry_exits_0(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    registry = write_registry(tmp_path, {"districts.yaml": DISTRICTS_YAML})
    assert (
        main(["check", "--lang", "en", "--registry", str(registry), "--today", "2026-11-27"]) == 0
    )
    assert capsys.readouterr().out == "no problems found\n"


def test_text_format(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(
        ["check", "--lang", "en", "--registry", str(_bad(tmp_path)), "--today", "2026-11-27"]
    )
    assert code == 1
    out = capsys.readouterr().out.splitlines()
    assert out == [
        "registry/figures/ZZ-FIG-0001.yaml:2:7: error[S203]: expected text, "
        "found the yes/no value `no`",
        "  hint: YAML reads unquoted `no` as yes/no: write it in quotes, 'no'",
        "registry/figures/ZZ-FIG-0001.yaml:3:1: error[S201]: unknown field `nmae` in Figure",
        "  hint: did you mean `name`?",
        "2 errors, 0 warnings in 1 file",
    ]


def test_text_format_is_chinese_by_default(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["check", "--registry", str(_bad(tmp_path)), "--today", "2026-11-27"])
    assert code == 1
    assert capsys.readouterr().out.splitlines() == [
        "registry/figures/ZZ-FIG-0001.yaml:2:7: error[S203]: "
        "这里应写文字，实际是布尔值（yes/no）`no`",
        "  提示：YAML 把不加引号的 `no` 当作是/否：加上引号，写成 'no'",
        "registry/figures/ZZ-FIG-0001.yaml:3:1: error[S201]: Figure 中没有字段 `nmae`",
        "  提示：是不是 `name`？",
        "2 个错误，0 个警告，涉及 1 个文件",
    ]
    registry = write_registry(tmp_path / "ok", {"districts.yaml": DISTRICTS_YAML})
    assert main(["check", "--registry", str(registry), "--today", "2026-11-27"]) == 0
    assert capsys.readouterr().out == "未发现问题\n"


def test_json_format(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["check", "--lang", "en", "--registry", str(_bad(tmp_path)), "--format", "json"])
    assert code == 1
    document = json.loads(capsys.readouterr().out)
    assert document["version"] == 1
    assert (document["errors"], document["warnings"]) == (2, 0)
    assert document["problems"][1] == {
        "code": "S201",
        "severity": "error",
        "path": "registry/figures/ZZ-FIG-0001.yaml",
        "line": 3,
        "col": 1,
        "message": "unknown field `nmae` in Figure",
        "hint": "did you mean `name`?",
        "message_en": "unknown field `nmae` in Figure",
        "hint_en": "did you mean `name`?",
    }


def test_json_format_in_chinese_keeps_the_english(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["check", "--registry", str(_bad(tmp_path)), "--format", "json"])
    assert code == 1
    problem = json.loads(capsys.readouterr().out)["problems"][1]
    assert (problem["message"], problem["hint"]) == ("Figure 中没有字段 `nmae`", "是不是 `name`？")
    assert (problem["message_en"], problem["hint_en"]) == (
        "unknown field `nmae` in Figure",
        "did you mean `name`?",
    )


def test_github_format(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["check", "--lang", "en", "--registry", str(_bad(tmp_path)), "--format", "github"])
    assert code == 1
    lines = capsys.readouterr().out.splitlines()
    assert lines[1] == (
        "::error file=registry/figures/ZZ-FIG-0001.yaml,line=3,col=1,title=S201::"
        "unknown field `nmae` in Figure%0Ahint: did you mean `name`?"
    )
    assert lines[-1] == "2 errors, 0 warnings in 1 file"


def test_missing_registry_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "--registry", str(tmp_path / "none")]) == 2
    err = capsys.readouterr().err
    assert "registry folder not found" in err
    assert "找不到名册文件夹" in err
    assert "提示：在仓库根目录下运行" in err
    assert "Traceback" not in err


@pytest.mark.parametrize(
    "argv",
    [
        ["check", "--today", "2026-13-01"],
        ["check", "--format", "xml"],
        ["check", "--bogus"],
    ],
)
def test_usage_errors_exit_2(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    assert main(argv) == 2
    assert "shifan" in capsys.readouterr().err


def test_unknown_calendar_year_for_notice(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    notice = (
        "id: GS-2027-01\ntitle: 公示\npublished: 2027-05-06\nworking_days: 5\n"
        "channel: {department: 市商务局}\nentries: []\n"
    )
    registry = write_registry(
        tmp_path, {"districts.yaml": DISTRICTS_YAML, "notices/GS-2027-01.yaml": notice}
    )
    assert (
        main(["check", "--lang", "en", "--registry", str(registry), "--today", "2027-05-07"]) == 1
    )
    out = capsys.readouterr().out
    assert "registry/notices/GS-2027-01.yaml:4:15: error[S402]" in out
    assert "2027" in out
    assert "registry/calendar/2027.yaml" in out
