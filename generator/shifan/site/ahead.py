"""Unit pages written outside MkDocs' page loop, by a second process and by this one.

"Unit pages" here are the stamped pages (`shifan.site.stamp`): those of the units, and of the
figures and notices, made the same way. Rendering them (their bodies, search entries, the
theme frame, the files) takes most of a big build, and each page needs nothing from the
others. So once MkDocs has read every page (`on_env`), the unit pages leave its page loop
(`UnitPages`): a forked child (`shifan.prefetch`) builds them from the last backwards while
MkDocs writes the other pages; then, just before the search index is written (`settle`), this
process builds them from the first until it meets the child, and takes the child's search
entries for the rest. Either process builds a page with
MkDocs' own page builder, every plugin event included, so the files are the same whichever
process wrote them; a test builds the site both ways and compares every byte.

Only the search entries travel back (a page's entries are made in the process that builds it).
The search index keeps MkDocs' page order: each unit page's place is held open (`Later`)
among the other pages' entries and filled in by `settle`. The child also indexes the other
pages for search (they are read and converted before it is forked, and the index is written
only at the end): it does them first, and their places are held open the same way.
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
    """What was done for one item: the search entries made (None without an index) and, for
    a unit page, the SHA-256 of the file written (None: no file)."""

    entries: Entries | None
    digest: str | None = None


def search_head(body: str) -> str:
    """The part of a page body the search index reads (all of it without SEARCH_END)."""
    head, found, _ = body.partition(SEARCH_END)
    return head if found else body


@dataclass(frozen=True)
class Later:
    """The place in the search index of a page whose entries come later (item `item`)."""

    page: Page
    item: int


class SearchHook:
    """Material's search index, with places held open for pages indexed later."""

    def __init__(self, index: Any) -> None:
        self.index = index
        self.original: Callable[[Page], None] = index.add_entry_from_context
        self.later: dict[str, int] = {}  # pages MkDocs writes, indexed at the end: their items
        self.aside: list[tuple[int, Later]] = []  # pages outside the loop: (order, place)
        self.aside_pages: set[str] = set()
        self.order: dict[str, int] = {}  # every page's place in MkDocs' page order
        self.placed = 0  # how many of `aside` have their place in the index
        index.add_entry_from_context = self._add

    def _add(self, page: Page) -> None:
        src = page.file.src_uri
        if src in self.aside_pages:  # built outside the loop: its builder takes the entries
            self.original(page)
            return
        self.place_aside(self.order.get(src, -1))
        item = self.later.get(src)
        if item is not None:
            self.index.entries.append(Later(page, item))
        else:
            self.original(page)

    def place_aside(self, before: int | None = None) -> None:
        """Hold the places of the pages outside the loop that come before page order `before`
        (all of them: None)."""
        while self.placed < len(self.aside):
            order, place = self.aside[self.placed]
            if before is not None and order >= before:
                return
            self.index.entries.append(place)
            self.placed += 1

    def entries_of(self, page: Page, make: Callable[[Page], None] | None = None) -> Entries:
        """What the search plugin adds for `page` (by `make(page)`, which runs the search
        plugin's events; else by asking it directly), leaving the index unchanged."""
        entries: Entries = self.index.entries
        before = len(entries)
        (make or self.original)(page)
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


class UnitPages:
    """The unit pages built outside MkDocs' page loop (`build(page)` writes one, with every
    plugin event, and returns the SHA-256 of the bytes written, None if none were), and the
    child that builds them ahead and indexes `others` for search."""

    def __init__(
        self,
        pages: Sequence[Page],
        build: Callable[[Page], str | None],
        search: SearchHook | None,
        order: Sequence[Page],
        others: Sequence[Page] = (),
    ) -> None:
        self.pages = list(pages)
        self.build = build
        self.search = search
        self.others = list(others) if search is not None else []
        if search is not None:
            search.order = {page.file.src_uri: k for k, page in enumerate(order)}
            search.aside = sorted(
                (search.order[page.file.src_uri], Later(page, i))
                for i, page in enumerate(self.pages)
            )
            search.aside_pages = {page.file.src_uri for page in self.pages}
            # items after the unit pages': made first by the child, taken last
            for i, page in enumerate(self.others, start=len(self.pages)):
                search.later[page.file.src_uri] = i
        count = len(self.pages) + len(self.others)
        self.prefetch: Prefetch[Made] = Prefetch(self._make, count)
        self.digests: dict[str, str] = {}  # unit pages' files by site path, once settled
        self.taken = 0  # unit pages the child wrote
        self.indexed = 0  # other pages whose search entries were taken from the child

    def _make(self, i: int) -> Made:
        if i >= len(self.pages):
            assert self.search is not None
            return Made(self.search.entries_of(self.others[i - len(self.pages)]))
        return self._build(self.pages[i])

    def _build(self, page: Page) -> Made:
        # The digest is of the bytes written, not of the file read back: where the two
        # processes meet, both may write the page, and the other's rewrite could be half done.
        digest: str | None = None

        def make(page: Page) -> None:
            nonlocal digest
            digest = self.build(page)

        if self.search is None:
            make(page)
            entries = None
        else:
            entries = self.search.entries_of(page, make)
        return Made(entries, digest)

    def settle(self) -> None:
        """Build the unit pages the child has not (from the first, until the two meet), then
        fill in the places held open in the search index, in order."""
        made: list[Made] = []
        for i, page in enumerate(self.pages):
            by_child = self.prefetch.take(i)
            if by_child is None:
                made.append(self._build(page))
            else:
                made.append(by_child)
                self.taken += 1
        self.prefetch.stop()
        torn = self.prefetch.unfinished
        if torn is not None and torn < len(self.pages):  # the child ended inside this page
            made[torn] = self._build(self.pages[torn])
        for page, one in zip(self.pages, made, strict=True):
            if one.digest is not None:
                self.digests[page.file.dest_uri] = one.digest
        if self.search is None:
            return
        self.search.place_aside()
        entries: list[Any] = self.search.index.entries
        settled: Entries = []
        for entry in list(entries):
            if not isinstance(entry, Later):
                settled.append(entry)
            elif entry.item < len(self.pages):
                settled.extend(made[entry.item].entries or [])
            else:
                other = self.prefetch.take(entry.item)
                if other is not None and other.entries is not None:
                    settled.extend(other.entries)
                    self.indexed += 1
                else:
                    settled.extend(self.search.entries_of(entry.page))
        entries[:] = settled
        self.search.later.clear()

    def close(self) -> None:
        self.prefetch.close()
        if self.search is not None:
            self.search.remove()
