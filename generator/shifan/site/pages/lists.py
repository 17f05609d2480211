"""Unit lists: one per kind and level (paginated), one per district, and their indexes.

Each list is a complete plain table (works without JavaScript); `assets/shifan.js` adds
filters by district, status and year. Large lists are cut into pages of `PAGE_SIZE` rows so
no page grows with the roster beyond that; every unit stays reachable.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from shifan.model import Kind, Level, Unit
from shifan.site.context import SiteContext, kind_label, level_label
from shifan.site.pages.common import unit_rows
from shifan.site.pages.render import render_page
from shifan.site.paths import district_src, list_src, rel, url_of

PAGE_SIZE = 500


def _chunks(units: Sequence[Unit]) -> list[Sequence[Unit]]:
    return [units[i : i + PAGE_SIZE] for i in range(0, len(units), PAGE_SIZE)] or [units]


def _sorted(units: Sequence[Unit]) -> list[Unit]:
    return sorted(units, key=lambda u: u.id)


def _paged(
    ctx: SiteContext, title: str, units: Sequence[Unit], srcs: list[str]
) -> Iterator[tuple[str, str]]:
    for index, chunk in enumerate(_chunks(units)):
        src = srcs[index]
        suffix = f"(第 {index + 1} 页)" if len(srcs) > 1 else ""
        text = render_page(
            title + suffix,
            "list.html",
            meta={"search": {"exclude": True}},
            title=title,
            suffix=suffix,
            count=len(units),
            today=ctx.today,
            pages=[rel(src, url_of(target)) for target in srcs],
            current=index,
            rows=unit_rows(ctx, src, chunk),
        )
        yield src, text


def kind_level_pages(ctx: SiteContext) -> Iterator[tuple[str, str]]:
    groups = _groups(ctx)
    for (kind, level), units in groups.items():
        count = len(_chunks(units))
        srcs = [list_src(kind.value, level.value, n) for n in range(1, count + 1)]
        title = f"{level_label(level)}{kind_label(kind)}"
        yield from _paged(ctx, title, units, srcs)


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
        yield from _paged(ctx, title, _sorted(units), srcs)


def lists_index(ctx: SiteContext) -> str:
    src = "lists/index.md"
    groups = _groups(ctx)
    rows = [
        (
            kind_label(kind),
            [
                (len(groups[(kind, level)]), rel(src, url_of(list_src(kind.value, level.value))))
                for level in Level
            ],
        )
        for kind in Kind
    ]
    return render_page(
        "示范单位名录",
        "lists_index.html",
        headers=["类别", *(level_label(level) for level in Level)],
        rows=rows,
        districts_href=rel(src, "districts/"),
    )


def districts_index(ctx: SiteContext) -> str:
    src = "districts/index.md"
    counts: dict[str, int] = dict.fromkeys(ctx.roster.districts, 0)
    for unit in ctx.roster.units.values():
        counts[unit.district] = counts.get(unit.district, 0) + 1
    rows = [
        (ctx.district_name(d), rel(src, url_of(district_src(d))), n)
        for d, n in sorted(counts.items())
    ]
    return render_page("按县(市、区)浏览", "districts_index.html", rows=rows)
