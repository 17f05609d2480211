"""argparse's own refusals (unknown option, missing argument, bad choice, missing value) read
in Chinese first on every sub-command, exit 2, and never show a traceback."""

from __future__ import annotations

import argparse
import re

import pytest

from shifan.cli import argparse_message_zh, build_parser, main

CJK = re.compile(r"[\u4e00-\u9fff]")


def command_paths() -> list[tuple[str, ...]]:
    """Every runnable command of the real parser, as its words (`("plaque", "void")`)."""
    found: list[tuple[str, ...]] = []

    def walk(parser: argparse.ArgumentParser, words: tuple[str, ...]) -> None:
        subs = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
        if not subs:
            found.append(words)
        for action in subs:
            for name, child in action.choices.items():
                walk(child, (*words, name))

    walk(build_parser(), ())
    return found


PATHS = command_paths()


def refusal(argv: list[str], capsys: pytest.CaptureFixture[str]) -> str:
    code = main(argv)
    err = capsys.readouterr().err
    assert code == 2, (argv, err)
    assert "Traceback" not in err
    return err


def test_every_command_is_found() -> None:
    assert len(PATHS) > 20
    assert ("plaque", "void") in PATHS
    assert ("check",) in PATHS


@pytest.mark.parametrize("words", PATHS, ids=" ".join)
def test_an_unknown_option_is_refused_in_chinese(
    words: tuple[str, ...], capsys: pytest.CaptureFixture[str]
) -> None:
    err = refusal([*words, "--no-such-option"], capsys)
    first = err.splitlines()[0]
    assert "无法识别的参数" in first or "缺少必需的参数" in first, err
    assert "提示：用法见" in err


def test_each_kind_of_argparse_refusal_reads_in_chinese(
    capsys: pytest.CaptureFixture[str],
) -> None:
    cases = {
        "缺少必需的参数": ["plaque", "void"],
        "无效，可选": ["check", "--lang", "xx"],
        "需要一个值": ["check", "--lang"],
        "无法识别的参数": ["check", "extra", "words"],
    }
    for zh, argv in cases.items():
        err = refusal(argv, capsys)
        assert zh in err.splitlines()[0], (argv, err)
        assert not err.startswith("shifan: shifan"), err


@pytest.mark.parametrize(
    "message",
    [
        "the following arguments are required: SERIAL",
        "unrecognized arguments: --x",
        "one of the arguments --a --b is required",
        "ambiguous option: --re could match --reason, --registry",
        "argument --lang: invalid choice: 'xx' (choose from 'zh', 'en')",
        "argument --year: invalid int value: 'abc'",
        "argument --out: expected one argument",
        "argument --units: expected at least one argument",
        "argument --x: expected at most one argument",
        "argument --a: not allowed with argument --b",
        "argument --flag: ignored explicit argument 'v'",
    ],
)
def test_argparse_messages_have_chinese_first_and_keep_the_english(message: str) -> None:
    text = argparse_message_zh(message)
    assert CJK.match(text) or CJK.search(text.split("（")[0]), text
    assert text.endswith(f"（{message}）")


def test_an_unknown_message_is_left_as_it_is() -> None:
    assert argparse_message_zh("something new") == "something new"
