"""`shifan notice open|object|resolve|close`: the public notice (公示) and its objections."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from shifan.commands.common import parse_date
from shifan.commands.writing import add_common_args, apply, assess_before, notice_text
from shifan.lock import holding_registry_lock
from shifan.operations.notices import (
    plan_close,
    plan_object,
    plan_open,
    plan_resolve,
)


def register(subparsers: Any) -> None:
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "notice",
        help="公示: open a notice, record and resolve objections, close it",
        description="公示 (public notice): open, object, resolve, close.",
    )
    actions = parser.add_subparsers(
        dest="notice_action", metavar="ACTION", parser_class=type(parser)
    )

    opened = actions.add_parser(
        "open",
        help="新建公示: list recommended units (and leading figures) in a new notice GS-YYYY-NN",
        description=(
            "Write registry/notices/GS-<year>-NN.yaml (next free number) listing the units "
            "and figures, and a `listed` event on each unit. Units must be recommended "
            "(pending, in no notice, not barred) and meet their standard; figures must not be "
            "awarded yet nor in a notice (their citation is the entry's text; a figure's file "
            "gets no event). The period is counted in working days."
        ),
    )
    opened.add_argument("--units", nargs="+", default=[], metavar="UNIT_ID")
    opened.add_argument("--figures", nargs="+", default=[], metavar="FIGURE_ID", help="领军人物")
    opened.add_argument(
        "--working-days", type=int, required=True, metavar="N", help="公示期 (工作日)"
    )
    opened.add_argument("--department", required=True, help="受理异议的部门")
    opened.add_argument("--phone", help="异议电话")
    opened.add_argument("--email", help="异议邮箱")
    opened.add_argument("--address", help="异议通讯地址")
    opened.add_argument("--title", help="公示标题 (default: 关于YYYY年度…拟认定名单的公示)")
    opened.add_argument(
        "--date", type=parse_date, metavar="YYYY-MM-DD", help="发布日期 (default: today)"
    )
    add_common_args(opened)
    opened.set_defaults(func=holding_registry_lock(run_open))

    objected = actions.add_parser(
        "object", help="登记异议: record an objection received during the notice"
    )
    objected.add_argument("notice", metavar="NOTICE_ID")
    objected.add_argument("unit", metavar="UNIT_OR_FIGURE_ID")
    objected.add_argument("--summary", required=True, help="异议内容摘要 (公开, 不含个人信息)")
    objected.add_argument("--received", type=parse_date, required=True, metavar="YYYY-MM-DD")
    add_common_args(objected)
    objected.set_defaults(func=holding_registry_lock(run_object))

    resolved = actions.add_parser(
        "resolve", help="异议处理: record whether an objection is upheld or dismissed"
    )
    resolved.add_argument("notice", metavar="NOTICE_ID")
    resolved.add_argument("unit", metavar="UNIT_OR_FIGURE_ID")
    resolved.add_argument("--result", required=True, choices=["upheld", "dismissed"])
    resolved.add_argument("--resolution", required=True, help="核查结论 (公开)")
    resolved.add_argument("--date", type=parse_date, metavar="YYYY-MM-DD", help="处理日期")
    resolved.add_argument(
        "--received", type=parse_date, metavar="YYYY-MM-DD", help="which objection, if several"
    )
    add_common_args(resolved)
    resolved.set_defaults(func=holding_registry_lock(run_resolve))

    closed = actions.add_parser(
        "close",
        help="结束公示: record the units not awarded (and the decision if none)",
        description=(
            "After the period: every listed unit not awarded gets a `rejected` event; a "
            "notice without a decision gets one (--document required then)."
        ),
    )
    closed.add_argument("notice", metavar="NOTICE_ID")
    closed.add_argument("--document", help="决定文号 (if the notice has no decision yet)")
    closed.add_argument("--summary", help="决定摘要")
    closed.add_argument("--date", type=parse_date, metavar="YYYY-MM-DD", help="决定日期")
    add_common_args(closed)
    closed.set_defaults(func=holding_registry_lock(run_close))

    def no_action(args: argparse.Namespace) -> int:
        parser.print_help(sys.stderr)
        return 2

    parser.set_defaults(func=no_action)


def run_open(args: argparse.Namespace) -> int:
    a = assess_before(args)
    channel = {
        "department": args.department,
        "phone": args.phone,
        "email": args.email,
        "address": args.address,
    }
    plan = plan_open(
        a,
        args.units,
        working_days=args.working_days,
        channel=channel,
        published=args.date,
        title=args.title,
        figure_ids=args.figures,
    )
    apply(args, a, plan)
    return 0


def run_object(args: argparse.Namespace) -> int:
    a = assess_before(args)
    text = notice_text(a, args.notice)
    plan = plan_object(
        a, args.notice, args.unit, summary=args.summary, received=args.received, text=text
    )
    apply(args, a, plan)
    return 0


def run_resolve(args: argparse.Namespace) -> int:
    a = assess_before(args)
    text = notice_text(a, args.notice)
    plan = plan_resolve(
        a,
        args.notice,
        args.unit,
        upheld=args.result == "upheld",
        resolved=args.date or a.today,
        resolution=args.resolution,
        received=args.received,
        text=text,
    )
    apply(args, a, plan)
    return 0


def run_close(args: argparse.Namespace) -> int:
    a = assess_before(args)
    text = notice_text(a, args.notice)
    plan = plan_close(
        a,
        args.notice,
        day=args.date or a.today,
        document=args.document,
        summary=args.summary,
        text=text,
    )
    apply(args, a, plan)
    return 0
