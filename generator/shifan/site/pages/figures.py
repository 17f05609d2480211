"""Leading figures (领军人物): their list and one page each. Public facts only."""

from __future__ import annotations

from shifan.model import Figure
from shifan.site.context import SiteContext
from shifan.site.history import history_section
from shifan.site.pages.common import plaque_standing
from shifan.site.pages.html import date, dl, e, e_multiline, link, page, section, table
from shifan.site.pages.units import timeline
from shifan.site.paths import figure_src, figure_url, rel, unit_url
from shifan.site.views import plaque_code


def _affiliation(ctx: SiteContext, src: str, figure: Figure) -> str:
    if figure.affiliation_unit and figure.affiliation_unit in ctx.roster.units:
        unit = ctx.roster.units[figure.affiliation_unit]
        return link(rel(src, unit_url(unit.id)), unit.name)
    return e(figure.affiliation or figure.affiliation_unit)


def render_figure(ctx: SiteContext, figure: Figure) -> str:
    src = figure_src(figure.id)
    awarded = next((ev for ev in figure.events if ev.type == "awarded"), None)
    plaques = ctx.plaques[figure.id]
    verify = rel(src, "v/")
    cert_rows = [
        (
            e(p.serial),
            link(f"{verify}?q={plaque_code(p)}", plaque_code(p)),
            e(date(p.issued_on)),
            plaque_standing(p),
        )
        for p in plaques
    ]
    facts = dl(
        [
            ("编号", f"<code>{e(figure.id)}</code>"),
            ("所在单位", _affiliation(ctx, src, figure)),
            ("领域", e(figure.field_of_work)),
            ("年度", e(figure.year)),
            ("授予日期", e(date(awarded.date)) if awarded else ""),
            ("文号", e(awarded.document) if awarded else ""),
            ("证书", e(figure.certificate)),
        ]
    )
    parts = [
        f'<h1 id="name">{e(figure.name)}</h1>\n<p>{e(figure.id)} · 电子商务领军人物 · '
        f"{e(figure.field_of_work)}</p>",
        f'<div class="sf-citation" data-search-exclude><p>{e_multiline(figure.citation)}</p></div>',
        section("基本信息", facts, ident="facts"),
        section("历程", timeline(ctx, src, figure.events), ident="events"),
        section(
            "证书",
            table(("编号", "核验码", "颁发日期", "状态"), cert_rows)
            if cert_rows
            else "<p>暂无。</p>",
            ident="certificates",
        ),
        history_section(ctx, figure.id),  # change history from git (shifan.site.history)
    ]
    return page(figure.name, parts)


def figures_index(ctx: SiteContext) -> str:
    src = "figures/index.md"
    rows = [
        (
            link(rel(src, figure_url(f.id)), f.name),
            f"<code>{e(f.id)}</code>",
            _affiliation(ctx, src, f),
            e(f.field_of_work),
            e(f.year),
        )
        for f in sorted(ctx.roster.figures.values(), key=lambda f: (-f.year, f.id))
    ]
    body = [
        "<h1>电子商务领军人物</h1>",
        f"<p>共 {len(rows)} 位。</p>",
        table(("姓名", "编号", "所在单位", "领域", "年度"), rows, cls="sf-figures")
        if rows
        else "<p>暂无。</p>",
    ]
    return page("电子商务领军人物", body)
