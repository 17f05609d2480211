"""Pages that skip Markdown: those of figures and notices (`generate.lazy_pages`), and the
generated pages outside the navigation (`generate.html_page`: lists, districts, annual
reports). Their bodies are final HTML; what Markdown (configured as `mkdocs.yml` configures
it) makes of such a body is the body itself, whatever the roster says — so skipping it changes
no byte of the site."""

from __future__ import annotations

import dataclasses
import datetime as dt
from functools import cache
from pathlib import Path
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.utils.meta import get_data

from shifan import model as m
from shifan.site import generate
from shifan.site.context import build_context
from shifan.site.pages import figures, notices
from shifan.site.pages.html import front_matter_data
from shifan.site.plugin import _convert, _nav_sources, _near_nav
from support import assessed, small_roster

REPO = Path(__file__).resolve().parents[2]
TODAY = dt.date(2026, 11, 27)
KEYS = frozenset({"id", "unit", "figure", "affiliation_unit", "district", "type"})  # not text


@cache
def _config() -> MkDocsConfig:
    return load_config(str(REPO / "mkdocs.yml"))


def _with_text(node: Any, text: str) -> Any:
    """`node` with `text` before every text field, in nested records and tuples too."""
    if isinstance(node, tuple):
        return tuple(_with_text(item, text) for item in node)
    if not isinstance(node, m.Node):
        return node
    changes: dict[str, Any] = {}
    for field in dataclasses.fields(node):
        if field.name in KEYS or not field.init:
            continue
        value = getattr(node, field.name)
        if type(value) is str:
            changes[field.name] = text + value
        elif isinstance(value, (tuple, m.Node)):
            changes[field.name] = _with_text(value, text)
    return dataclasses.replace(node, **changes)


def _context(text: str) -> Any:
    roster = small_roster(hostile=True)
    roster = dataclasses.replace(
        roster,
        units={k: _with_text(u, text) for k, u in roster.units.items()},
        figures={k: _with_text(f, text) for k, f in roster.figures.items()},
        notices={k: _with_text(n, text) for k, n in roster.notices.items()},
        districts={k: _with_text(d, text) for k, d in roster.districts.items()},
    )
    return build_context(assessed(roster, TODAY), "https://x.example/")


def _assert_markdown_keeps(body: str) -> None:
    assert _convert(_config(), body + "\n") == body


# Text as the roster allows it: it refuses control and invisible characters in every value
# (S101, S108), a tab too, which Markdown would widen to spaces.
texts = st.text(st.characters().filter(str.isprintable), max_size=16) | st.sampled_from(
    ["# 标题", "- 一项", "1. 一", "> 引", "| a | b |", "---", "*强调* `代码` [链](x)",
     "<b>粗</b>", "&amp; &#x41;", "a\n\nb", "    缩进", "!!! note", "{: #x }", "[TOC]"]
)  # fmt: skip


@settings(max_examples=40, deadline=None)
@given(texts)
def test_markdown_makes_nothing_else_of_figure_and_notice_bodies(text: str) -> None:
    ctx = _context(text)
    for figure in ctx.roster.figures.values():
        _assert_markdown_keeps(figures.figure_body(ctx, figure))
    for notice in ctx.roster.notices.values():
        _assert_markdown_keeps(notices.notice_body(ctx, notice))


@settings(max_examples=25, deadline=None)
@given(texts)
def test_markdown_makes_nothing_else_of_generated_page_bodies(text: str) -> None:
    ctx = _context(text)
    for src, page in generate.pages(ctx):
        parts = generate.html_page(src, page)
        if src in generate.MARKDOWN_PAGES:
            assert parts is None
            continue
        assert parts is not None, src
        head, meta, body = parts
        assert head + "\n" + body + "\n" == page
        assert meta == get_data(page)[1], src
        _assert_markdown_keeps(body)


def test_figure_and_notice_pages_are_lazy_pages_with_their_titles() -> None:
    ctx = _context("")
    lazy = {page.src_uri: page for page in generate.lazy_pages(ctx)}
    markdown = dict(generate.pages(ctx))
    for figure in ctx.roster.figures.values():
        page = lazy[f"figures/{figure.id}.md"]
        assert page.meta == front_matter_data(figure.name)
        assert page.front_matter + "\n" + page.body() + "\n" == figures.render_figure(ctx, figure)
        assert page.src_uri not in markdown
    for notice in ctx.roster.notices.values():
        page = lazy[f"notices/{notice.id}.md"]
        assert page.meta == front_matter_data(notice.title)
        assert page.front_matter + "\n" + page.body() + "\n" == notices.render_notice(ctx, notice)
        assert page.src_uri not in markdown
    assert "figures/index.md" in markdown
    assert "notices/index.md" in markdown


def test_pages_in_or_above_the_navigation_keep_markdown() -> None:
    """Only pages outside the navigation, and above none of its pages, skip Markdown: the
    theme's links from such a page to the navigation's are those of its neighbours."""
    nav = _nav_sources(
        [{"首页": "index.md"}, {"单位": [{"名录": "lists/index.md"}, "x/y/z.md"]}, "https://e.x/"]
    )
    assert nav == {"index.md", "lists/index.md", "x/y/z.md", "https://e.x/"}
    assert _near_nav("lists/index.md", nav)
    assert not _near_nav("lists/enterprise-municipal.md", nav)
    assert not _near_nav("annual/index.md", nav)
    assert _near_nav("x/y.md", nav)  # x/y/ is above x/y/z/
    assert _near_nav("x/index.md", nav)
    assert not _near_nav("x/yz.md", nav)
    assert not _near_nav("xindex.md", nav)
    assert _near_nav("index.md", nav)  # the home page is above every page
    assert _near_nav("lists/enterprise-municipal.md", _nav_sources(None))  # no nav: all in it
