"""The home page and the (plain-table) statistics page."""

from __future__ import annotations

from shifan.model import Kind, Level
from shifan.site.charts import stats_page_html, targets_summary_html
from shifan.site.context import EVENT_LABELS, SiteContext, kind_label, level_label
from shifan.site.pages.html import date, e, link, page, section, table
from shifan.site.paths import list_src, notice_url, rel, unit_url, url_of

LATEST = 12


def holding_count(ctx: SiteContext, kinds: tuple[Kind, ...], level: Level) -> int:
    return sum(
        1
        for u in ctx.roster.units.values()
        if u.level is level and u.kind in kinds and ctx.views[u.id].holds_title
    )


def counts_table(ctx: SiteContext, src: str) -> str:
    rows = []
    for kind in Kind:
        cells = [e(kind_label(kind))]
        for level in Level:
            n = holding_count(ctx, (kind,), level)
            cells.append(link(rel(src, url_of(list_src(kind.value, level.value))), str(n)))
        rows.append(cells)
    return table(
        ["类别", *(level_label(lv) for lv in Level)],
        rows,
        cls="sf-matrix",
        caption="持有称号的示范单位数(有效、待复审、逾期未复审)",
    )


def home_page(ctx: SiteContext) -> str:
    src = "index.md"
    verify = rel(src, "v/")
    find = (
        '<div class="sf-hero" data-search-exclude>\n'
        "<h2>查询与核验</h2>\n"
        f'<form class="sf-verify-form" action="{verify}" method="get" role="search">'
        '<label for="sf-code">牌匾核验码或单位编号</label> '
        '<input id="sf-code" name="q" inputmode="text" autocomplete="off"'
        ' placeholder="如 000-042-7 或 ZZ-ENT-0042">'
        ' <button type="submit">核验</button></form>\n'
        f"<p>手机扫描牌匾二维码即可核验;也可{link(verify, '打开核验页')}。"
        "查找单位请使用页面顶部的搜索(单位名称中的两个字、统一社会信用代码或编号均可),或"
        f"{link(rel(src, 'lists/'), '浏览名录')}、"
        f"{link(rel(src, 'districts/'), '按县(市、区)浏览')}。</p>\n"
        "</div>"
    )
    targets = targets_summary_html(ctx.roster, ctx.views)
    open_notices = [
        n for n in sorted(ctx.roster.notices.values(), key=lambda n: n.id) if ctx.notices[n.id].open
    ]
    notice_items = "".join(
        f"<li>{link(rel(src, notice_url(n.id)), n.title)},"
        f"异议截止 {date(ctx.notices[n.id].ends)}</li>"
        for n in open_notices
    )
    notices = (
        f"<ul>{notice_items}</ul>" if notice_items else "<p>目前没有正在公示的名单。</p>"
    ) + f"<p>{link(rel(src, 'notices/'), '全部公示')}</p>"
    latest = "".join(
        f"<li><time>{date(c.date)}</time> {link(rel(src, unit_url(c.unit.id)), c.unit.name)}:"
        f"{e(EVENT_LABELS.get(c.event.type, c.event.type))}</li>"
        for c in ctx.changes[:LATEST]
    )
    body = [
        "<h1>郑州市电子商务示范体系</h1>",
        "<p>根据《郑州市人民政府办公厅关于加快电子商务示范体系建设的实施意见》"
        "(郑政办〔2016〕54号),市商务局认定电子商务示范园区(基地)、示范企业、人才教育(培训)"
        "示范基地、示范乡(镇)和领军人物。本站公开全部示范单位的名录、状态、公示和撤销信息,"
        f"并可核验牌匾真伪。数据截至 {ctx.today.isoformat()}。</p>",
        find,
        section("公示", notices, ident="notices", searchable=True),
        section(
            "示范单位数量",
            counts_table(ctx, src) + targets + f"<p>{link(rel(src, 'stats/'), '更多统计')}</p>",
            ident="counts",
        ),
        section(
            "最新变动",
            f'<ul class="sf-latest">{latest}</ul>' if latest else "<p>暂无。</p>",
            ident="latest",
        ),
    ]
    return page("首页", body, meta={"hide": ["toc"]})


def stats_page(ctx: SiteContext) -> str:
    """Counts by kind, level, district, year and status, and target progress: inline SVG
    charts with their data tables (`shifan.site.charts`)."""
    body = [
        "<h1>统计</h1>",
        stats_page_html(ctx.roster, ctx.views, ctx.today),
        f"<p>{link(rel('stats.md', 'lists/'), '查看名录')}</p>",
    ]
    return page("统计", body)
