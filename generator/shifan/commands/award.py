"""`shifan award NOTICE --document 文号 --date D`: the award decision after a notice."""

from __future__ import annotations

import argparse
from typing import Any

from shifan.commands.common import parse_date
from shifan.commands.writing import add_common_args, apply, assess_before, notice_text
from shifan.lock import holding_registry_lock
from shifan.operations.award import plan_award


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "award",
        help="认定: write a notice's award decision and an `awarded` event per unit or figure",
        description=(
            "After the notice period has ended and every objection is resolved: write the "
            "notice's decision and an `awarded` event on each listed unit and leading figure "
            "with no upheld objection (or only on --units, which takes figure ids too)."
        ),
    )
    parser.add_argument("notice", metavar="NOTICE_ID")
    parser.add_argument("--document", required=True, help="认定决定文号, e.g. 郑商务〔2026〕99号")
    parser.add_argument(
        "--date", type=parse_date, metavar="YYYY-MM-DD", help="决定日期 (default: today)"
    )
    parser.add_argument(
        "--units", nargs="+", default=[], metavar="ID", help="only these units or figures"
    )
    parser.add_argument("--summary", help="决定摘要")
    add_common_args(parser)
    parser.set_defaults(func=holding_registry_lock(run))


def run(args: argparse.Namespace) -> int:
    a = assess_before(args)
    plan = plan_award(
        a,
        args.notice,
        document=args.document,
        day=args.date or a.today,
        units=args.units,
        summary=args.summary,
        text=notice_text(a, args.notice),
    )
    apply(args, a, plan)
    return 0
