"""The creation standards (附件1–4), rendered from `registry/standards/` — the same data
`shifan check` judges declared values against."""

from __future__ import annotations

from shifan.model import ENTERPRISE_CLASS_LABELS, Kind, StandardVersion
from shifan.site.context import SiteContext, kind_label
from shifan.site.pages.render import render_page
from shifan.site.pages.units import relaxed_text, threshold_text


def _rows(version: StandardVersion) -> list[tuple[str, str, str, str]]:
    rows = []
    for crit in version.criteria:
        applies = (
            "、".join(ENTERPRISE_CLASS_LABELS[c] for c in crit.classes) if crit.classes else "全部"
        )
        rule = threshold_text(crit)
        relaxed = relaxed_text(crit)
        if relaxed:
            rule += f"(满足 {crit.relaxed_when} 时:{relaxed})"
        rows.append((crit.label, rule, applies, crit.note or ""))
    return rows


def standards_page(ctx: SiteContext) -> str:
    standards = [
        {
            "kind": kind.value,
            "title": standard.title or kind_label(kind),
            "versions": [
                {"version": version, "rows": _rows(version)}
                for version in sorted(standard.versions, key=lambda v: v.effective, reverse=True)
            ],
        }
        for kind in Kind
        if (standard := ctx.roster.standards.get(kind)) is not None
    ]
    return render_page("创建标准", "standards.html", standards=standards)
