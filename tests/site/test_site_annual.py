"""The annual report pages: a long detail table moves to pages of its own, bounded in size,
linked from the year's page and kept out of the search index."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path
from urllib.parse import urljoin

import pytest

from shifan.assessment import assess
from shifan.cli import main
from shifan.operations.annual import Table, annual_report
from shifan.site.context import build_context
from shifan.site.pages import annual
from support import REPO, SITE_TODAY, site_registry_copy

ROW = re.compile(r"<tr><td><time>.*?</tr>")


def _table(n: int) -> Table:
    rows = tuple((f"2025-01-{1 + i % 28:02d}", "获得称号", f"ZZ-ENT-{i:04d}") for i in range(n))
    return Table("details", "明细", ("日期", "事项", "编号"), rows)


@pytest.mark.parametrize(("rows", "size", "sizes"), [
    (10, 10, []),  # exactly the bound: stays on the year's page
    (11, 10, [10, 1]),  # one over: two pages
    (20, 10, [10, 10]),
    (21, 5, [5, 5, 5, 5, 1]),
    (0, 5, []),
])  # fmt: skip
def test_details_split_exactly_at_the_bound(rows: int, size: int, sizes: list[int]) -> None:
    table = _table(rows)
    pages = annual.detail_pages(2025, table, size)
    assert [len(p.rows) for p in pages] == sizes
    assert [p.number for p in pages] == list(range(1, len(sizes) + 1))
    assert [r for p in pages for r in p.rows] == (list(table.rows) if pages else [])
    assert [(p.first, p.last) for p in pages] == [
        (1 + size * i, size * i + n) for i, n in enumerate(sizes)
    ]


def _demo_pages(monkeypatch: pytest.MonkeyPatch, size: int) -> tuple[dict[str, str], Table]:
    monkeypatch.setattr(annual, "PAGE_SIZE", size)
    a = assess(REPO / "registry", REPO / "keys", dt.date.fromisoformat(SITE_TODAY))
    pages = dict(annual.annual_pages(build_context(a, "/")))
    details = next(t for t in annual_report(a, 2025).tables if t.key == "details")
    return pages, details


def test_a_long_year_lists_every_event_once_across_its_detail_pages(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    pages, details = _demo_pages(monkeypatch, 4)
    count = len(details.rows)
    assert count > 8, "the demo's 2025 needs more than two pages of 4 rows"
    srcs = [s for s in pages if s.startswith("annual/2025/details/")]
    assert srcs == [f"annual/2025/details/{n}.md" for n in range(1, -(-count // 4) + 1)]
    listed = [row for src in srcs for row in ROW.findall(pages[src])]
    assert len(listed) == count
    for src in srcs[:-1]:
        assert len(ROW.findall(pages[src])) == 4
    ids = [re.findall(r"<code>(.*?)</code>", row)[0] for row in listed]
    assert ids == [row[2] for row in details.rows]
    year = pages["annual/2025.md"]
    assert not ROW.search(year), "the year's page keeps no detail row"
    assert f"本年度共 {count} 条记录" in year
    for n, src in enumerate(srcs, start=1):
        assert f'<a href="../../annual/2025/details/{n}/">第 {n} 页</a>' in year
        page = pages[src]
        assert page.startswith("---\n")
        assert 'search: {"exclude": true}' in page.split("---")[1]
        assert "data-search-exclude" in page
        assert '<a href="../../../../annual/2025/">' in page


def test_a_short_year_keeps_its_details_on_its_page(monkeypatch: pytest.MonkeyPatch) -> None:
    pages, details = _demo_pages(monkeypatch, annual.PAGE_SIZE)
    assert not any("/details/" in src for src in pages)
    year = pages["annual/2025.md"]
    assert len(ROW.findall(year)) == len(details.rows)
    assert '<table class="sf-annual" data-search-exclude>' in year


def test_detail_pages_build_strict_with_working_links_and_no_search_entries(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(annual, "PAGE_SIZE", 4)
    registry = site_registry_copy(tmp_path)
    out = tmp_path / "site"
    args = ["build", "--registry", str(registry), "--keys", str(tmp_path / "keys")]
    args += ["--today", SITE_TODAY, "--out", str(out), "--config-file", str(REPO / "mkdocs.yml")]
    assert main(args) == 0  # strict: a broken link fails the build
    year = out / "annual" / "2025" / "index.html"
    detail = sorted((out / "annual" / "2025" / "details").glob("*/index.html"))
    assert len(detail) >= 3
    for page in [year, *detail]:
        html = page.read_text(encoding="utf-8")
        base = "/" + page.relative_to(out).as_posix()
        for href in re.findall(r'href="([^"#:]*/)"', html):
            target = urljoin(base, href).lstrip("/")
            assert (out / target / "index.html").is_file(), f"{base}: {href}"
    index = json.loads((out / "search" / "search_index.json").read_text(encoding="utf-8"))
    locations = [d["location"] for d in index["docs"]]
    assert not [loc for loc in locations if "/details/" in loc]
    assert any(loc.startswith("annual/2025/") for loc in locations), "the year stays indexed"
    annual_text = " ".join(d["text"] for d in index["docs"] if d["location"].startswith("annual/"))
    assert "ZZ-" not in annual_text, "no detail row reaches the index"
