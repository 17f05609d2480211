"""The MkDocs plugin `shifan`: a thin adapter from MkDocs events to `shifan.site`.

It loads the roster once per build (any roster error fails the build with the check's
report), derives every status once, and adds the generated pages and static files in
memory with `File.generated` — nothing generated is ever written into `site_src/`.

Inputs, in order of precedence: a `SiteInputs` preset by `shifan build` (programmatic);
environment variables `SHIFAN_REGISTRY`, `SHIFAN_KEYS`, `SHIFAN_TODAY`, `SHIFAN_SITE_URL`
(read here only, for `shifan serve` whose config is reloaded on every rebuild); the plugin's
options in `mkdocs.yml`. Paths are relative to the folder of `mkdocs.yml`.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import itertools
import json
import logging
import os
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import markdown
from jinja2 import Environment
from mkdocs.commands.build import _build_page
from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.utils.templates import TemplateContext

from shifan.background import in_background
from shifan.clock import midnight, today_in_shanghai
from shifan.errors import ShifanError
from shifan.site import generate, segment
from shifan.site.ahead import SearchHook, UnitPages, search_head, search_index_of
from shifan.site.context import SiteContext, build_context
from shifan.site.frame import theme_extra
from shifan.site.inputs import RosterHasErrors, SiteInputs, load_inputs
from shifan.site.pages.render import environment
from shifan.site.skeleton import agrees, collapse, restore
from shifan.site.stamp import STAMPED_KEY, FrameStamp, StampedPage
from shifan.site.staticfiles import StaticFiles, WrittenFile
from shifan.site.verify_page import SOURCES, VerifyPageSources, verify_page
from shifan.tlog.publish import log_signer, site_files
from shifan.urls import check_site_url

log = logging.getLogger("mkdocs.plugins.shifan")


class ShifanConfig(base.Config):  # type: ignore[no-untyped-call]
    registry = c.Type(str, default="registry")
    keys_dir = c.Type(str, default="keys")
    today = c.Type(str, default="")  # YYYY-MM-DD; empty: today in Asia/Shanghai
    site_url = c.Type(str, default="")  # overrides mkdocs.yml's site_url when set


class ShifanPlugin(BasePlugin[ShifanConfig]):  # type: ignore[no-untyped-call]
    supports_multiple_instances = False
    stamp_unit_pages = True
    """Unit pages skip Markdown and get the theme frame stamped (`shifan.site.stamp`); the
    output is the same either way (a test builds both)."""
    cache_segmentation = True
    """The search index is made by stand-ins for Material's HTML parser and Chinese
    segmentation (`shifan.site.segment`, `shifan.site.searchparse`); the index is the same
    either way (a test builds both)."""
    collapse_rows = True
    """Generated pages reach Markdown with their table rows collapsed (`shifan.site.skeleton`);
    the output is the same either way (a test builds both)."""
    unit_pages_aside = True
    """Unit pages are written outside MkDocs' page loop, by a second process and this one
    (`shifan.site.ahead`); the output is the same either way (a test builds both)."""

    KNOWN_PLUGINS = frozenset({"material/search", "shifan"})
    """Plugins whose page events keep no state but the search index's entries, which
    `shifan.site.ahead` carries over: with any other, unit pages stay in MkDocs' loop."""

    def __init__(self) -> None:
        self.preset: SiteInputs | None = None
        self.inputs: SiteInputs | None = None
        self.context: SiteContext | None = None
        self.lazy: dict[str, Callable[[], str]] = {}
        self.full_content: dict[str, str] = {}
        self.log_files: dict[str, bytes] = {}
        self.stamp: FrameStamp | None = None
        self.generated: set[str] = set()
        self.collapsed: dict[str, tuple[str, list[str]]] = {}
        self.rows_agree: bool | None = None  # None: not checked yet this build
        self.collapsed_pages = 0
        self.ahead: UnitPages | None = None
        self.nav: Navigation | None = None
        self.all_pages: list[File] | None = None  # every page, the unit pages written aside too
        self.digests: dict[str, str] = {}  # files hashed as they were written (the manifest)
        self.written: str | None = None  # the digest of the stamped page written last

    # ------------------------------------------------------------------ inputs

    def _from_config(self, config: MkDocsConfig) -> SiteInputs:
        root = Path(config.config_file_path or ".").resolve().parent
        registry = root / os.environ.get("SHIFAN_REGISTRY", self.config.registry)
        keys = root / os.environ.get("SHIFAN_KEYS", self.config.keys_dir)
        today_text = os.environ.get("SHIFAN_TODAY", self.config.today)
        try:
            today = dt.date.fromisoformat(today_text) if today_text else today_in_shanghai()
        except ValueError:
            raise PluginError(f"shifan: not a date: {today_text!r} (write YYYY-MM-DD)") from None
        site_url = os.environ.get("SHIFAN_SITE_URL", self.config.site_url) or None
        return load_inputs(
            registry, today, keys_dir=keys, site_url=site_url, log_key=log_signer(os.environ)
        )

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        logging.getLogger("jieba").setLevel(logging.WARNING)  # it logs its cache at DEBUG
        try:
            inputs = self.preset or self._from_config(config)
        except RosterHasErrors as err:
            raise PluginError(f"{err.report}shifan: {err}") from None
        except ShifanError as err:
            raise PluginError(f"shifan: {err}") from None
        if inputs.site_url:
            config.site_url = inputs.site_url.rstrip("/") + "/"
        try:
            if config.site_url:
                check_site_url(config.site_url, source="site_url")
        except ShifanError as err:
            raise PluginError(f"shifan: {err}") from None
        # Reproducible output: MkDocs dates the sitemap and its gzip header by this.
        os.environ["SOURCE_DATE_EPOCH"] = str(int(midnight(inputs.today).timestamp()))
        self.inputs = inputs
        if self.cache_segmentation:
            segment.install()
        environment.cache_clear()  # templates compile once per build; `serve` sees edits
        try:
            self.context = build_context(inputs.assessment, config.site_url or "/")
            entries = inputs.assessment.log
            self.log_files = site_files(entries, inputs.log_key) if entries is not None else {}
            config.extra.update(theme_extra(self.context))
        except ShifanError as err:
            raise PluginError(f"shifan: {err}") from None
        return config

    # ------------------------------------------------------------------ files

    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        ctx, inputs = self.context, self.inputs
        if ctx is None or inputs is None:
            raise PluginError("shifan: on_files before on_config")
        static = itertools.chain(generate.static_files(ctx), self.log_files.items())
        written = StaticFiles(Path(config.site_dir))  # emptied by MkDocs before `on_files`
        # The static files (written into the site folder) and every other year's annual
        # report are made in a second process while this one makes the other pages and the
        # other years; the downloads page, first of all, waits for the files' sizes.
        years = generate.report_years(ctx)
        with in_background(_static_and_annual, written, static, ctx, years[::2]) as made:
            front = list(generate.front_pages(ctx))
            back = list(generate.back_pages(ctx))
            lazy_pages = [
                (File.generated(config, lazy.src_uri, content=lazy.front_matter), lazy)
                for lazy in generate.lazy_pages(ctx)
            ]
            if self.stamp_unit_pages:
                for file, lazy in lazy_pages:
                    StampedPage(file, config, lazy.meta)  # becomes `file.page`
            segment.warm_up()  # the first page indexed would do it; while the child works
            by_year = generate.annual_pages(ctx, years[1::2])
            filled, theirs = made.result()
            written.adopt(filled)
        self.digests = dict(written.digests)
        annual = generate.annual_in_order(years, {**by_year, **theirs})
        self.generated, self.rows_agree, self.collapsed_pages = set(), None, 0
        self.lazy = {}
        pages = [generate.downloads_page(ctx, written.sizes), *front, *annual, *back]
        in_nav = _nav_sources(config.nav)
        for src_uri, text in pages:
            parts = None if _near_nav(src_uri, in_nav) else generate.html_page(src_uri, text)
            if parts is None:
                _put(files, File.generated(config, src_uri, content=text))
                self.generated.add(src_uri)
                continue
            head, meta, body = parts  # a page outside the navigation: as the unit pages
            file = File.generated(config, src_uri, content=head)
            _put(files, file)
            if self.stamp_unit_pages:
                StampedPage(file, config, meta)
            self.lazy[src_uri] = functools.partial(str, body)
        for file, lazy in lazy_pages:
            _put(files, file)
            self.lazy[lazy.src_uri] = lazy.body
        for path in written.sizes:
            _put(
                files, WrittenFile.generated(config, path, abs_src_path=str(written.path_of(path)))
            )
        _inline_verify_page(files, config, written.read("keys.json"))
        return files

    def on_page_markdown(self, text: str, page: Page, config: MkDocsConfig, files: Files) -> str:
        """A generated page goes to Markdown with its table rows collapsed; the first such page
        of a build is also converted both ways, and on a difference no page is collapsed."""
        if not self.collapse_rows or self.rows_agree is False:
            return text
        if page.file.src_uri not in self.generated:
            return text
        skeleton, runs = collapse(text)
        if not runs:
            return text
        if self.rows_agree is None:
            self.rows_agree = agrees(text, functools.partial(_convert, config))
            if not self.rows_agree:
                log.debug("shifan: collapsed rows change the Markdown output; not collapsing")
                return text
        self.collapsed[page.file.src_uri] = (text, runs)
        self.collapsed_pages += 1
        return skeleton

    def on_page_content(self, html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
        """A collapsed page gets its rows back (`_restore_rows`). A lazy page's body replaces
        the (empty) Markdown output; the search plugin, which reads `page.content` next, sees
        only the part before SEARCH_END. A stamped page's body waits until the page is
        written (`_on_page_context_body`): held for every page at once, 100,000 bodies would
        fill the memory."""
        if isinstance(page, StampedPage):
            return html
        html = self._restore_rows(html, page, config, files)
        return self._search_head(page, html)

    def _restore_rows(self, html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
        collapsed = self.collapsed.pop(page.file.src_uri, None)
        if collapsed is None:
            return html
        source, runs = collapsed
        restored = restore(html, runs)
        if restored is not None:
            return restored
        page.markdown = source  # a token did not come through: render the page in full
        page.render(config, files)
        return page.content or ""

    def _search_head(self, page: Page, html: str) -> str:
        render = self.lazy.get(page.file.src_uri)
        if render is None:
            return html
        full = render()
        head = search_head(full)
        if head is not full:
            self.full_content[page.file.src_uri] = full
        return head

    def on_nav(self, nav: Navigation, config: MkDocsConfig, files: Files) -> Navigation:
        self.nav = nav
        return nav

    def on_env(self, env: Environment, config: MkDocsConfig, files: Files) -> Environment:
        """Every page is read: the theme's frame can be stamped, and the unit pages leave
        MkDocs' page loop to be written by a second process and by this one at the end."""
        self.stamp = FrameStamp(env)
        self.all_pages = None
        plugins = set(config.plugins)
        if self.unit_pages_aside and self.stamp_unit_pages and plugins <= self.KNOWN_PLUGINS:
            nav = self.nav
            if nav is None:
                raise PluginError("shifan: on_env before on_nav")
            every = list(files.documentation_pages())
            pages = [
                file.page
                for file in every
                if isinstance(file.page, StampedPage) and file.src_uri in self.lazy
            ]
            others = [
                file.page
                for file in every
                if file.page is not None and not isinstance(file.page, StampedPage)
            ]
            for page in pages:
                files.remove(page.file)
            self.all_pages = every

            def build(page: Page) -> str | None:  # as MkDocs writes a page in its loop
                self.written = None
                _build_page(page, config, every, nav, env)
                return self.written  # set by `on_post_page`

            index = search_index_of(config)
            search = SearchHook(index) if index is not None else None
            self.ahead = UnitPages(pages, build, search, [f.page for f in every if f.page], others)
        return env

    def on_template_context(
        self, context: TemplateContext, template_name: str, config: MkDocsConfig
    ) -> TemplateContext:
        """The sitemap lists every page, the unit pages written outside MkDocs' loop too."""
        if template_name == "sitemap.xml" and self.all_pages is not None:
            context["pages"] = self.all_pages
        return context

    def _close_ahead(self) -> None:
        if self.ahead is not None:
            log.debug(
                "shifan: %d of %d pages written aside by the second process, "
                "%d other pages indexed ahead",
                self.ahead.taken,
                len(self.ahead.pages),
                self.ahead.indexed,
            )
            self.ahead.close()
            self.ahead = None

    @event_priority(100)  # before the search plugin reads the head
    def _on_page_context_body(
        self, context: TemplateContext, page: Page, config: MkDocsConfig, nav: Navigation
    ) -> TemplateContext:
        if isinstance(page, StampedPage):
            page.content = self._search_head(page, page.content or "")
        return context

    @event_priority(-100)  # after the search plugin has indexed the head
    def _on_page_context_full(
        self, context: TemplateContext, page: Page, config: MkDocsConfig, nav: Navigation
    ) -> TemplateContext:
        full = self.full_content.pop(page.file.src_uri, None)
        if full is not None:
            page.content = full
        if isinstance(page, StampedPage) and self.stamp is not None:
            context[STAMPED_KEY] = self.stamp.output(context, page)  # type: ignore[literal-required]
        return context

    on_page_context = CombinedEvent(_on_page_context_body, _on_page_context_full)

    @event_priority(-100)
    def on_post_page(self, output: str, page: Page, config: MkDocsConfig) -> str:
        """A stamped page's body is written: let it go. Written aside, its bytes (as MkDocs
        encodes them next) are hashed for the manifest."""
        if isinstance(page, StampedPage):
            page.content = ""
            if self.ahead is not None:
                data = output.encode("utf-8", errors="xmlcharrefreplace")
                self.written = hashlib.sha256(data).hexdigest() if output.strip() else None
        return output

    @event_priority(100)  # before the search plugin writes its index
    def _on_post_build_index(self, config: MkDocsConfig) -> None:
        """The unit pages the second process has not written are written here; the pages
        indexed aside take their places in the search index."""
        if self.ahead is not None:
            self.ahead.settle()
            self.digests.update(self.ahead.digests)

    @event_priority(-100)  # after the search plugin has written its index
    def _on_post_build_last(self, config: MkDocsConfig) -> None:
        """The search index has been written: jieba goes back to Material's plugin.

        Every JSON file of the site in one encoding: raw UTF-8. MkDocs' search plugin
        writes its index with `\\uXXXX` escapes; it is rewritten with the same content."""
        if self.stamp is not None:
            log.debug(
                "shifan: %d pages stamped, %d rendered in full",
                self.stamp.stamped,
                self.stamp.full,
            )
        log.debug("shifan: %d generated pages had their rows collapsed", self.collapsed_pages)
        self._close_ahead()
        segment.uninstall()
        index = Path(config.site_dir) / "search" / "search_index.json"
        if index.is_file():
            data = json.loads(index.read_text(encoding="utf-8"))
            text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
            index.write_text(text, encoding="utf-8")

    on_post_build = CombinedEvent(_on_post_build_index, _on_post_build_last)

    def on_build_error(self, error: Exception) -> None:
        self._close_ahead()
        segment.uninstall()

    def on_serve(self, server: Any, config: MkDocsConfig, builder: Any) -> Any:
        if self.inputs is not None:
            for folder in (self.inputs.assessment.registry, self.inputs.assessment.keys_dir):
                if folder.is_dir():
                    server.watch(str(folder))
        return server


def _convert(config: MkDocsConfig, text: str) -> str:
    """`text` through Markdown as MkDocs configures it (without MkDocs' own link rewriting,
    which raw HTML never reaches)."""
    md = markdown.Markdown(
        extensions=config.markdown_extensions, extension_configs=config.mdx_configs or {}
    )
    return md.convert(text)


def _inline_verify_page(files: Files, config: MkDocsConfig, keyset: bytes) -> None:
    """`site_src/v/`'s three files become one `v/index.html` (`shifan.site.verify_page`)."""
    folder = Path(config.docs_dir) / "v"
    if not (folder / "index.html").is_file():
        return
    for name in SOURCES:
        source = files.get_file_from_path(f"v/{name}")
        if source is not None:
            files.remove(source)
    try:
        html = verify_page(VerifyPageSources.read(folder), keyset)
    except ShifanError as err:
        raise PluginError(f"shifan: {err}") from None
    files.append(File.generated(config, "v/index.html", content=html))


def _static_and_annual(
    written: StaticFiles, static: Iterable[tuple[str, bytes]], ctx: SiteContext, years: list[int]
) -> tuple[tuple[dict[str, int], dict[str, str]], dict[int, list[tuple[str, str]]]]:
    """What a build's second process makes: the static files, then these years' annual
    reports."""
    return written.fill(static), generate.annual_pages(ctx, years)


def _nav_sources(nav: Any) -> set[str] | None:
    """Every page source named in `mkdocs.yml`'s nav; None without a nav (every page is in
    the navigation then)."""
    if nav is None:
        return None
    found: set[str] = set()
    stack = [nav]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            found.add(item)
        elif isinstance(item, dict):
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return found


def _near_nav(src_uri: str, in_nav: set[str] | None) -> bool:
    """Whether the page is in the navigation or above a page that is (the theme's links from
    it to those pages differ from its neighbours'): such a page is not stamped."""
    if in_nav is None or src_uri in in_nav:
        return True
    stem = src_uri.removesuffix(".md")
    if stem == "index" or stem.endswith("/index"):
        stem = stem.removesuffix("index")  # the folder's page: the folder's address
    below = stem.rstrip("/") + "/"
    return below == "/" or any(path.startswith(below) for path in in_nav)


def _put(files: Files, file: File) -> None:
    """Add a generated file; a hand-written file of the same path is a configuration error."""
    existing = files.get_file_from_path(file.src_uri)
    if existing is not None:
        raise PluginError(
            f"shifan: site_src/{file.src_uri} clashes with a generated page; rename or remove it"
        )
    files.append(file)
