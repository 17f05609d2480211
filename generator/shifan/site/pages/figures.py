"""Leading figures (领军人物): their list and one page each. Public facts only."""

from __future__ import annotations

from shifan.model import Figure
from shifan.site.context import SiteContext
from shifan.site.history import history_of
from shifan.site.pages.html import front_matter
from shifan.site.pages.render import render_html, render_page
from shifan.site.pages.units import timeline
from shifan.site.paths import figure_src, figure_url, rel, unit_url


def _affiliation(ctx: SiteContext, src: str, figure: Figure) -> tuple[str, str]:
    """(link or "", name) of the figure's unit: linked when on the roster, else as recorded."""
    if figure.affiliation_unit and figure.affiliation_unit in ctx.roster.units:
        unit = ctx.roster.units[figure.affiliation_unit]
        return rel(src, unit_url(unit.id)), unit.name
    return "", figure.affiliation or figure.affiliation_unit or ""


def render_figure(ctx: SiteContext, figure: Figure) -> str:
    """The figure's page as Markdown (front matter + HTML); the build uses the two parts."""
    return front_matter(figure.name) + "\n" + figure_body(ctx, figure) + "\n"


def figure_body(ctx: SiteContext, figure: Figure) -> str:
    """The page body as final HTML (no Markdown processing)."""
    src = figure_src(figure.id)
    affiliation_href, affiliation_name = _affiliation(ctx, src, figure)
    return render_html(
        "figure.html",
        history=history_of(ctx, figure.id),  # change history from git
        figure=figure,
        awarded=next((ev for ev in figure.events if ev.type == "awarded"), None),
        events=timeline(ctx, src, figure.events),
        plaques=ctx.plaques[figure.id],
        verify_href=rel(src, "v/"),
        affiliation_href=affiliation_href,
        affiliation_name=affiliation_name,
    )


def figures_index(ctx: SiteContext) -> str:
    src = "figures/index.md"
    rows = [
        {"figure": f, "href": rel(src, figure_url(f.id)), "affiliation": _affiliation(ctx, src, f)}
        for f in sorted(ctx.roster.figures.values(), key=lambda f: (-f.year, f.id))
    ]
    return render_page("电子商务领军人物", "figures.html", rows=rows)
