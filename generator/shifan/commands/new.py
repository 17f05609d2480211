"""`shifan new unit|figure`: write a commented template of a new record (next free id)."""

from __future__ import annotations

import argparse
from typing import Any

from shifan.commands.common import parse_date
from shifan.commands.writing import add_common_args, apply, assess_before
from shifan.lock import holding_registry_lock
from shifan.model import EnterpriseClass, Kind
from shifan.operations.templates import plan_new_figure, plan_new_unit


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "new",
        help="新建: write a commented template of a new unit or figure",
        description=(
            "Write registry/units/<kind>/<id>.yaml or registry/figures/<id>.yaml with every "
            "field and a Chinese comment; the fields not given are 待填写 placeholders that "
            "`shifan check` reports until they are filled in."
        ),
    )
    parser.add_argument("what", choices=["unit", "figure"])
    parser.add_argument("--kind", choices=[k.value for k in Kind], help="unit kind")
    parser.add_argument(
        "--class", dest="enterprise_class", choices=[c.value for c in EnterpriseClass]
    )
    parser.add_argument("--district", help="推荐的县(市、区), an id of registry/districts.yaml")
    parser.add_argument("--name", help="登记名称")
    parser.add_argument("--credit-code", help="统一社会信用代码")
    parser.add_argument("--applied-on", type=parse_date, metavar="YYYY-MM-DD", help="申报日期")
    parser.add_argument(
        "--recommended-on", type=parse_date, metavar="YYYY-MM-DD", help="推荐日期 (default: today)"
    )
    parser.add_argument("--year", type=int, help="figures: 认定年度")
    add_common_args(parser)
    parser.set_defaults(func=holding_registry_lock(run))


def run(args: argparse.Namespace) -> int:
    a = assess_before(args)
    if args.what == "figure":
        plan = plan_new_figure(a, year=args.year)
    else:
        if args.kind is None:
            from shifan.errors import UsageError

            raise UsageError("shifan new unit 需要 --kind (park|enterprise|training_base|township)")
        plan = plan_new_unit(
            a,
            Kind(args.kind),
            enterprise_class=EnterpriseClass(args.enterprise_class)
            if args.enterprise_class
            else None,
            district=args.district,
            name=args.name,
            credit_code=args.credit_code,
            applied_on=args.applied_on,
            recommended_on=args.recommended_on,
        )
    apply(args, a, plan, recheck=False)
    return 0
