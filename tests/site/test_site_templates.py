"""The page templates (`site_src/overrides/shifan/`): escaping by default, the raw-HTML-block
contract of the Markdown pages, and clean errors."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from markupsafe import Markup

from shifan import model as m
from shifan.errors import ShifanError
from shifan.operations.annual import annual_report, event_years
from shifan.site import frame, generate
from shifan.site.context import SiteContext, build_context
from shifan.site.pages import annual, downloads, figures, home, lists, notices, standards, units
from shifan.site.pages.render import TEMPLATES, environment, render
from support import assessed, small_roster

TODAY = dt.date(2026, 11, 27)
SCRIPT = "<script>alert(1)</script>"
ESCAPED = "&lt;script&gt;alert(1)&lt;/script&gt;"


def _hostile_standard(text: str) -> m.Standard:
    crit = m.Criterion(key="sales", label=text + "交易额", type="number", op=">=", value=1.0,
                       unit="亿元", note=text)  # fmt: skip
    version = m.StandardVersion(effective=dt.date(2016, 1, 1), document=text, criteria=(crit,))
    return m.Standard(kind=m.Kind.ENTERPRISE, title=text + "示范企业标准", versions=(version,))


def hostile_context(text: str = SCRIPT) -> SiteContext:
    """The small roster with `text` before every name, title and district name."""
    roster = small_roster(hostile=True)

    def named(obj: Any, field: str = "name") -> Any:
        return dataclasses.replace(obj, **{field: text + getattr(obj, field)})

    roster = dataclasses.replace(
        roster,
        units={k: named(u) for k, u in roster.units.items()},
        figures={k: named(f) for k, f in roster.figures.items()},
        notices={k: named(n, "title") for k, n in roster.notices.items()},
        districts={k: named(d) for k, d in roster.districts.items()},
        standards={m.Kind.ENTERPRISE: _hostile_standard(text)},
    )
    return build_context(assessed(roster, TODAY), "https://x.example/")


def _site_info(text: str) -> m.SiteInfo:
    """registry/site.yaml with `text` in every field the footer prints."""
    contact = m.Contact(department=text, phone=text, email=text, address=text, hours=text)
    return m.SiteInfo(host=text, contact=contact, icp=text, site_code=text)


def _detail_page(ctx: SiteContext) -> str:
    """The first detail page of the newest year with two events, cut into pages of one row."""
    for year in reversed(event_years(ctx.assessment)):
        pages = dict(annual.year_pages(annual_report(ctx.assessment, year), 1))
        if annual.details_src(year, 1) in pages:
            return pages[annual.details_src(year, 1)]
    raise AssertionError("no year with two events in the small roster")


def _first_unit(ctx: SiteContext) -> m.Unit:
    return ctx.roster.units[m.UnitId("ZZ-ENT-0042")]


PAGES: dict[str, Callable[[SiteContext], str]] = {
    "home.html": home.home_page,
    "stats.html": home.stats_page,
    "standards.html": standards.standards_page,
    "lists_index.html": lists.lists_index,
    "list.html": lambda ctx: dict(lists.kind_level_pages(ctx))["lists/enterprise-municipal.md"],
    "districts_index.html": lists.districts_index,
    "figures.html": figures.figures_index,
    "figure.html": lambda ctx: figures.render_figure(ctx, *ctx.roster.figures.values()),
    "notices.html": notices.notices_index,
    "notice.html": lambda ctx: notices.render_notice(
        ctx, ctx.roster.notices[m.NoticeId("GS-2026-02")]
    ),
    "revocations.html": notices.revocations_page,
    "unit.html": lambda ctx: units.render_unit(ctx, _first_unit(ctx)),
    "downloads.html": lambda ctx: downloads.downloads_page(
        ctx, {path: len(data) for path, data in generate.static_files(ctx)}
    ),
    "footer.html": lambda ctx: frame.footer_for(_site_info(_first_unit(ctx).name)),
    # the newest year's report (the index of years renders the same template)
    "annual.html": lambda ctx: list(annual.annual_pages(ctx))[-1][1],
    # a page of a year's details
    "annual_details.html": lambda ctx: _detail_page(ctx),
}
"""A page made from each template (`macros.html` is used by all of them)."""

SHOWS_NO_ROSTER_TEXT = {"lists_index.html", "downloads.html"}  # labels, counts, sizes


def _templates() -> list[Path]:
    return sorted(TEMPLATES.glob("*.html"))


def test_every_page_template_is_covered_here() -> None:
    names = {p.name for p in _templates()}
    assert names == {*PAGES, "macros.html"}


@pytest.mark.parametrize("path", _templates(), ids=lambda p: p.name)
def test_no_template_turns_escaping_off(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert not re.search(r"\|\s*safe\b", text), f"{path.name}: `|safe` prints text unescaped"
    assert not re.search(r"autoescape\s+false", text, re.IGNORECASE), path.name
    assert "Markup" not in text, path.name


@pytest.mark.parametrize("name", sorted(PAGES))
def test_hostile_name_renders_escaped_through_each_template(name: str) -> None:
    page = PAGES[name](hostile_context())
    assert "<script" not in page
    if name not in SHOWS_NO_ROSTER_TEXT:
        assert ESCAPED in page


@pytest.mark.parametrize("name", sorted(PAGES))
def test_template_syntax_in_roster_text_is_shown_not_run(name: str) -> None:
    page = PAGES[name](hostile_context("{{ 6*7007 }}{% raw %}"))
    assert "42042" not in page
    if name not in SHOWS_NO_ROSTER_TEXT:
        assert "{{ 6*7007 }}{% raw %}" in page


def _templated(ctx: SiteContext) -> list[tuple[str, str]]:
    """The generated pages made from templates (the keys page is plain Markdown), as Markdown:
    the figures' and notices' pages skip Markdown, but their bodies keep its contract too."""
    lazy = [
        (page.src_uri, page.front_matter + "\n" + page.body())
        for page in generate.lazy_pages(ctx)
        if not page.src_uri.startswith("units/")  # their bodies are checked apart
    ]
    return [*((s, p) for s, p in generate.pages(ctx) if s != "keys/index.md"), *lazy]


def _body_blocks(page: str) -> list[str]:
    assert page.startswith("---\n")
    _, _, body = page[4:].partition("\n---\n")
    return body.strip("\n").split("\n\n")


def test_newlines_in_roster_text_never_split_a_raw_html_block() -> None:
    """A blank line in a name must not end a raw HTML block: what followed would be Markdown
    (here a `javascript:` link)."""
    ctx = hostile_context("a\n\n[x](javascript:alert(1))\r\n\n")
    for src, page in _templated(ctx):
        for block in _body_blocks(page):
            assert block.startswith("<"), (src, block[:80])
    body = units.unit_body(ctx, _first_unit(ctx))
    assert "\n\n[x]" not in body


def test_every_markdown_page_is_raw_html_blocks() -> None:
    """Each block starts with a tag, so Python-Markdown passes it through untouched."""
    ctx = build_context(assessed(small_roster(), TODAY), "https://x.example/")
    for src, page in _templated(ctx):
        for block in _body_blocks(page):
            assert block.startswith("<"), (src, block[:80])


@pytest.mark.parametrize(
    ("value", "printed"),
    [
        ("郑州 ZZ-ENT-0001 2026-11-27", "郑州 ZZ-ENT-0001 2026-11-27"),
        ("<a href='x'>&\"</a>", "&lt;a href=&#39;x&#39;&gt;&amp;&#34;&lt;/a&gt;"),
        ("a\r\n\x00b\tc\u2028d\x7f", "a b\tc\u2028d"),
        (None, ""),
        (12345, "12345"),
        (m.Kind.PARK, "park"),
        (Markup("<svg></svg>"), "<svg></svg>"),
    ],
)
def test_a_printed_value_is_one_line_and_escaped(value: object, printed: str) -> None:
    env = environment()
    assert env.from_string("{{ v }}").render(v=value) == printed
    assert (
        env.from_string("{% autoescape false %}{{ v }}{% endautoescape %}").render(v=value)
        == printed
    ), "escaping cannot be turned off"
    assert env.from_string("{% set s %}[{{ v }}]{% endset %}{{ s }}").render(v=value) == (
        f"[{printed}]"
    )


def test_templates_compile_once_per_process() -> None:
    env = environment()
    assert environment() is env
    assert env.get_template("unit.html") is env.get_template("unit.html")


def test_unknown_template_is_a_clean_error() -> None:
    with pytest.raises(ShifanError, match=r"nope\.html"):
        render("nope.html")


def test_missing_template_folder_is_a_clean_error(tmp_path: Path) -> None:
    with pytest.raises(ShifanError, match="page templates not found"):
        environment(tmp_path / "absent")


def test_template_folder_is_not_published(built_site: Path) -> None:
    """MkDocs neither builds the templates as pages nor copies them into the site."""
    names = {p.name for p in _templates()}
    published = [p for p in built_site.rglob("*") if p.name in names or p.parent.name == "shifan"]
    assert published == []
    assert not (built_site / "overrides").exists()
