"""The home page and the (plain-table) statistics page."""

from __future__ import annotations

from shifan.model import Kind, Level, TargetItem
from shifan.site.context import EVENT_LABELS, SiteContext, kind_label, level_label
from shifan.site.pages.html import date, e, link, page, section, table
from shifan.site.paths import list_src, notice_url, rel, unit_url, url_of
from shifan.site.views import award_year

LATEST = 12


def holding_count(ctx: SiteContext, kinds: tuple[Kind, ...], level: Level) -> int:
    return sum(
        1
        for u in ctx.roster.units.values()
        if u.level is level and u.kind in kinds and ctx.views[u.id].holds_title
    )


def target_rows(ctx: SiteContext, src: str) -> tuple[str, list[tuple[str, ...]]]:
    if not ctx.roster.targets:
        return "", []
    targets = max(ctx.roster.targets, key=lambda t: t.year)
    rows: list[tuple[str, ...]] = []
    item: TargetItem
    for item in targets.items:
        have = holding_count(ctx, item.kinds, item.level)
        met = "已完成" if have >= item.count else f"差 {item.count - have} 个"
        rows.append((e(item.label), e(level_label(item.level)), str(have), f"≥ {item.count}", met))
    caption = f"{e(targets.year)} 年目标({e(targets.document)})"
    return caption, rows


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
    caption, trows = target_rows(ctx, src)
    targets = (
        table(("目标", "级别", "现有", "目标数", "进度"), trows, cls="sf-targets", caption=caption)
        if trows
        else ""
    )
    open_notices = [
        n
        for n in sorted(ctx.roster.notices.values(), key=lambda n: n.id)
        if n.published <= ctx.today and ctx.notice_open(n.id)
    ]
    notice_items = "".join(
        f"<li>{link(rel(src, notice_url(n.id)), n.title)},"
        f"异议截止 {date(ctx.notice_ends[n.id])}</li>"
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
    src = "stats.md"
    caption, trows = target_rows(ctx, src)
    by_district: dict[str, int] = {}
    by_year: dict[int, int] = {}
    for u in ctx.roster.units.values():
        view = ctx.views[u.id]
        if view.holds_title:
            by_district[u.district] = by_district.get(u.district, 0) + 1
        year = award_year(view)
        if year:
            by_year[year] = by_year.get(year, 0) + 1
    drows = [(e(ctx.district_name(d)), str(n)) for d, n in sorted(by_district.items())]
    yrows = [(str(y), str(n)) for y, n in sorted(by_year.items())]
    body = [
        "<h1>统计</h1>",
        f"<p>统计截至 {ctx.today.isoformat()}。</p>",
        section("按类别与级别", counts_table(ctx, src), ident="by-kind"),
        section(
            "目标完成情况",
            table(("目标", "级别", "现有", "目标数", "进度"), trows, caption=caption)
            if trows
            else "<p>暂无目标。</p>",
            ident="targets",
        ),
        section(
            "按县(市、区)", table(("县(市、区)", "持有称号单位数"), drows), ident="by-district"
        ),
        section("按授牌年份", table(("年份", "授牌数"), yrows), ident="by-year"),
    ]
    return page("统计", body)
