"""The search index's stand-ins on a build's pages: `python -m benchmarks.search_parse [N]`.

Writes a synthetic roster of N units (default 10,000, seed 54) into a temporary folder, builds
the site once (unit pages made in this process) recording every page the search plugin reads,
then times, in turns, Material's own `Parser` against `shifan.site.searchparse`'s stand-in
on all those pages, and Material's `SearchIndex._segment_chinese` (over the remembering
jieba stand-in, as a build has it) against `shifan.site.segment.SegmentOnce` on every section
title and text. It checks the answers are the same and prints each side's seconds per turn
and the ratios. The machine may be shared: quote the ratios, which pairs in turn keep.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from benchmarks.synth import TODAY, write_synthetic_roster

TURNS = 3
REPO = Path(__file__).resolve().parent.parent


def _record_pages(units: int, root: Path) -> list[str]:
    from shifan.cli import main
    from shifan.site.plugin import ShifanPlugin

    module: Any = importlib.import_module("material.plugins.search.plugin")
    pages: list[str] = []
    original = module.SearchIndex.add_entry_from_context

    def record(index: Any, page: Any) -> None:
        pages.append(page.content)
        original(index, page)

    write_synthetic_roster(root / "registry", units, seed=54)
    ShifanPlugin.unit_pages_aside = False  # every page read in this process, to record it
    module.SearchIndex.add_entry_from_context = record
    try:
        args = ["build", "--registry", str(root / "registry"), "--today", TODAY.isoformat()]
        args += ["--out", str(root / "site"), "--config-file", str(REPO / "mkdocs.yml")]
        if main(args) != 0:
            raise SystemExit("the build failed")
    finally:
        module.SearchIndex.add_entry_from_context = original
    return pages


def _turns(old: Callable[[], object], new: Callable[[], object]) -> list[tuple[float, float]]:
    times = []
    for _ in range(TURNS):
        start = time.perf_counter()
        old()
        middle = time.perf_counter()
        new()
        times.append((middle - start, time.perf_counter() - middle))
    return times


def _report(name: str, times: list[tuple[float, float]]) -> None:
    ratios = sorted(old / new for old, new in times)
    print(f"{name}: Material s {' '.join(f'{old:.2f}' for old, _ in times)}", end="; ")
    print(f"stand-in s {' '.join(f'{new:.2f}' for _, new in times)}", end="; ")
    print(f"Material / stand-in {' '.join(f'{r:.1f}' for r in ratios)}", end=" ")
    print(f"(median {ratios[len(ratios) // 2]:.1f})")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.search_parse")
    parser.add_argument("units", nargs="?", type=int, default=10_000)
    units = parser.parse_args(argv).units
    from shifan.site import searchparse, segment

    with tempfile.TemporaryDirectory(prefix="shifan-search-") as tmp:
        pages = _record_pages(units, Path(tmp))
    module: Any = sys.modules[searchparse.SEARCH_MODULE]
    material_parser = module.Parser
    if not segment.install() or module.Parser is not searchparse.StandInParser:
        raise SystemExit("the stand-ins do not fit this Material")
    try:

        def parse_all(parser_type: Any) -> list[Any]:
            cut = []
            for page in pages:
                parser = parser_type()
                parser.feed(page)
                parser.close()
                cut.append(parser.data)
            return cut

        old, new = parse_all(material_parser), parse_all(searchparse.StandInParser)
        same = all(
            searchparse._summary(a) == searchparse._summary(b)
            for a, b in zip(old, new, strict=True)
        )
        texts = ["".join(part).strip() for data in old for s in data for part in (s.title, s.text)]
        once = module.SearchIndex.__dict__["_segment_chinese"]
        index = module.SearchIndex()
        material_segment = once.original
        segmented = [material_segment(index, text) for text in texts]  # jieba asked once here
        same_words = segmented == [once.segment(text) for text in texts]
        print(f"{len(pages)} pages ({sum(map(len, pages))} characters), {len(texts)} texts;")
        print(f"stand-in read all but {searchparse.STATS['material']} pages itself; ", end="")
        print(f"sections the same: {same}; segmented texts the same: {same_words}")
        print(f"load average {os.getloadavg()[0]:.2f}")
        _report(
            "parse",
            _turns(
                lambda: parse_all(material_parser), lambda: parse_all(searchparse.StandInParser)
            ),
        )
        _report(
            "segment",
            _turns(
                lambda: [material_segment(index, text) for text in texts],
                lambda: [once.segment(text) for text in texts],
            ),
        )
    finally:
        segment.uninstall()
    return 0 if same and same_words else 1


if __name__ == "__main__":
    raise SystemExit(main())
