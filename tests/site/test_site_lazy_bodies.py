"""The pages of figures and notices skip Markdown: their bodies are final HTML made when they
are written (`generate.lazy_pages`). What Markdown (configured as `mkdocs.yml` configures it)
makes of such a body is the body itself, whatever the roster says — so skipping it changes
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

from shifan import model as m
from shifan.site import generate
from shifan.site.context import build_context
from shifan.site.pages import figures, notices
from shifan.site.pages.html import front_matter_data
from shifan.site.plugin import _convert
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
        figures={k: _with_text(f, text) for k, f in roster.figures.items()},
        notices={k: _with_text(n, text) for k, n in roster.notices.items()},
    )
    return build_context(assessed(roster, TODAY), "https://x.example/")


def _assert_markdown_keeps(body: str) -> None:
    assert _convert(_config(), body + "\n") == body


texts = st.text(st.characters(exclude_categories=["Cs"]), max_size=16) | st.sampled_from(
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
