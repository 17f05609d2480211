"""The formatters: text lines and hints, JSON shape, GitHub workflow-command escaping."""

from __future__ import annotations

import json

from shifan.errors import Problem, Severity
from shifan.model import Loc
from shifan.report import (
    escape_data,
    escape_property,
    format_github,
    format_json,
    format_text,
    sort_problems,
)

ERROR = Problem("S201", Loc("registry/a, b.yaml", 3, 1), "unknown field `x`", "did you mean `y`?")
WARNING = Problem(
    "S901", Loc("registry/u.yaml", 1, 1), "review due 100%\nsoon", "", Severity.WARNING
)


def test_text_lines_hints_and_summary() -> None:
    assert format_text([ERROR, WARNING], "en").splitlines() == [
        "registry/a, b.yaml:3:1: error[S201]: unknown field `x`",
        "  hint: did you mean `y`?",
        "registry/u.yaml:1:1: warning[S901]: review due 100%\\nsoon",
        "1 error, 1 warning in 2 files",
    ]
    assert format_text([], "en") == "no problems found\n"


def test_json_shape_is_stable() -> None:
    document = json.loads(format_json([WARNING], "en"))
    assert list(document) == ["version", "errors", "warnings", "problems"]
    assert document["problems"] == [
        {
            "code": "S901",
            "severity": "warning",
            "path": "registry/u.yaml",
            "line": 1,
            "col": 1,
            "message": "review due 100%\\nsoon",  # neutralised as in the other formats
            "hint": "",
            "message_en": "review due 100%\\nsoon",
            "hint_en": "",
        }
    ]
    assert "名" in format_json([Problem("S1", Loc("p"), "名")])  # not \\u-escaped


def test_github_escaping() -> None:
    assert escape_data("100%\r\nx: y, z") == "100%25%0D%0Ax: y, z"
    assert escape_property("a:b,c%\n") == "a%3Ab%2Cc%25%0A"
    lines = format_github([ERROR, WARNING], "en").splitlines()
    assert lines[0] == (
        "::error file=registry/a%2C b.yaml,line=3,col=1,title=S201::"
        "unknown field `x`%0Ahint: did you mean `y`?"
    )
    assert (
        lines[1]
        == "::warning file=registry/u.yaml,line=1,col=1,title=S901::review due 100%25\\nsoon"
    )


def test_sorted_by_path_line_col_code() -> None:
    a = Problem("S2", Loc("b", 1, 1), "m")
    b = Problem("S1", Loc("a", 2, 1), "m")
    c = Problem("S1", Loc("a", 1, 5), "m")
    d = Problem("S0", Loc("a", 1, 5), "m")
    assert sort_problems([a, b, c, d]) == [d, c, b, a]


def test_control_characters_from_the_roster_are_escaped() -> None:
    nasty = Problem("S201", Loc("registry/x.yaml", 1, 1), "unknown field `\x1b[2J\x07`", "h\x9b")
    for text in (format_text([nasty], "en"), format_github([nasty], "en")):
        assert "\x1b" not in text
        assert "\x07" not in text
        assert "\x9b" not in text
    assert "unknown field `\\x1b[2J\\x07`" in format_text([nasty], "en")
