"""`shifan data-report UNIT --year Y --values name=number …`: 定期报送数据."""

from __future__ import annotations

import argparse
from typing import Any

from shifan.commands.common import parse_date
from shifan.commands.writing import add_common_args, apply, assess_before
from shifan.lock import holding_registry_lock
from shifan.operations.data_report import parse_values, plan_data_report


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "data-report",
        help="定期报送数据: record a unit's data report for a calendar year",
        description=(
            "Append a `data_report` event (period = the year) with the reported figures. "
            "A municipal unit holding its title reports once per calendar year after its "
            "award year, by 31 March of the following year (see `shifan due`)."
        ),
    )
    parser.add_argument("unit", metavar="UNIT_ID")
    parser.add_argument("--year", type=int, required=True, help="报送的年度")
    parser.add_argument(
        "--values",
        nargs="+",
        required=True,
        metavar="NAME=NUMBER",
        help="e.g. 电子商务交易额_万元=5200",
    )
    parser.add_argument("--document", help="报送材料")
    parser.add_argument(
        "--date", type=parse_date, metavar="YYYY-MM-DD", help="报送日期 (default: today)"
    )
    add_common_args(parser)
    parser.set_defaults(func=holding_registry_lock(run))


def run(args: argparse.Namespace) -> int:
    values = parse_values(args.values)
    a = assess_before(args)
    plan = plan_data_report(
        a,
        args.unit,
        year=args.year,
        values=values,
        day=args.date or a.today,
        document=args.document,
    )
    apply(args, a, plan)
    return 0
