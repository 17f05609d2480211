"""`shifan due [--within DAYS] [--format text|csv|md]`: what falls due, per district."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from itertools import groupby
from typing import Any

from shifan.assessment import Assessment, assess
from shifan.commands.common import add_keys_arg, add_registry_args, today_from
from shifan.operations.due import CITYWIDE, Due, due
from shifan.report import printable
from shifan.site.encode import csv_bytes
from shifan.site.pages.html import e

HEADER = ("县(市、区)", "事项", "编号", "名称", "日期", "说明")


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "due",
        help="到期事项: reviews, notices, data reports and bars falling due, per district",
        description=(
            "List, per district, what is overdue or falls due within --within days: reviews "
            "(复审), notices closing or closed without a decision, data reports missing "
            "(one per calendar year after the award year, due by 31 March), failed reviews "
            "without their revocation, and 3-year bars ending. Read-only."
        ),
    )
    parser.add_argument(
        "--within", type=int, default=60, metavar="DAYS", help="window (default 60)"
    )
    parser.add_argument("--format", choices=["text", "csv", "md"], default="text")
    add_registry_args(parser)
    add_keys_arg(parser)
    parser.set_defaults(func=run)


def district_name(a: Assessment, district: str) -> str:
    if district == CITYWIDE:
        return "全市"
    found = a.roster.districts.get(district)  # type: ignore[call-overload]
    return found.name if found is not None else district


def rows(a: Assessment, items: Sequence[Due]) -> list[tuple[str, str, str, str, str, str]]:
    return [
        (district_name(a, d.district), d.label, d.subject, d.name, str(d.date or ""), d.detail)
        for d in items
    ]


def as_text(a: Assessment, items: Sequence[Due], within: int) -> str:
    out = [f"截至 {a.today} 及其后 {within} 天内的到期事项: {len(items)} 项"]
    for district, group in groupby(items, key=lambda d: d.district):
        out.append("")
        out.append(printable(district_name(a, district)))
        for d in group:
            day = str(d.date) if d.date else "—"
            out.append(
                f"  {day:<10}  {d.label}  {d.subject} {printable(d.name)}: {printable(d.detail)}"
            )
    return "\n".join(out) + "\n"


def md_cell(value: str) -> str:
    return e(value).replace("|", "&#124;").replace("\n", " ")


def as_markdown(a: Assessment, items: Sequence[Due], within: int) -> str:
    out = [f"# 到期事项 ({a.today}, {within} 天内)", ""]
    for district, group in groupby(items, key=lambda d: d.district):
        out += [f"## {md_cell(district_name(a, district))}", ""]
        out += ["| 日期 | 事项 | 编号 | 名称 | 说明 |", "|---|---|---|---|---|"]
        for d in group:
            cells = (str(d.date or "—"), d.label, d.subject, d.name, d.detail)
            out.append("| " + " | ".join(md_cell(c) for c in cells) + " |")
        out.append("")
    if not items:
        out.append("没有到期事项。")
    return "\n".join(out).rstrip("\n") + "\n"


def run(args: argparse.Namespace) -> int:
    a = assess(args.registry, args.keys, today_from(args))
    items = due(a, within=max(args.within, 0))
    if args.format == "csv":
        sys.stdout.flush()
        sys.stdout.buffer.write(csv_bytes(HEADER, rows(a, items)))
        sys.stdout.buffer.flush()
    elif args.format == "md":
        sys.stdout.write(as_markdown(a, items, args.within))
    else:
        sys.stdout.write(as_text(a, items, args.within))
    return 0
