"""The search index's segmentation stand-in (`shifan.site.segment`): jieba's answers, each
distinct text asked once, and jieba itself back after the build."""

from __future__ import annotations

import importlib
import importlib.util
import inspect
import sys
from pathlib import Path

import jieba
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

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


MATERIAL_SEGMENT = importlib.import_module(segment.SEARCH_MODULE).SearchIndex._segment_chinese
PIECES = [
    "郑州市",
    "电子商务",
    "示范企业",
    "金水区",
    "中原",
    "a",
    " ",
    "\u200b",
    "B2B",
    "〇",
    "々",
    "。",
]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.lists(st.sampled_from(PIECES), max_size=8).map("".join), max_size=6))
def test_segmenting_each_run_once_answers_as_material(texts: list[str]) -> None:
    module = importlib.import_module(segment.SEARCH_MODULE)
    index = module.SearchIndex()
    expected = [MATERIAL_SEGMENT(index, text) for text in texts]
    try:
        assert segment.install()
        stand_in = module.SearchIndex.__dict__["_segment_chinese"]
        assert isinstance(stand_in, segment.SegmentOnce)
        assert [index._segment_chinese(text) for text in texts] == expected
        assert [index._segment_chinese(text) for text in texts] == expected  # remembered
    finally:
        segment.uninstall()
    assert module.SearchIndex.__dict__["_segment_chinese"] is MATERIAL_SEGMENT


def test_another_materials_segmentation_is_left_alone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    module = importlib.import_module(segment.SEARCH_MODULE)
    source = inspect.getsource(module).replace(
        '.strip("\\u200b")', '.strip("\\u200b ")', 1
    )  # one change in `_segment_chinese`
    path = tmp_path / "other_search_plugin.py"
    path.write_text(source, encoding="utf-8")
    spec = importlib.util.spec_from_file_location("material.plugins.search.other2", path)
    assert spec is not None
    assert spec.loader is not None
    other = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(other)
    monkeypatch.setitem(sys.modules, "material.plugins.search.other2", other)
    monkeypatch.setitem(sys.modules, segment.SEARCH_MODULE, other)
    own = other.SearchIndex.__dict__["_segment_chinese"]
    try:
        assert segment.install()  # jieba's answers are still remembered ...
        assert other.SearchIndex.__dict__["_segment_chinese"] is own  # ... but not this
    finally:
        segment.uninstall()
