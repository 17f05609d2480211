"""`shifan annual-report --year Y [--format pdf|md|csv] [--out FILE]`: 年度统计报告."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Any

from shifan.commands.common import add_keys_arg, add_registry_args
from shifan.commands.due import md_cell
from shifan.commands.writing import assess_before
from shifan.errors import UsageError
from shifan.operations.annual import AnnualReport, annual_report
from shifan.operations.annual_pdf import report_pdf
from shifan.plaques.fonts import find_cjk_font
from shifan.safewrite import write_file
from shifan.site.encode import csv_bytes

CSV_HEADER = ("表", "行", "项目", "列", "值")


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "annual-report",
        help="年度统计报告: a year's awards, reviews, revocations and funding, as PDF/MD/CSV",
        description=(
            "The year's awards, reviews, revocations and funding by kind, level and district, "
            "and the titles held at the year's end against every target set; decided from "
            "the assessment (a roster with errors is refused). The current year is counted "
            "up to today. PDF (A4, Chinese font embedded) needs --out; md and csv print to "
            "stdout unless --out is given."
        ),
    )
    parser.add_argument("--year", type=int, required=True, help="报告年度, e.g. 2025")
    parser.add_argument("--format", choices=["pdf", "md", "csv"], default="pdf")
    parser.add_argument("--out", type=Path, metavar="FILE", help="输出文件")
    add_registry_args(parser)
    add_keys_arg(parser)
    parser.set_defaults(func=run)


def as_markdown(report: AnnualReport) -> str:
    out = [f"# 郑州市电子商务示范体系 {report.year} 年度统计报告", "", f"统计截至 {report.as_of}。"]
    out += ["", *(md_cell(line) for line in report.summary)]
    for table in report.tables:
        out += ["", f"## {md_cell(table.title)}", ""]
        out.append("| " + " | ".join(md_cell(h) for h in table.headers) + " |")
        out.append("|" + "---|" * len(table.headers))
        out += ["| " + " | ".join(md_cell(c) for c in row) + " |" for row in table.rows]
        if table.note:
            out += ["", md_cell(table.note)]
    return "\n".join(out) + "\n"


def as_csv(report: AnnualReport) -> bytes:
    """Long form, one value a line (with its row's number in its table, since detail rows
    may share a label): pivots in a spreadsheet without reshaping."""
    rows = [
        (table.title, str(number), row[0], header, value)
        for table in report.tables
        for number, row in enumerate(table.rows, start=1)
        for header, value in zip(table.headers[1:], row[1:], strict=True)
    ]
    return csv_bytes(CSV_HEADER, rows)


def run(args: argparse.Namespace) -> int:
    if args.format == "pdf" and args.out is None:
        raise UsageError(
            "PDF 报告需要用 --out 指定输出文件", hint="例如 --out 2025年度统计报告.pdf"
        )
    a = assess_before(args)
    report = annual_report(a, args.year)
    if args.format == "pdf":
        data = report_pdf(report, find_cjk_font(os.environ), source="郑州市电子商务示范体系名录")
    elif args.format == "csv":
        data = as_csv(report)
    else:
        data = as_markdown(report).encode("utf-8")
    if args.out is None:
        sys.stdout.flush()
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
        return 0
    write_file(args.out, data, what=str(args.out))
    print(f"已写出 {report.year} 年度统计报告 (统计截至 {report.as_of}): {args.out}")
    return 0
