"""`shifan check`: judge the roster and report its problems (exit 0 valid, 1 problems, 2 usage)."""

from __future__ import annotations

import argparse
import sys

from shifan.commands.common import add_keys_arg, add_registry_args, today_from
from shifan.report import LANGS, format_github, format_json, format_text, sort_problems

FORMATS = {"text": format_text, "json": format_json, "github": format_github}


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser(
        "check",
        help="validate the roster (exit 0 valid, 1 problems, 2 usage)",
        description="Check every registry file against the format and the policy.",
    )
    add_registry_args(parser)
    add_keys_arg(parser)
    parser.add_argument(
        "--format",
        choices=tuple(FORMATS),
        default="text",
        help="text (default), json, or github (Actions annotations)",
    )
    parser.add_argument(
        "--lang",
        choices=LANGS,
        default="zh",
        help="language of messages and hints: zh (default, 简体中文) or en (English); "
        "--format json carries the English as message_en/hint_en either way",
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    # Imported here: `check --help` and a usage error need none of it.
    from shifan.assessment import assess
    from shifan.background import in_background
    from shifan.formatting import layout_warnings

    # The layout check reads every file and needs nothing from the judgement: on a second
    # core it runs while the roster is read and judged.
    with in_background(layout_warnings, args.registry) as warnings:
        assessment = assess(args.registry, args.keys, today_from(args))
        errored = {p.loc.path for p in assessment.errors}  # S905 only once a file has no error
        layout = [p for p in warnings.result() if p.loc.path not in errored]
    problems = sort_problems([*assessment.problems, *layout])
    sys.stdout.write(FORMATS[args.format](problems, args.lang))
    return 0 if assessment.ok else 1
