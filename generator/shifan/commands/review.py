"""`shifan review UNIT --result pass|fail --document 文号`: record a re-review (复审)."""

from __future__ import annotations

import argparse
from typing import Any

from shifan.commands.common import parse_date
from shifan.commands.writing import add_common_args, apply, assess_before
from shifan.lock import holding_registry_lock
from shifan.operations.review import plan_review


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "review",
        help="复审: record a municipal unit's re-review (every 2 years)",
        description="Append a `review` event (passed or failed) to a unit holding its title.",
    )
    parser.add_argument("unit", metavar="UNIT_ID")
    parser.add_argument("--result", required=True, choices=["pass", "fail"])
    parser.add_argument("--document", required=True, help="复审结果文号")
    parser.add_argument(
        "--date", type=parse_date, metavar="YYYY-MM-DD", help="复审日期 (default: today)"
    )
    add_common_args(parser)
    parser.set_defaults(func=holding_registry_lock(run))


def run(args: argparse.Namespace) -> int:
    a = assess_before(args)
    plan = plan_review(
        a, args.unit, passed=args.result == "pass", day=args.date or a.today, document=args.document
    )
    after = apply(args, a, plan)
    status = after.units.get(a.roster.units[args.unit].id) if args.unit in a.roster.units else None
    if status is not None and status.next_review_due is not None:
        print(f"下次复审: {status.next_review_due} 前")
    return 0
