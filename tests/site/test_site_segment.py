"""The search index's segmentation stand-in (`shifan.site.segment`): jieba's answers, each
distinct text asked once, and jieba itself back after the build."""

from __future__ import annotations

import importlib
import sys

import jieba

from shifan.site import segment


def test_the_stand_in_answers_as_jieba_and_goes_away() -> None:
    module = importlib.import_module(segment.SEARCH_MODULE)
    assert module.jieba is jieba
    try:
        assert segment.install()
        stand_in = module.jieba
        assert isinstance(stand_in, segment.CachedCut)
        texts = ["郑州市电子商务示范企业", "金水区", "郑州市电子商务示范企业", "航空港区"]
        for text in texts:
            expected = list(jieba.cut(text.encode("utf-8")))
            assert list(stand_in.cut(text.encode("utf-8"))) == expected
            assert list(stand_in.cut(text.encode("utf-8"))) == expected  # from the cache
        assert stand_in._cut.cache_info().misses == 3
        assert stand_in.lcut is jieba.lcut  # the rest is jieba's own
        assert segment.install()  # again: a fresh stand-in over jieba, never over a stand-in
        assert module.jieba is not stand_in
        assert module.jieba.jieba is jieba
    finally:
        segment.uninstall()
    assert sys.modules[segment.SEARCH_MODULE].jieba is jieba
