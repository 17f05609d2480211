"""Unit pages made ahead in a second process: each page's body and its search entries.

Rendering a unit page's body and indexing it for search take most of a big build, and each
page needs nothing from the others. When MkDocs starts writing pages, `UnitPagesAhead` forks a
child (`shifan.prefetch`) that makes them from the last unit page backwards while MkDocs
writes the other pages and then the unit pages from the first; where the two meet, the rest is
taken from the child. The child runs the very same code on a copy of this process (the body
renderer, and the search plugin's own `add_entry_from_context` on the page showing its search
head), so the site is the same either way; a test builds it both ways and compares.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.pages import Page

from shifan.prefetch import Prefetch
from shifan.site.pages.html import SEARCH_END

Entries = list[dict[str, Any]]


@dataclass(frozen=True)
class Made:
    """A unit page's body and, when a search index is kept, the entries of its search head."""

    body: str
    entries: Entries | None


def search_head(body: str) -> str:
    """The part of a page body the search index reads (all of it without SEARCH_END)."""
    head, found, _ = body.partition(SEARCH_END)
    return head if found else body


class SearchHook:
    """Material's search index, taking ready entries for the pages made ahead."""

    def __init__(self, index: Any) -> None:
        self.index = index
        self.original: Callable[[Page], None] = index.add_entry_from_context
        self.ready: dict[str, Entries] = {}
        index.add_entry_from_context = self._add

    def _add(self, page: Page) -> None:
        entries = self.ready.pop(page.file.src_uri, None)
        if entries is None:
            self.original(page)
        else:
            self.index.entries.extend(entries)

    def entries_of(self, page: Page) -> Entries:
        """What the search plugin adds for `page` as it stands, leaving the index unchanged."""
        entries: Entries = self.index.entries
        before = len(entries)
        self.original(page)
        made = entries[before:]
        del entries[before:]
        return made

    def remove(self) -> None:
        if self.index.__dict__.get("add_entry_from_context") == self._add:
            del self.index.add_entry_from_context


def search_index_of(config: MkDocsConfig) -> Any:
    """Material's search index for this build, or None (no search, or another plugin)."""
    plugin = config.plugins.get("material/search")
    index = getattr(plugin, "search_index", None)
    if isinstance(getattr(index, "entries", None), list) and callable(
        getattr(index, "add_entry_from_context", None)
    ):
        return index
    return None


class UnitPagesAhead:
    """The child that makes unit pages ahead, and what this process takes from it."""

    def __init__(
        self, pages: Sequence[Page], bodies: dict[str, Callable[[], str]], search: SearchHook | None
    ) -> None:
        self.pages = list(pages)
        self.bodies = bodies
        self.search = search
        self.position = {page.file.src_uri: i for i, page in enumerate(self.pages)}
        self.prefetch: Prefetch[Made] = Prefetch(self._make, len(self.pages))

    def _make(self, i: int) -> Made:
        page = self.pages[i]
        body = self.bodies[page.file.src_uri]()
        if self.search is None:
            return Made(body, None)
        page.content = search_head(body)
        return Made(body, self.search.entries_of(page))

    def take(self, page: Page) -> str | None:
        """The page's body if the child made it (its search entries then wait in the hook)."""
        i = self.position.get(page.file.src_uri)
        made = self.prefetch.take(i) if i is not None else None
        if made is None:
            return None
        if self.search is not None and made.entries is not None:
            self.search.ready[page.file.src_uri] = made.entries
        return made.body

    @property
    def taken(self) -> int:
        return self.prefetch.taken

    def close(self) -> None:
        self.prefetch.close()
        if self.search is not None:
            self.search.remove()
