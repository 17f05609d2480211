"""`shifan check`: load and validate the roster; exit 0 valid, 1 problems, 2 usage."""

from __future__ import annotations

import argparse
import sys

from shifan.commands.common import add_registry_args, today_from
from shifan.errors import RegistryError, Severity, UsageError
from shifan.loader.registry import load_roster
from shifan.report import format_github, format_json, format_text, sort_problems
from shifan.signing.checks import check_keys_and_plaques
from shifan.validate import validate
from shifan.workdays import WorkCalendar

FORMATS = {"text": format_text, "json": format_json, "github": format_github}


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser(
        "check",
        help="validate the roster (exit 0 valid, 1 problems, 2 usage)",
        description="Check every registry file against the format and the policy.",
    )
    add_registry_args(parser)
    parser.add_argument(
        "--format",
        choices=tuple(FORMATS),
        default="text",
        help="text (default), json, or github (Actions annotations)",
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    today = today_from(args)
    try:
        roster, problems = load_roster(args.registry)
    except RegistryError as err:
        raise UsageError(err.message, hint=err.hint, loc=err.loc) from None
    cal = WorkCalendar(roster.calendar)
    problems.extend(validate(roster, cal, today))
    problems.extend(check_keys_and_plaques(args.registry, roster))
    ordered = sort_problems(problems)
    sys.stdout.write(FORMATS[args.format](ordered))
    return 1 if any(p.severity is Severity.ERROR for p in ordered) else 0
