"""The `shifan` command line: argument parsing and the one place errors become exit codes.

Each sub-command lives in its own module under `shifan.commands` and exposes
`register(subparsers)`, which adds its parser and sets `func(args) -> int` as default.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from shifan import __version__
from shifan.commands import (
    annual_report,
    audit,
    award,
    build,
    check,
    data_report,
    diff,
    due,
    fmt,
    keygen,
    new,
    notice,
    plaque,
    review,
    revoke,
    schema,
    serve,
    verify,
)
from shifan.errors import ShifanError, UsageError
from shifan.report import printable

# Each command module adds its own sub-parser(s) with `register(subparsers)`.
COMMANDS = (
    annual_report,
    audit,
    award,
    build,
    check,
    data_report,
    diff,
    due,
    fmt,
    keygen,
    new,
    notice,
    plaque,
    review,
    revoke,
    schema,
    serve,
    verify,
)


class _Parser(argparse.ArgumentParser):
    """argparse that raises instead of exiting, so `main()` owns every exit code."""

    def error(self, message: str) -> None:  # type: ignore[override]
        raise UsageError(f"{self.prog}: {message}", hint=f"run `{self.prog} --help` for usage")


EXIT_CODES = """exit codes (every command):
  0  ok
  1  problems found (check's errors, a refused build or plaque, an unreadable status)
  2  usage or missing input (bad arguments, no registry folder)
  3-11  `shifan verify` only: one per verdict (see `shifan verify --help`)"""


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="shifan",
        description="郑州市电子商务示范体系 registry: check, build, plaques, verify.",
        epilog=EXIT_CODES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"shifan {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    for command in COMMANDS:
        command.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI and return its exit status (0 ok, 1 problems, 2 usage, more per command)."""
    try:
        parser = build_parser()
        args = parser.parse_args(argv)
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
