"""The home page and the (plain-table) statistics page."""

from __future__ import annotations

from shifan.model import Kind, Level
from shifan.site.charts import stats_page_html, targets_summary_html
from shifan.site.context import SiteContext, kind_label, level_label
from shifan.site.feeds import changes, notice_items
from shifan.site.pages.render import render_page, trusted
from shifan.site.paths import list_src, notice_url, rel, url_of

LATEST = 12


def holding_count(ctx: SiteContext, kinds: tuple[Kind, ...], level: Level) -> int:
    return sum(
        1
        for u in ctx.roster.units.values()
        if u.level is level and u.kind in kinds and ctx.views[u.id].holds_title
    )


def _counts(ctx: SiteContext, src: str) -> list[tuple[str, list[tuple[int, str]]]]:
    """Per kind: (number holding the title, link to the list) for each level."""
    return [
        (
            kind_label(kind),
            [
                (
                    holding_count(ctx, (kind,), level),
                    rel(src, url_of(list_src(kind.value, level.value))),
                )
                for level in Level
            ],
        )
        for kind in Kind
    ]


def home_page(ctx: SiteContext) -> str:
    src = "index.md"
    open_notices = [
        {"notice": n, "href": rel(src, notice_url(n.id)), "ends": ctx.notices[n.id].ends}
        for n in sorted(ctx.roster.notices.values(), key=lambda n: n.id)
        if ctx.notices[n.id].open
    ]
    # Public events only (awards, reviews, revocations, notices), as the feeds give them:
    # a district's recommendation or a data report is the bureau's business, not news.
    events = changes(ctx.roster, ctx.today, limit=LATEST) + notice_items(ctx.assessment)[:LATEST]
    events.sort(key=lambda i: (-i.date.toordinal(), i.key))
    latest = [
        {"date": item.date, "title": item.title, "href": rel(src, item.path)}
        for item in events[:LATEST]
    ]
    return render_page(
        "首页",
        "home.html",
        meta={"hide": ["toc"]},
        today=ctx.today,
        verify_href=rel(src, "v/"),
        lists_href=rel(src, "lists/"),
        districts_href=rel(src, "districts/"),
        notices_href=rel(src, "notices/"),
        stats_href=rel(src, "stats/"),
        open_notices=open_notices,
        headers=["类别", *(level_label(lv) for lv in Level)],
        counts=_counts(ctx, src),
        # HTML our own chart code builds, escaping every roster string it prints.
        targets=trusted(targets_summary_html(ctx.roster, ctx.views)),
        latest=latest,
    )


def stats_page(ctx: SiteContext) -> str:
    """Counts by kind, level, district, year and status, and target progress: inline SVG
    charts with their data tables (`shifan.site.charts`)."""
    return render_page(
        "统计",
        "stats.html",
        # SVG charts and tables our own chart code builds, escaping every roster string.
        charts=trusted(stats_page_html(ctx.roster, ctx.views, ctx.today)),
        lists_href=rel("stats.md", "lists/"),
        annual_href=rel("stats.md", "annual/"),
    )
