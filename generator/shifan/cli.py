"""The `shifan` command line: argument parsing and the one place errors become exit codes.

Each sub-command lives in its own module under `shifan.commands` and exposes
`register(subparsers)`, which adds its parser and sets `func(args) -> int` as default.
"""

from __future__ import annotations

import argparse
import importlib
import re
import sys
from collections.abc import Sequence

from shifan import __version__
from shifan.errors import ShifanError, UsageError
from shifan.report import printable

# Each command module adds its own sub-parser(s) with `register(subparsers)`. They are
# imported only when needed: `shifan check` does not pay for MkDocs, Jinja or the plaque art.
COMMANDS = {
    "annual-report": "annual_report",
    "audit": "audit",
    "award": "award",
    "build": "build",
    "check": "check",
    "data-report": "data_report",
    "diff": "diff",
    "due": "due",
    "fmt": "fmt",
    "keygen": "keygen",
    "log": "log",
    "new": "new",
    "notice": "notice",
    "plaque": "plaque",
    "review": "review",
    "revoke": "revoke",
    "schema": "schema",
    "serve": "serve",
    "verify": "verify",
}


def _wanted(argv: Sequence[str]) -> list[str]:
    """The command named on the command line, or every command (help, a typo, none)."""
    named = next((arg for arg in argv if not arg.startswith("-")), None)
    return [named] if named in COMMANDS else list(COMMANDS)


# argparse's own messages, in Chinese: (pattern of the English text, Chinese template).
_ARGPARSE_ZH: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern, re.S), zh)
    for pattern, zh in (
        (r"the following arguments are required: (?P<a>.*)", "缺少必需的参数：{a}"),
        (r"unrecognized arguments: (?P<a>.*)", "无法识别的参数：{a}"),
        (r"one of the arguments (?P<a>.*) is required", "必须给出以下参数之一：{a}"),
        (r"ambiguous option: (?P<a>\S+) could match (?P<b>.*)", "选项 {a} 不明确，可能是：{b}"),
        (
            r"argument (?P<a>.+?): invalid choice: (?P<b>.+?) \(choose from (?P<c>.*)\)",
            "参数 {a} 的值 {b} 无效，可选：{c}",
        ),
        (r"argument (?P<a>.+?): invalid (?P<b>\S+) value: (?P<c>.*)", "参数 {a} 的值 {c} 无效"),
        (r"argument (?P<a>.+?): expected one argument", "参数 {a} 需要一个值"),
        (r"argument (?P<a>.+?): expected at least one argument", "参数 {a} 至少需要一个值"),
        (r"argument (?P<a>.+?): expected at most one argument", "参数 {a} 最多只能有一个值"),
        (
            r"argument (?P<a>.+?): not allowed with argument (?P<b>.*)",
            "参数 {a} 不能与 {b} 同时使用",
        ),
        (r"argument (?P<a>.+?): ignored explicit argument (?P<b>.*)", "参数 {a} 不接受值 {b}"),
    )
)


def argparse_message_zh(message: str) -> str:
    """argparse's English `message` as Chinese first, the English kept in brackets."""
    for pattern, zh in _ARGPARSE_ZH:
        match = pattern.fullmatch(message)
        if match:
            return f"{zh.format(**match.groupdict())}（{message}）"
    return message


class _Parser(argparse.ArgumentParser):
    """argparse that raises instead of exiting, so `main()` owns every exit code."""

    def error(self, message: str) -> None:  # type: ignore[override]
        # main() prints "shifan: " before every message; name only the sub-command here.
        command = self.prog.removeprefix("shifan").strip()
        raise UsageError(
            f"{command + ': ' if command else ''}{argparse_message_zh(message)}",
            hint=f"用法见 `{self.prog} --help`（usage）",
        )


EXIT_CODES = """exit codes (every command):
  0  ok
  1  problems found (check's errors, a refused build or plaque, an unreadable status)
  2  usage or missing input (bad arguments, no registry folder)
  3-11  `shifan verify` only: one per verdict (see `shifan verify --help`)"""


def build_parser(argv: Sequence[str] | None = None) -> argparse.ArgumentParser:
    """The parser; with `argv`, only the command it names is imported and registered."""
    parser = _Parser(
        prog="shifan",
        description="郑州市电子商务示范体系 registry: check, build, plaques, verify.",
        epilog=EXIT_CODES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"shifan {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    for name in _wanted(argv) if argv is not None else COMMANDS:
        importlib.import_module(f"shifan.commands.{COMMANDS[name]}").register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI and return its exit status (0 ok, 1 problems, 2 usage, more per command)."""
    try:
        given = sys.argv[1:] if argv is None else argv
        parser = build_parser(given)
        args = parser.parse_args(given)
        func = getattr(args, "func", None)
        if func is None:
            parser.print_help(sys.stderr)
            return 2
        result: int = func(args)
        return result
    except ShifanError as err:
        # Messages quote roster text and file names: neutralised line by line.
        text = "\n".join(printable(line) for line in str(err).split("\n"))
        print(f"shifan: {text}", file=sys.stderr)
        return err.exit_code
    except KeyboardInterrupt:
        print("shifan: interrupted", file=sys.stderr)
        return 130
