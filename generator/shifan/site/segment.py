"""Chinese word segmentation for the search index, each distinct text once.

Material's search plugin segments every run of Han characters of every indexed section with
jieba, which it reaches through its module's `jieba` name. On 10,000 unit pages the same runs
come back again and again (kinds, districts, the words of company names), and segmenting is
a good part of the build. The plugin `install`s a stand-in for that name while MkDocs
builds (and `uninstall`s it after): its `cut` gives jieba's answer for a text it has seen
before without asking again (jieba's answer depends only on the text and its dictionary,
which stays put during a build), and everything else goes to jieba itself.
The index written is the same.
"""

from __future__ import annotations

import functools
import sys
from collections.abc import Iterator
from types import ModuleType
from typing import Any

from shifan.site import searchparse

SEARCH_MODULE = "material.plugins.search.plugin"
CACHE_SIZE = 200_000  # distinct texts remembered: a few tens of MB at most


class CachedCut:
    """Stands in for the `jieba` module: `cut` remembers its answers."""

    def __init__(self, jieba: ModuleType) -> None:
        self.jieba = jieba
        self._cut = functools.lru_cache(maxsize=CACHE_SIZE)(self._cut_once)

    def _cut_once(
        self, args: tuple[Any, ...], kwargs: tuple[tuple[str, Any], ...]
    ) -> tuple[str, ...]:
        return tuple(self.jieba.cut(*args, **dict(kwargs)))

    def cut(self, *args: Any, **kwargs: Any) -> Iterator[str]:
        return iter(self._cut(args, tuple(sorted(kwargs.items()))))

    def __getattr__(self, name: str) -> Any:
        return getattr(self.jieba, name)


def install() -> bool:
    """Put the stand-ins in place (a fresh one each build): for jieba, and for Material's
    HTML parser (`shifan.site.searchparse`, if it is the code that one was checked
    against). False if there is no jieba to stand in for (no Material search plugin
    loaded, or no jieba)."""
    searchparse.install()
    module = sys.modules.get(SEARCH_MODULE)
    jieba = getattr(module, "jieba", None)
    if isinstance(jieba, CachedCut):
        jieba = jieba.jieba
    if module is None or not isinstance(jieba, ModuleType):
        return False
    module.jieba = CachedCut(jieba)  # type: ignore[attr-defined]
    return True


def uninstall() -> None:
    """Give Material's plugin jieba itself and its own parser back."""
    searchparse.uninstall()
    module = sys.modules.get(SEARCH_MODULE)
    stand_in = getattr(module, "jieba", None)
    if module is not None and isinstance(stand_in, CachedCut):
        module.jieba = stand_in.jieba  # type: ignore[attr-defined]
