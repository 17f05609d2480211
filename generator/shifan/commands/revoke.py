"""`shifan revoke UNIT --reason failed-review|falsified|illegal --document 文号`."""

from __future__ import annotations

import argparse
from typing import Any

from shifan.commands.common import parse_date
from shifan.commands.writing import add_common_args, apply, assess_before
from shifan.lock import holding_registry_lock
from shifan.model import RevocationReason, UnitId
from shifan.operations.review import plan_revoke

REASONS = {r.value.replace("_", "-"): r for r in RevocationReason}


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "revoke",
        help="撤销称号: revoke a unit's title (the 3-year bar follows from the reason)",
        description=(
            "Append a `revoked` event. failed-review: after a failed review (record it with "
            "`shifan review --result fail` first); falsified / illegal: at once, and no "
            "application from the unit is accepted for 3 years."
        ),
    )
    parser.add_argument("unit", metavar="UNIT_ID")
    parser.add_argument("--reason", required=True, choices=sorted(REASONS))
    parser.add_argument("--document", required=True, help="撤销决定文号")
    parser.add_argument(
        "--date", type=parse_date, metavar="YYYY-MM-DD", help="撤销日期 (default: today)"
    )
    add_common_args(parser)
    parser.set_defaults(func=holding_registry_lock(run))


def run(args: argparse.Namespace) -> int:
    a = assess_before(args)
    plan = plan_revoke(
        a, args.unit, reason=REASONS[args.reason], day=args.date or a.today, document=args.document
    )
    after = apply(args, a, plan)
    status = after.units[UnitId(args.unit)]
    if status.barred_until is not None:
        print(f"3 年内不再受理其申报: 至 {status.barred_until} (含)")
    return 0
