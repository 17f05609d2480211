"""The annual reports (年度统计报告): an index of years and one page per year with any event,
laid out from `shifan.operations.annual` (the same tables `shifan annual-report` prints)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from shifan.operations.annual import Table, annual_report, event_years
from shifan.site.charts import chart_html
from shifan.site.context import SiteContext
from shifan.site.pages.render import render_page, trusted
from shifan.site.paths import rel

INDEX_SRC = "annual/index.md"
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_ID = re.compile(r"ZZ-[A-Z]+-\d{4,6}|GS-\d{4}-\d{2,3}")


def _cell(text: str) -> tuple[str, str]:
    """A cell's text and how it is marked: a date is a `time`, an id `code` (one word each,
    never wrapped), anything else plain text."""
    if _DATE.fullmatch(text):
        return text, "time"
    return text, "code" if _ID.fullmatch(text) else ""


def _rows(table: Table) -> list[list[tuple[str, str]]]:
    return [[_cell(c) for c in row] for row in table.rows]


def year_src(year: int) -> str:
    return f"annual/{year}.md"


def annual_pages(ctx: SiteContext) -> Iterator[tuple[str, str]]:
    years = event_years(ctx.assessment)
    rows = [{"year": y, "href": rel(INDEX_SRC, f"annual/{y}/")} for y in reversed(years)]
    yield INDEX_SRC, render_page("年度统计报告", "annual.html", years=rows)
    for year in years:
        report = annual_report(ctx.assessment, year)
        src = year_src(year)
        charts = "\n".join(
            chart_html(
                f"chart-annual-targets-{i}",
                t.title,
                t.bars,
                headers=("目标", f"{report.as_of} 持有", "目标数", "完成率"),
            )
            for i, t in enumerate(report.targets)
        )
        yield (
            src,
            render_page(
                f"{year} 年度统计报告",
                "annual.html",
                report=report,
                tables=[(t, _rows(t)) for t in report.tables if t.key != "targets"],
                # SVG charts and tables our own chart code builds, escaping every roster string.
                charts=trusted(charts),
                index_href=rel(src, "annual/"),
                stats_href=rel(src, "stats/"),
            ),
        )
