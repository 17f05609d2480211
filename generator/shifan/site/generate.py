"""Every generated page and static file of the site, as in-memory strings/bytes.

`pages(ctx)` maps a Markdown source path (as if under `site_src/`) to its content;
`lazy_pages(ctx)` are the pages whose body is HTML made when they are written;
`static_files(ctx)` maps output paths (JSON, CSV, feeds, keys) to bytes. The MkDocs plugin
turns both into `File.generated(...)`; nothing here touches the file system.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass

from shifan.operations.annual import annual_reports, event_years
from shifan.signing.keys import keys_page_markdown, keyset_json
from shifan.site.api import iter_data_files
from shifan.site.contact import SITE_JSON, channel_of
from shifan.site.context import SiteContext
from shifan.site.encode import json_bytes
from shifan.site.feeds import feeds
from shifan.site.frame import FEEDS_SITEMAP
from shifan.site.pages import annual, downloads, figures, home, lists, notices, standards, units
from shifan.site.pages.html import front_matter, front_matter_data, split_page
from shifan.site.paths import figure_src, notice_src, unit_src


def pages(
    ctx: SiteContext, static: Mapping[str, bytes] | Mapping[str, int] | None = None
) -> Iterator[tuple[str, str]]:
    """Every Markdown page; `static` (the static files or their sizes, for the downloads
    page) is made here when not given."""
    if static is None:
        static = dict(static_files(ctx))
    yield downloads_page(ctx, static)
    yield from other_pages(ctx)


def downloads_page(
    ctx: SiteContext, static: Mapping[str, bytes] | Mapping[str, int]
) -> tuple[str, str]:
    """The downloads page (the first of `pages`), from the static files or their sizes."""
    sizes = {path: v if isinstance(v, int) else len(v) for path, v in static.items()}
    return "downloads.md", downloads.downloads_page(ctx, sizes)


def other_pages(ctx: SiteContext) -> Iterator[tuple[str, str]]:
    """Every Markdown page after the downloads page, in `pages`' order."""
    yield from front_pages(ctx)
    yield from annual.annual_pages(ctx)
    yield from back_pages(ctx)


def front_pages(ctx: SiteContext) -> Iterator[tuple[str, str]]:
    """The pages before the annual reports: home, keys, statistics."""
    yield "index.md", home.home_page(ctx)
    yield "keys/index.md", keys_page_markdown(ctx.assessment.keys)
    yield "stats.md", home.stats_page(ctx)


MARKDOWN_PAGES = frozenset({"keys/index.md"})
"""The pages of `pages` written as Markdown; every other is `render_page`'s raw HTML blocks."""


def html_page(src_uri: str, page: str) -> tuple[str, dict[str, object], str] | None:
    """A page of `pages` as (front matter, what MkDocs reads from it, final HTML body), for a
    build to skip Markdown on it as on the `lazy_pages` (Markdown makes nothing else of such a
    body); None for a page written in Markdown."""
    return None if src_uri in MARKDOWN_PAGES else split_page(page)


def report_years(ctx: SiteContext) -> list[int]:
    """The years with an annual report, in order."""
    return event_years(ctx.assessment)


def annual_pages(ctx: SiteContext, years: Iterable[int]) -> dict[int, list[tuple[str, str]]]:
    """The pages of these years' annual reports, by year (a year's status walk of every
    awarded unit: the slowest of the Markdown pages, so a build shares the years between its
    two processes). `annual_in_order` puts them in `pages`' order."""
    reports = annual_reports(ctx.assessment, years)
    return {
        year: list(annual.year_pages(report, annual.PAGE_SIZE)) for year, report in reports.items()
    }


def annual_in_order(
    years: Sequence[int], by_year: Mapping[int, list[tuple[str, str]]]
) -> list[tuple[str, str]]:
    """The annual reports' pages as `other_pages` lists them: the index, then year by year."""
    return [annual.annual_index(years), *(page for year in years for page in by_year[year])]


def back_pages(ctx: SiteContext) -> Iterator[tuple[str, str]]:
    """The pages after the annual reports: standards, lists, districts, the figures' and the
    notices' indexes, revocations (each figure and notice has a `lazy_pages` page)."""
    yield "standards.md", standards.standards_page(ctx)
    yield "lists/index.md", lists.lists_index(ctx)
    yield from lists.kind_level_pages(ctx)
    yield "districts/index.md", lists.districts_index(ctx)
    yield from lists.district_pages(ctx)
    yield "figures/index.md", figures.figures_index(ctx)
    yield "notices/index.md", notices.notices_index(ctx)
    yield "revocations.md", notices.revocations_page(ctx)


@dataclass(frozen=True)
class LazyPage:
    """A page whose body is final HTML rendered only when it is written (the pages of units,
    figures and notices: thousands of them, so neither held in memory nor run through
    Markdown)."""

    src_uri: str
    front_matter: str
    meta: dict[str, object]  # what MkDocs reads from `front_matter`
    body: Callable[[], str]


def _lazy(
    src_uri: str, title: str, body: Callable[[], str], meta: dict[str, object] | None = None
) -> LazyPage:
    return LazyPage(src_uri, front_matter(title, meta), front_matter_data(title, meta), body)


def lazy_pages(ctx: SiteContext) -> Iterator[LazyPage]:
    """The pages of units, then figures, then notices."""
    list_pages = lists.list_page_of(ctx)
    for unit in ctx.roster.units.values():
        body = functools.partial(units.unit_body, ctx, unit, list_pages.get(unit.id))
        yield _lazy(unit_src(unit.id), unit.name, body, units.UNIT_META)
    for figure in ctx.roster.figures.values():
        yield _lazy(figure_src(figure.id), figure.name,
                    functools.partial(figures.figure_body, ctx, figure))  # fmt: skip
    for notice in ctx.roster.notices.values():
        yield _lazy(notice_src(notice.id), notice.title,
                    functools.partial(notices.notice_body, ctx, notice))  # fmt: skip


def static_files(ctx: SiteContext) -> Iterator[tuple[str, bytes]]:
    """JSON API, CSV exports (`shifan.site.api`), feeds (`shifan.site.feeds`), `/keys.json`,
    one at a time as each is made (`shifan.site.staticfiles` writes each into the site as it
    comes)."""
    yield "keys.json", keyset_json(ctx.assessment.keys, ctx.today)
    channel = channel_of(ctx.roster.site)
    if channel is not None:
        yield SITE_JSON, json_bytes(channel.as_json())
    yield from iter_data_files(ctx.assessment, site_url=ctx.site_url)
    yield from feeds(ctx.assessment, site_url=ctx.site_url).items()
    yield FEEDS_SITEMAP
