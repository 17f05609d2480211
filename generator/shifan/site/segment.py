"""Chinese word segmentation for the search index, each distinct text once.

Material's search plugin segments every run of Han characters of every indexed section with
jieba, which it reaches through its module's `jieba` name. On 10,000 unit pages the same runs
come back again and again (kinds, districts, the words of company names), and segmenting is
a good part of the build. The plugin `install`s a stand-in for that name while MkDocs
builds (and `uninstall`s it after): its `cut` gives jieba's answer for a text it has seen
before without asking again (jieba's answer depends only on the text and its dictionary,
which stays put during a build), and everything else goes to jieba itself.

Around each `cut`, the plugin's `SearchIndex._segment_chinese` finds the runs with backrefs
and joins the words: the plugin's own method, if it is the code checked here, is replaced by
the same steps with the same pattern that keep each run's joined answer (`SegmentOnce`).
The index written is the same.
"""

from __future__ import annotations

import functools
import hashlib
import inspect
import re
import sys
from collections.abc import Iterator
from types import ModuleType
from typing import Any

from backrefs import bre

from shifan.site import searchparse

SEARCH_MODULE = "material.plugins.search.plugin"
CACHE_SIZE = 200_000  # distinct texts remembered: a few tens of MB at most
# SHA-256 of `SearchIndex._segment_chinese`'s source that `SegmentOnce` repeats (Material 9.8).
SEGMENT_VERIFIED = {"34cab54f4ab639446c78f7922b3e678e6580739c1934c823e5388be830740d6b"}
HAN_RUN = r"(\p{script: Han}+)"  # the plugin's pattern, compiled by backrefs as it does
ZWSP = "\u200b"


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


class SegmentOnce:
    """Stands in for `SearchIndex._segment_chinese`: the same runs, each run's answer once."""

    def __init__(self, module: Any, original: Any) -> None:
        self.module = module
        self.original = original  # the plugin's own, given back by `uninstall`
        self.han: re.Pattern[str] = bre.compile_search(HAN_RUN, bre.UNICODE)
        self.answers: dict[str, str] = {}

    def _replace(self, match: re.Match[str]) -> str:
        value = match.group(0)
        answer = self.answers.get(value)
        if answer is None:
            words = self.module.jieba.cut(value.encode("utf-8"))
            answer = "".join([ZWSP, ZWSP.join(words), ZWSP])
            if len(self.answers) < CACHE_SIZE:
                self.answers[value] = answer
        return answer

    def __get__(self, index: Any, owner: Any = None) -> Any:
        """As a method of the plugin's `SearchIndex`: `index._segment_chinese(data)`."""
        return self.segment

    def segment(self, data: str) -> str:
        return self.han.sub(self._replace, data).strip(ZWSP)


def _install_segment_once(module: Any) -> None:
    index_type = getattr(module, "SearchIndex", None)
    current: Any = getattr(index_type, "__dict__", {}).get("_segment_chinese")
    if isinstance(current, SegmentOnce):
        current = current.original
    try:
        source = inspect.getsource(current)
    except (OSError, TypeError):  # no source to read: not the code we know
        return
    if hashlib.sha256(source.encode("utf-8")).hexdigest() not in SEGMENT_VERIFIED:
        return
    index_type._segment_chinese = SegmentOnce(module, current)  # type: ignore[union-attr]


def _uninstall_segment_once(module: Any) -> None:
    index_type = getattr(module, "SearchIndex", None)
    current = getattr(index_type, "__dict__", {}).get("_segment_chinese")
    if isinstance(current, SegmentOnce):
        index_type._segment_chinese = current.original  # type: ignore[union-attr]


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
    _install_segment_once(module)
    return True


def warm_up() -> None:
    """Load jieba's dictionary now rather than at the first page indexed (a second or two).
    A build does it while it waits for its second process anyway, and the process that makes
    unit pages ahead, forked later, then starts with the dictionary loaded."""
    module = sys.modules.get(SEARCH_MODULE)
    initialize = getattr(getattr(module, "jieba", None), "initialize", None)
    if callable(initialize):
        initialize()


def uninstall() -> None:
    """Give Material's plugin jieba itself and its own parser back."""
    searchparse.uninstall()
    module = sys.modules.get(SEARCH_MODULE)
    stand_in = getattr(module, "jieba", None)
    if module is not None and isinstance(stand_in, CachedCut):
        module.jieba = stand_in.jieba  # type: ignore[attr-defined]
    if module is not None:
        _uninstall_segment_once(module)
