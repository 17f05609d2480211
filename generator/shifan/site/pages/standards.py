"""The creation standards (附件1–4), rendered from `registry/standards/` — the same data
`shifan check` judges declared values against."""

from __future__ import annotations

from shifan.model import ENTERPRISE_CLASS_LABELS, Kind, Standard
from shifan.site.context import SiteContext, kind_label
from shifan.site.pages.html import date, e, page, section, table
from shifan.site.pages.units import relaxed_text, threshold_text


def _standard(standard: Standard) -> str:
    parts = []
    for version in sorted(standard.versions, key=lambda v: v.effective, reverse=True):
        rows = []
        for crit in version.criteria:
            applies = (
                "、".join(ENTERPRISE_CLASS_LABELS[c] for c in crit.classes)
                if crit.classes
                else "全部"
            )
            rule = threshold_text(crit)
            relaxed = relaxed_text(crit)
            if relaxed:
                rule += f"(满足 {crit.relaxed_when} 时:{relaxed})"
            rows.append((e(crit.label), e(rule), e(applies), e(crit.note)))
        heading = f"<h3>{e(date(version.effective))} 起施行 · {e(version.document)}</h3>"
        parts.append(heading + table(("指标", "要求", "适用", "说明"), rows, cls="sf-standard"))
    return "\n".join(parts)


def standards_page(ctx: SiteContext) -> str:
    body = [
        "<h1>创建标准</h1>",
        "<p>示范单位按其申报日期施行的标准版本评审。本页与 <code>shifan check</code>"
        " 校验名录时使用的数据完全一致。</p>",
    ]
    for kind in Kind:
        standard = ctx.roster.standards.get(kind)
        if standard is None:
            continue
        body.append(
            section(
                e(standard.title or kind_label(kind)),
                _standard(standard),
                ident=f"standard-{kind.value}",
                searchable=True,
            )
        )
    return page("创建标准", body)
