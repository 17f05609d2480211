"""Unit pages without MkDocs' per-page cost: their Markdown is skipped and the theme's frame
is rendered once, then stamped with each page's own values.

A stamped page (a unit's, a figure's, a notice's, or a generated list or report outside the
navigation) has a body of final HTML (`generate.LazyPage`, `generate.html_page`), empty
Markdown, and no place in the navigation. The pages of one folder (`units/<id>/`, say) sit at
the same place and have the same front matter but their titles, so the theme's output for one
differs from another's only in the title, the canonical address and the content (and in
whether the content has an `<h1>`, which the theme checks). `FrameStamp` renders the theme once
per kind of page (folder, front matter, place in the navigation or none, `<h1>` or not) with
placeholders for those three values and splits the result there; a page is then the frame's
parts joined with its values. The first page of each kind is also rendered in full and
compared: on any difference (a theme update that uses another page value) every page of that
kind is rendered in full, so the output never changes, only the time it takes.

MkDocs still treats a stamped page as a page (links to it are checked, every plugin event runs
when it is written, the sitemap and the search index list it), though it is written outside
MkDocs' page loop (`shifan.site.ahead`); only its template is `STAMPED_TEMPLATE`, which prints
the stamped output the plugin hands it.
"""

from __future__ import annotations

import functools
import json
import re
from typing import Any
from urllib.parse import urljoin, urlsplit

import jinja2
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc
from mkdocs.utils.templates import TemplateContext

STAMPED_TEMPLATE = "shifan-stamped.html"
"""A theme template (in the theme's custom folder) printing `STAMPED_KEY` from the context."""
STAMPED_KEY = "shifan_stamped"
THEME_TEMPLATE = "main.html"

_TITLE = "\ue000shifan:title\ue000"
_CANONICAL = "\ue000shifan:canonical\ue000"
_CONTENT = "\ue000shifan:content\ue000"
_SLOTS = re.compile("(" + "|".join(map(re.escape, (_TITLE, _CANONICAL, _CONTENT))) + ")")


_PLAIN_URL = re.compile(r"(?:[A-Za-z0-9_\-]+/)+").fullmatch
"""Folders named with letters, digits, `_` and `-`: no dot segment, query or fragment."""
_PROBE = "a-b_1/"


@functools.lru_cache(maxsize=8)
def _base_path(base: str) -> str | None:
    """The path of `base` (ending in `/`) when `urljoin(base, url)` is `base + url` for every
    plain `url`, else None. `urljoin` rewrites a joined address segment by segment (dropping
    empty and dot segments, the base's query and fragment); a plain address's segments are
    left alone, so when a plain probe joins by appending, every plain address does."""
    if urljoin(base, _PROBE) != base + _PROBE:
        return None
    return urlsplit(base).path


class StampedPage(Page):
    """A page whose front matter is known (`meta`) and whose Markdown is empty: reading and
    rendering it skip YAML and Markdown (the plugin puts the body in `content`)."""

    def __init__(self, file: File, config: MkDocsConfig, meta: dict[str, Any]) -> None:
        super().__init__(None, file, config)
        self._stamped_meta = meta

    def _set_canonical_url(self, base: str | None) -> None:
        """As MkDocs sets it, without `urljoin` for each of 100,000 pages where joining is
        appending: a plain address (`units/ZZ-ENT-0001/`) after a base that joins so."""
        if base:
            base = base if base.endswith("/") else base + "/"
            path = _base_path(base)
            url = self.url
            if path is not None and _PLAIN_URL(url):
                self.canonical_url = base + url
                self.abs_url = path + url
                return
        super()._set_canonical_url(base)

    def read_source(self, config: MkDocsConfig) -> None:
        self.markdown = ""
        self.meta = {**self._stamped_meta, "template": STAMPED_TEMPLATE}

    def render(self, config: MkDocsConfig, files: Files) -> None:
        self.content = ""
        self.toc = get_toc([])
        self._title_from_render = None
        self.present_anchor_ids = set()


class FrameStamp:
    """The theme's frame for stamped pages, rendered once per kind and checked once."""

    def __init__(self, env: jinja2.Environment) -> None:
        self.env = env
        self.frames: dict[tuple[str, str, bool, bool], list[str] | None] = {}  # None: failed
        self.stamped = 0  # pages made from a frame
        self.full = 0  # pages rendered in full (one per kind to check its frame, or all)

    def output(self, context: TemplateContext, page: Page) -> str:
        """What the theme's `main.html` makes of `page` in `context`."""
        meta = {k: v for k, v in page.meta.items() if k != "template"}
        content = page.content or ""
        kind = _kind(page, meta, content)
        if kind not in self.frames:
            frame = self._frame(context, page, meta, kind[3])
            full = self._full(context, page, meta)
            stamped = _stamp(frame, page, content) if frame is not None else None
            self.frames[kind] = frame if stamped == full else None
            return full
        frame = self.frames[kind]
        if frame is None:
            return self._full(context, page, meta)
        self.stamped += 1
        return _stamp(frame, page, content)

    def _full(self, context: TemplateContext, page: Page, meta: dict[str, Any]) -> str:
        self.full += 1
        saved = page.meta
        page.meta = meta
        try:
            return self.env.get_template(THEME_TEMPLATE).render(context)
        finally:
            page.meta = saved

    def _frame(
        self, context: TemplateContext, page: Page, meta: dict[str, Any], kind: bool
    ) -> list[str] | None:
        saved = page.meta, page.content, page.canonical_url
        page.meta = {**meta, "title": _TITLE}
        page.content = _CONTENT + ("\u003ch1" if kind else "")
        page.canonical_url = _CANONICAL
        try:
            text = self.env.get_template(THEME_TEMPLATE).render(context)
        finally:
            page.meta, page.content, page.canonical_url = saved
        if kind:
            text = text.replace(_CONTENT + "\u003ch1", _CONTENT)
        parts = _SLOTS.split(text)
        if parts.count(_CONTENT) != 1:
            return None
        return parts


def _kind(page: Page, meta: dict[str, Any], content: str) -> tuple[str, str, bool, bool]:
    """Pages of one kind share a frame: the same folder in the site (so every relative address
    in the frame is the same), front matter but the title, place in the navigation or none,
    and `<h1>` in the content or not."""
    folder = page.url.rstrip("/").rpartition("/")[0]
    rest = json.dumps({k: v for k, v in meta.items() if k != "title"}, sort_keys=True)
    in_nav = page.parent is not None or page.previous_page is not None or page.next_page is not None
    return folder, rest, in_nav, "\u003ch1" in content


def _stamp(frame: list[str], page: Page, content: str) -> str:
    values = {_TITLE: str(page.meta.get("title", "")), _CANONICAL: page.canonical_url or ""}
    values[_CONTENT] = content
    return "".join(values[part] if i % 2 else part for i, part in enumerate(frame))
