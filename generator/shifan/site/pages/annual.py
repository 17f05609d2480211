"""The annual reports (年度统计报告): an index of years and one page per year with any event,
laid out from `shifan.operations.annual` (the same tables `shifan annual-report` prints).

A year's page carries the summary, the target charts and the tables of counts. Its detail
table (明细, one row per event) stays on the page up to `PAGE_SIZE` rows; a longer one is
cut, in date order, into sub-pages of `PAGE_SIZE` rows (`annual/<year>/details/<n>/`) that
the year's page links to with the dates each covers, so no page grows with the roster. The
detail rows never enter the search index: every unit's own page is indexed.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from shifan.operations.annual import AnnualReport, Table, annual_reports, event_years
from shifan.site.charts import chart_html
from shifan.site.context import SiteContext
from shifan.site.pages.render import render_page, trusted
from shifan.site.paths import rel, url_of

INDEX_SRC = "annual/index.md"
PAGE_SIZE = 500
"""Detail rows a page shows; a year with more has its details on sub-pages of this many."""
DETAILS = "details"  # the key of the detail table in `AnnualReport.tables`
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_ID = re.compile(r"ZZ-[A-Z]+-\d{4,6}|GS-\d{4}-\d{2,3}")

Cells = list[tuple[str, str]]


def _cell(text: str) -> tuple[str, str]:
    """A cell's text and how it is marked: a date is a `time`, an id `code` (one word each,
    never wrapped), anything else plain text."""
    if _DATE.fullmatch(text):
        return text, "time"
    return text, "code" if _ID.fullmatch(text) else ""


def _rows(rows: Sequence[tuple[str, ...]]) -> list[Cells]:
    return [[_cell(c) for c in row] for row in rows]


def year_src(year: int) -> str:
    return f"annual/{year}.md"


def details_src(year: int, number: int) -> str:
    """The source path of the `number`th (from 1) page of a year's details."""
    return f"annual/{year}/details/{number}.md"


@dataclass(frozen=True)
class DetailPage:
    """One page of a year's details: rows `first`..`last` (from 1) of the year's table."""

    src: str
    number: int
    first: int
    last: int
    rows: tuple[tuple[str, ...], ...]

    @property
    def dates(self) -> tuple[str, str]:
        """The first and last date on the page (the rows are in date order)."""
        return self.rows[0][0], self.rows[-1][0]


def detail_pages(year: int, table: Table, page_size: int) -> list[DetailPage]:
    """The year's detail rows cut into pages of `page_size`; none when they fit on the year's
    own page."""
    rows = table.rows
    if len(rows) <= page_size:
        return []
    return [
        DetailPage(details_src(year, n), n, start + 1, min(start + page_size, len(rows)),
                   rows[start : start + page_size])
        for n, start in enumerate(range(0, len(rows), page_size), start=1)
    ]  # fmt: skip


def annual_pages(ctx: SiteContext) -> Iterator[tuple[str, str]]:
    years = event_years(ctx.assessment)
    yield annual_index(years)
    for report in annual_reports(ctx.assessment, years).values():
        yield from year_pages(report, PAGE_SIZE)


def annual_index(years: Sequence[int]) -> tuple[str, str]:
    """The index of the annual reports, the latest year first."""
    rows = [{"year": y, "href": rel(INDEX_SRC, f"annual/{y}/")} for y in reversed(years)]
    return INDEX_SRC, render_page("年度统计报告", "annual.html", years=rows)


def year_pages(report: AnnualReport, page_size: int) -> Iterator[tuple[str, str]]:
    src = year_src(report.year)
    details = next(t for t in report.tables if t.key == DETAILS)
    pages = detail_pages(report.year, details, page_size)
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
            f"{report.year} 年度统计报告",
            "annual.html",
            report=report,
            tables=[(t, _rows(t.rows)) for t in report.tables if t.key not in ("targets", DETAILS)],
            details=details,
            detail_rows=[] if pages else _rows(details.rows),
            detail_pages=[
                {"href": rel(src, url_of(p.src)), "page": p, "dates": p.dates} for p in pages
            ],
            # SVG charts and tables our own chart code builds, escaping every roster string.
            charts=trusted(charts),
            index_href=rel(src, "annual/"),
            stats_href=rel(src, "stats/"),
        ),
    )
    for page in pages:
        title = f"{report.year} 年度统计报告 · 明细（第 {page.number} 页）"
        yield (
            page.src,
            render_page(
                title,
                "annual_details.html",
                # Not in the search index; full width like the unit lists.
                meta={"search": {"exclude": True}, "hide": ["navigation", "toc"]},
                title=title,
                report=report,
                details=details,
                page=page,
                count=len(details.rows),
                pages=[rel(page.src, url_of(p.src)) for p in pages],
                current=page.number - 1,
                rows=_rows(page.rows),
                year_href=rel(page.src, f"annual/{report.year}/"),
            ),
        )
