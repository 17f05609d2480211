"""Unit lists: one per kind and level (paginated), one per district, and their indexes.

Each list is a complete plain table (works without JavaScript); `assets/shifan.js` adds
filters by district, status and year. Large lists are cut into pages of `PAGE_SIZE` rows so
no page grows with the roster beyond that; every unit stays reachable.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from shifan.model import Kind, Level, Unit
from shifan.site.context import SiteContext, kind_label, level_label
from shifan.site.pages.common import unit_table
from shifan.site.pages.html import e, link, page, table
from shifan.site.paths import district_src, list_src, rel, url_of

PAGE_SIZE = 500


def _chunks(units: Sequence[Unit]) -> list[Sequence[Unit]]:
    return [units[i : i + PAGE_SIZE] for i in range(0, len(units), PAGE_SIZE)] or [units]


def _pager(src_of: list[str], current: int) -> str:
    if len(src_of) == 1:
        return ""
    here = src_of[current]
    items = []
    for number, target in enumerate(src_of, start=1):
        if number - 1 == current:
            items.append(f'<li><span aria-current="page">第 {number} 页</span></li>')
        else:
            items.append(f"<li>{link(rel(here, url_of(target)), f'第 {number} 页')}</li>")
    return '<nav class="sf-pager" aria-label="分页"><ul>' + "".join(items) + "</ul></nav>"


def _sorted(units: Sequence[Unit]) -> list[Unit]:
    return sorted(units, key=lambda u: u.id)


def _paged(
    ctx: SiteContext, title: str, intro: str, units: Sequence[Unit], srcs: list[str]
) -> Iterator[tuple[str, str]]:
    for index, chunk in enumerate(_chunks(units)):
        src = srcs[index]
        suffix = f"(第 {index + 1} 页)" if len(srcs) > 1 else ""
        pager = _pager(srcs, index)
        body = [
            f"<h1>{e(title)}{suffix}</h1>",
            f"<p>{intro}共 {len(units)} 个,状态截至 {ctx.today.isoformat()}。</p>",
            pager,
            unit_table(ctx, src, chunk),
            pager,
        ]
        yield src, page(title + suffix, body, meta={"search": {"exclude": True}})


def kind_level_pages(ctx: SiteContext) -> Iterator[tuple[str, str]]:
    groups = _groups(ctx)
    for (kind, level), units in groups.items():
        count = len(_chunks(units))
        srcs = [list_src(kind.value, level.value, n) for n in range(1, count + 1)]
        title = f"{level_label(level)}{kind_label(kind)}"
        yield from _paged(ctx, title, "", units, srcs)


def _groups(ctx: SiteContext) -> dict[tuple[Kind, Level], list[Unit]]:
    groups: dict[tuple[Kind, Level], list[Unit]] = {}
    for kind in Kind:
        for level in Level:
            groups[(kind, level)] = []
    for unit in ctx.roster.units.values():
        groups[(unit.kind, unit.level)].append(unit)
    return {key: _sorted(units) for key, units in groups.items()}


def district_pages(ctx: SiteContext) -> Iterator[tuple[str, str]]:
    by_district: dict[str, list[Unit]] = {d: [] for d in ctx.roster.districts}
    for unit in ctx.roster.units.values():
        by_district.setdefault(unit.district, []).append(unit)
    for district_id, units in sorted(by_district.items()):
        count = len(_chunks(units))
        base = district_src(district_id).removesuffix(".md")
        srcs = [f"{base}.md" if n == 1 else f"{base}-{n}.md" for n in range(1, count + 1)]
        title = f"{ctx.district_name(district_id)}的示范单位"
        yield from _paged(ctx, title, "", _sorted(units), srcs)


def lists_index(ctx: SiteContext) -> str:
    src = "lists/index.md"
    groups = _groups(ctx)
    rows = []
    for kind in Kind:
        cells = [e(kind_label(kind))]
        for level in Level:
            n = len(groups[(kind, level)])
            target = url_of(list_src(kind.value, level.value))
            cells.append(link(rel(src, target), f"{n} 个") if n else "0")
        rows.append(cells)
    headers = ["类别", *(level_label(level) for level in Level)]
    body = [
        "<h1>示范单位名录</h1>",
        "<p>按类别与级别浏览全部示范单位(含已撤销、公示中的单位)。也可"
        f"{link(rel(src, 'districts/'), '按县(市、区)浏览')}。</p>",
        table(headers, rows, cls="sf-matrix"),
    ]
    return page("示范单位名录", body)


def districts_index(ctx: SiteContext) -> str:
    src = "districts/index.md"
    counts: dict[str, int] = dict.fromkeys(ctx.roster.districts, 0)
    for unit in ctx.roster.units.values():
        counts[unit.district] = counts.get(unit.district, 0) + 1
    rows = [
        (link(rel(src, url_of(district_src(d))), ctx.district_name(d)), str(n))
        for d, n in sorted(counts.items())
    ]
    body = [
        "<h1>按县(市、区)浏览</h1>",
        table(("县(市、区)", "示范单位数"), rows, cls="sf-districts"),
    ]
    return page("按县(市、区)浏览", body)
