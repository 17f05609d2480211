"""Pieces several pages share: the status badge, unit table rows, plaque tables."""

from __future__ import annotations

from collections.abc import Iterable

from shifan.model import Unit
from shifan.site.context import SiteContext, class_label, kind_label, level_label
from shifan.site.pages.html import date, e, link, table
from shifan.site.paths import rel, unit_url
from shifan.site.views import award_year, form_label, icon, plaque_code, void_label
from shifan.status import PlaqueState, Status

UNIT_TABLE_HEADERS = ("名称", "编号", "类别", "级别", "县(市、区)", "状态", "授牌年份", "下次复审")


def badge(view: Status) -> str:
    """Colour + icon + words, so the status never depends on colour alone."""
    return (
        f'<span class="sf-badge sf-badge--{view.state}">'
        f'<span class="sf-badge__icon" aria-hidden="true">{e(icon(view))}</span>'
        f"{e(view.label)}</span>"
    )


def unit_row(ctx: SiteContext, src: str, unit: Unit) -> tuple[str, ...]:
    view = ctx.views[unit.id]
    kind = kind_label(unit.kind)
    if unit.enterprise_class:
        kind += f"·{class_label(unit)}"
    return (
        link(rel(src, unit_url(unit.id)), unit.name),
        f"<code>{e(unit.id)}</code>",
        e(kind),
        e(level_label(unit.level)),
        e(ctx.district_name(unit.district)),
        badge(view),
        e(award_year(view) or ""),
        e(date(view.next_review_due)),
    )


def unit_table(ctx: SiteContext, src: str, units: Iterable[Unit], *, caption: str = "") -> str:
    """The complete plain table of units, with `data-*` on rows for the filter script."""
    rows = []
    for unit in units:
        view = ctx.views[unit.id]
        cells = "".join(f"<td>{c}</td>" for c in unit_row(ctx, src, unit))
        rows.append(
            f'<tr data-district="{e(unit.district)}" data-status="{e(view.state)}"'
            f' data-year="{e(award_year(view) or "")}">{cells}</tr>'
        )
    head = "".join(f'<th scope="col">{h}</th>' for h in UNIT_TABLE_HEADERS)
    cap = f"<caption>{caption}</caption>" if caption else ""
    return (
        f'<div class="sf-table-wrap"><table class="sf-units" data-sf-filter data-search-exclude>'
        f"{cap}<thead><tr>{head}</tr></thead>\n<tbody>\n"
        + "\n".join(rows)
        + "\n</tbody></table></div>"
    )


def plaque_standing(p: PlaqueState) -> str:
    """有效, or why the plaque no longer stands and since when (escaped HTML)."""
    if p.voided:
        return f"已作废（{e(void_label(p))}，{e(date(p.voided_on))}）"
    if not p.active:
        return f"{e(p.label)}（{e(date(p.ended_on))}）"
    return e(p.label)


def plaque_table(plaques: Iterable[PlaqueState], verify_href: str) -> str:
    rows = []
    for p in plaques:
        status = plaque_standing(p)
        code = plaque_code(p)
        check = link(f"{verify_href}?q={code}", code)
        rows.append((e(p.serial), check, form_label(p), e(date(p.issued_on)), status))
    return table(("编号", "核验码", "形式", "颁发日期", "状态"), rows, cls="sf-plaques")
