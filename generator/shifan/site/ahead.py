"""Unit pages made ahead in a second process: each page's body and its search entries.

Rendering a unit page's body and indexing it for search take most of a big build, and each
page needs nothing from the others. When MkDocs starts writing pages, `UnitPagesAhead` forks a
child (`shifan.prefetch`) that makes them from the last unit page backwards while MkDocs
writes the other pages and then the unit pages from the first; where the two meet, the rest is
taken from the child. The child runs the very same code on a copy of this process (the body
renderer, and the search plugin's own `add_entry_from_context` on the page showing its search
head), so the site is the same either way; a test builds it both ways and compares.

The child also indexes the other pages for search (they are read and converted before MkDocs
writes any page, and the index is only written at the end): it does them first, and this
process leaves each one's place in the index open (`Later`) and fills it in just before the
index is written (`settle`), with the child's entries or, if it did not get to them, its own.
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


@dataclass(frozen=True)
class Later:
    """The place in the search index of a page whose entries the child makes (item `item`)."""

    page: Page
    item: int


class SearchHook:
    """Material's search index, taking ready entries for the pages made ahead."""

    def __init__(self, index: Any) -> None:
        self.index = index
        self.original: Callable[[Page], None] = index.add_entry_from_context
        self.ready: dict[str, Entries] = {}
        self.later: dict[str, int] = {}  # pages indexed at the end: their items
        index.add_entry_from_context = self._add

    def _add(self, page: Page) -> None:
        item = self.later.get(page.file.src_uri)
        if item is not None:
            self.index.entries.append(Later(page, item))
            return
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
    """The child that makes unit pages ahead (and indexes `others` for search), and what
    this process takes from it."""

    def __init__(
        self,
        pages: Sequence[Page],
        bodies: dict[str, Callable[[], str]],
        search: SearchHook | None,
        others: Sequence[Page] = (),
    ) -> None:
        self.pages = list(pages)
        self.bodies = bodies
        self.search = search
        self.position = {page.file.src_uri: i for i, page in enumerate(self.pages)}
        self.others = list(others) if search is not None else []
        if search is not None:  # items after the unit pages': made first, taken last
            for i, page in enumerate(self.others, start=len(self.pages)):
                search.later[page.file.src_uri] = i
        count = len(self.pages) + len(self.others)
        self.prefetch: Prefetch[Made] = Prefetch(self._make, count)
        self.taken = 0  # unit pages taken from the child
        self.indexed = 0  # other pages whose search entries were taken from the child

    def _make(self, i: int) -> Made:
        if i >= len(self.pages):
            assert self.search is not None
            return Made("", self.search.entries_of(self.others[i - len(self.pages)]))
        page = self.pages[i]
        body = self.bodies[page.file.src_uri]()
        if self.search is None:
            return Made(body, None)
        page.content = search_head(body)
        return Made(body, self.search.entries_of(page))

    def settle(self) -> None:
        """Fill in the places left open in the search index (`Later`), in order: the
        child's entries, or this process's own where the child did not make them."""
        if self.search is None:
            return
        entries: list[Any] = self.search.index.entries
        settled: Entries = []
        for entry in list(entries):
            if not isinstance(entry, Later):
                settled.append(entry)
                continue
            made = self.prefetch.take(entry.item)
            if made is not None and made.entries is not None:
                settled.extend(made.entries)
                self.indexed += 1
            else:
                settled.extend(self.search.entries_of(entry.page))
        entries[:] = settled
        self.search.later.clear()

    def take(self, page: Page) -> str | None:
        """The page's body if the child made it (its search entries then wait in the hook)."""
        i = self.position.get(page.file.src_uri)
        made = self.prefetch.take(i) if i is not None else None
        if made is None:
            return None
        self.taken += 1
        if self.search is not None and made.entries is not None:
            self.search.ready[page.file.src_uri] = made.entries
        return made.body

    def close(self) -> None:
        self.prefetch.close()
        if self.search is not None:
            self.search.remove()
