"""Roster text (file names, quoted values) cannot inject into CI logs or drive a terminal.

Every format of `shifan check` shows control, format (bidi, zero-width) and separator
characters escaped; the GitHub format escapes workflow-command syntax in the `file=`
property and in the message; JSON stays valid. Tested over the whole family of characters
with Hypothesis, and end to end with hostile file names in a real registry.
"""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from shifan.cli import main
from shifan.errors import Problem, Severity
from shifan.model import Loc
from shifan.report import format_github, format_json, format_text, printable
from support import UNIT_YAML, small_registry

HIDDEN = {"Cc", "Cf", "Cs", "Cn", "Zl", "Zp"}
FAMILY = (
    [chr(c) for c in range(0x20)]
    + ["\x7f", *(chr(c) for c in range(0x80, 0xA0))]
    + [chr(c) for c in (0x200B, 0x200C, 0x200D, 0x200E, 0x200F, 0x2060, 0xFEFF, 0x00AD)]
    + [chr(c) for c in range(0x202A, 0x202F)]
    + [chr(c) for c in range(0x2066, 0x206A)]
    + ["\u2028", "\u2029", "\udcff", "\ud800", "\U000e0041", "\U000e007f"]
)
SYNTAX = ["%", ":", ",", "::", "::error file=x::", "%0A", "\\", "=", " ", "郑", "州", "a", "\u3000"]
hostile_text = st.lists(
    st.one_of(st.sampled_from(FAMILY), st.sampled_from(SYNTAX), st.text(max_size=3)), max_size=12
).map("".join)


def _problems(paths: list[str], messages: list[str], hints: list[str]) -> list[Problem]:
    return [
        Problem(
            "S203",
            Loc(path, i + 1, 2),
            message,
            hint,
            Severity.WARNING if i % 2 else Severity.ERROR,
            message_zh=f"中文：{message}",  # roster text quoted in the Chinese texts too
            hint_zh=f"提示{hint}" if hint else "",
        )
        for i, (path, message, hint) in enumerate(zip(paths, messages, hints, strict=False))
    ]


def _visible(output: str) -> None:
    output.encode("utf-8")  # never unencodable (lone surrogates from file names)
    for line in output.split("\n"):
        hidden = [ch for ch in line if unicodedata.category(ch) in HIDDEN]
        assert hidden == [], line


def _unescape_property(value: str) -> str:
    for escaped, raw in (("%3A", ":"), ("%2C", ","), ("%0D", "\r"), ("%0A", "\n"), ("%25", "%")):
        value = value.replace(escaped, raw)
    return value


def _unescape_data(value: str) -> str:
    for escaped, raw in (("%0D", "\r"), ("%0A", "\n"), ("%25", "%")):
        value = value.replace(escaped, raw)
    return value


@settings(max_examples=150, deadline=None)
@given(
    st.lists(hostile_text, min_size=1, max_size=4),
    st.lists(hostile_text, min_size=4, max_size=4),
    st.lists(hostile_text, min_size=4, max_size=4),
)
def test_file_names_and_messages_are_neutralised_in_every_format(
    paths: list[str], messages: list[str], hints: list[str]
) -> None:
    problems = _problems(paths, messages, hints)
    for lang in ("en", "zh"):
        _check_every_format(problems, lang)


def _check_every_format(problems: list[Problem], lang: str) -> None:
    text = format_text(problems, lang)
    _visible(text)
    lines = text.split("\n")
    assert lines[-1] == ""
    expected = sum(2 if p.hint else 1 for p in problems) + 1
    assert len(lines) - 1 == expected
    row = 0
    for p in problems:
        prefix = f"{printable(p.loc.path)}:{p.loc.line}:{p.loc.col}: {p.severity.value}[S203]: "
        message, hint = p.text(lang)
        assert lines[row] == prefix + printable(message)
        row += 1
        if hint:
            assert lines[row] == ("  hint: " if lang == "en" else "  提示：") + printable(hint)
            row += 1

    github = format_github(problems, lang)
    _visible(github)
    commands = github.split("\n")[:-2]
    assert len(commands) == len(problems)
    for p, line in zip(problems, commands, strict=True):
        head, _, message = line.partition("::")[2].partition("::")
        command, _, props = head.partition(" ")
        assert command == p.severity.value
        fields = dict(prop.split("=", 1) for prop in props.split(","))
        assert list(fields) == ["file", "line", "col", "title"]
        assert _unescape_property(fields["file"]) == printable(p.loc.path)
        assert fields["line"] == str(p.loc.line)
        text, hint = p.text(lang)
        label = "hint: " if lang == "en" else "提示："
        want = printable(text) + (f"\n{label}{printable(hint)}" if hint else "")
        assert _unescape_data(message) == want

    document = json.loads(format_json(problems, lang))
    _visible(format_json(problems, lang))
    for p, item in zip(problems, document["problems"], strict=True):
        assert item["path"] == printable(p.loc.path)
        assert item["message"] == printable(p.text(lang)[0])
        assert item["hint"] == printable(p.text(lang)[1])
        assert item["message_en"] == printable(p.message)
        assert item["hint_en"] == printable(p.hint)


@settings(max_examples=100, deadline=None)
@given(hostile_text)
def test_printable_escapes_only_the_invisible(text: str) -> None:
    shown = printable(text)
    assert all(unicodedata.category(ch) not in HIDDEN for ch in shown)
    visible = [ch for ch in text if unicodedata.category(ch) not in HIDDEN]
    rest = iter(shown)
    assert all(ch in rest for ch in visible)  # every visible character kept, in order
    if text.isprintable():
        assert shown == text


@pytest.mark.parametrize("fmt", ["text", "github", "json"])
def test_file_names_printed_raw_inject_workflow_commands(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], fmt: str
) -> None:
    hostile = [
        "ZZ-PRK-0002\n::error file=README.md,line=1::pwned.yaml",
        "ZZ-PRK-0003\x1b[2J\x1b]0;owned\x07.yaml",
        "ZZ-PRK-\u202e0004.yaml",
        "ZZ-PRK-0005\r::warning::x.yaml",
    ]
    registry = small_registry(tmp_path, {f"units/park/{name}": UNIT_YAML for name in hostile})
    (registry / "units" / "park" / "\u2066x\u2069.txt").write_text("x", encoding="utf-8")
    code = main(
        [
            "check",
            "--registry",
            str(registry),
            "--today",
            "2026-11-27",
            "--format",
            fmt,
            "--lang",
            "en",
        ]
    )
    assert code == 1
    out = capsys.readouterr().out
    _visible(out)
    assert "\x1b" not in out
    assert "\r" not in out
    if fmt == "json":
        paths = {p["path"] for p in json.loads(out)["problems"]}
        assert (
            "registry/units/park/ZZ-PRK-0002\\n::error file=README.md,line=1::pwned.yaml" in paths
        )
        return
    for line in out.splitlines():
        if fmt == "github":
            assert line.startswith(("::error file=registry/", "::warning file=registry/")) or (
                " in " in line and not line.startswith("::")
            ), line
        else:
            assert line.startswith(("registry/", "  hint: ")) or " errors" in line, line
    assert "ZZ-PRK-0002\\n::error" in out or "ZZ-PRK-0002\\n%3A%3Aerror" in out


def test_command_errors_neutralise_roster_text(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """An error a command raises (not a check problem) quotes roster text safely too."""
    from shifan.cli import main

    folder = tmp_path / "reg\x1b[31m\u202e\n::error::x"
    assert main(["check", "--registry", str(folder), "--today", "2026-11-27"]) == 2
    err = capsys.readouterr().err
    assert "\x1b" not in err
    assert "\u202e" not in err
