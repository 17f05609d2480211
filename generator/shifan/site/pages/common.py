"""Data several pages share: the rows of the unit tables (`unit_table` in macros.html)."""

from __future__ import annotations

from collections.abc import Iterable

from shifan.model import Unit
from shifan.site.context import SiteContext, class_label, kind_label, level_label
from shifan.site.paths import rel, unit_url
from shifan.site.views import award_year


def unit_rows(ctx: SiteContext, src: str, units: Iterable[Unit]) -> list[dict[str, object]]:
    rows: list[dict[str, object]] = []
    for unit in units:
        view = ctx.views[unit.id]
        kind = kind_label(unit.kind)
        if unit.enterprise_class:
            kind += f"·{class_label(unit)}"
        rows.append(
            {
                "unit": unit,
                "status": view,
                "href": rel(src, unit_url(unit.id)),
                "kind": kind,
                "level": level_label(unit.level),
                "district": ctx.district_name(unit.district),
                "year": award_year(view) or "",
            }
        )
    return rows
