"""The built site's pages: every record has its page, and hostile roster text is inert."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from shifan.loader.registry import load_roster
from support import HOSTILE_NAMES


class _Text(HTMLParser):
    """Visible text and every href/src of a page."""

    def __init__(self) -> None:
        super().__init__()
        self.text: list[str] = []
        self.urls: list[str] = []
        self.scripts: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name in ("href", "src", "action") and value is not None:
                self.urls.append(value)
        self._in_script = tag == "script"

    def handle_endtag(self, tag: str) -> None:
        self._in_script = False

    def handle_data(self, data: str) -> None:
        (self.scripts if self._in_script else self.text).append(data)


def parse(path: Path) -> _Text:
    parser = _Text()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def text_of(path: Path) -> str:
    return re.sub(r"\s+", " ", "".join(parse(path).text))


def test_every_unit_figure_and_notice_has_a_page(built_site: Path) -> None:
    roster, _ = load_roster(Path(__file__).resolve().parents[2] / "registry")
    for unit in roster.units.values():
        page = built_site / "units" / unit.id / "index.html"
        assert page.is_file(), unit.id
        assert unit.name in text_of(page)
    for hostile in HOSTILE_NAMES:
        assert (built_site / "units" / hostile / "index.html").is_file()
    for figure_id in roster.figures:
        assert (built_site / "figures" / figure_id / "index.html").is_file()
    for notice_id in roster.notices:
        assert (built_site / "notices" / notice_id / "index.html").is_file()


@pytest.mark.parametrize("unit_id", sorted(HOSTILE_NAMES))
def test_hostile_names_appear_literally(built_site: Path, unit_id: str) -> None:
    name = HOSTILE_NAMES[unit_id]
    unit_page = built_site / "units" / unit_id / "index.html"
    text = text_of(unit_page)
    assert name in text
    assert name in "".join(parse(unit_page).text)
    # the page title is escaped too (Material prints page.meta.title unescaped)
    assert re.search(r"<title>(.*?)</title>", unit_page.read_text(encoding="utf-8"))
    title = re.search(r"<title>(.*?)</title>", unit_page.read_text(encoding="utf-8"))
    assert title is not None
    assert "<" not in title.group(1)
    for listing in (
        built_site / "lists" / "enterprise-provincial" / "index.html",
        built_site / "districts" / "jinshui" / "index.html",
    ):
        assert name in text_of(listing), listing


def test_no_hostile_markup_survives_anywhere(built_site: Path) -> None:
    for page in built_site.rglob("*.html"):
        raw = page.read_text(encoding="utf-8")
        assert "<script>alert(1)</script>" not in raw, page
        parsed = parse(page)
        for url in parsed.urls:
            assert not url.strip().lower().startswith("javascript:"), (page, url)
        for script in parsed.scripts:
            assert "alert(1)" not in script, page


def test_non_http_website_is_text_not_link(built_site: Path) -> None:
    page = built_site / "units" / "ZZ-ENT-9901" / "index.html"
    assert "javascript:alert(1)" in text_of(page)
    assert all(not url.lower().startswith("javascript:") for url in parse(page).urls)


def test_home_links_to_verify_and_shows_latest_changes(built_site: Path) -> None:
    home = built_site / "index.html"
    parsed = parse(home)
    assert "v/" in parsed.urls
    text = text_of(home)
    assert "最新变动" in text
    assert "<script>alert(1)</script>" in text  # a hostile unit's award is a recent change


def test_notice_pages_show_state_and_channel(built_site: Path) -> None:
    index = text_of(built_site / "notices" / "index.html")
    assert "正在公示" in index
    assert "已结束" in index
    for notice in (built_site / "notices").iterdir():
        if notice.is_dir():
            text = text_of(notice / "index.html")
            assert "公示期" in text
            assert "异议" in text


def test_no_page_requests_a_third_party_host(built_site: Path) -> None:
    for page in built_site.rglob("*.html"):
        raw = page.read_text(encoding="utf-8")
        assert "fonts.googleapis.com" not in raw, page
        assert "fonts.gstatic.com" not in raw, page
        for match in re.finditer(r"<(script|link|img|iframe)\b[^>]*>", raw):
            tag = match.group(0)
            if 'rel="canonical"' in tag:
                continue  # names the page's own address; nothing is fetched
            assert not re.search(r'(?:src|href)="(?:https?:)?//', tag), f"{page}: {tag}"


def test_search_index_is_chinese_segmented_and_small_per_unit(built_site: Path) -> None:
    import json

    index = json.loads((built_site / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert "\\u200b" in index["config"]["separator"]
    unit_entries = [d for d in index["docs"] if d["location"].startswith("units/")]
    # one entry per unit page: its name, id and credit code; everything else is excluded
    assert len(unit_entries) == len(list((built_site / "units").iterdir()))
    assert any("\u200b" in d["title"] or "\u200b" in d["text"] for d in unit_entries)


def test_revoked_unit_is_announced_with_reason(built_site: Path) -> None:
    text = text_of(built_site / "revocations" / "index.html")
    assert "| a | b |" in text
    assert "违法经营或欺诈" in text
    assert "郑商务〔2026〕5号" in text
    unit = text_of(built_site / "units" / "ZZ-ENT-9904" / "index.html")
    assert "已撤销" in unit
    assert "2026-06-01" in unit
    assert "不受理申请至" in unit


def test_unit_pages_show_declared_values_against_the_standard(built_site: Path) -> None:
    pages = [text_of(p / "index.html") for p in (built_site / "units").iterdir()]
    assert all("申报数据与创建标准" in t for t in pages)
    assert any("符合" in t and "评审" in t for t in pages)


def test_units_with_an_active_plaque_show_its_qr(built_site: Path) -> None:
    from shifan.status import plaques_of

    registry = Path(__file__).resolve().parents[2] / "registry"
    roster, _ = load_roster(registry)
    with_token = [
        u.id
        for u in roster.units.values()
        if any(p.active and p.token for p in plaques_of(u.events))
    ]
    assert with_token, "the demo roster issues plaques"
    for unit_id in with_token:
        raw = (built_site / "units" / unit_id / "index.html").read_text(encoding="utf-8")
        assert '<svg class="sf-qr"' in raw, unit_id


def test_stats_page_has_charts_with_data_tables(built_site: Path) -> None:
    raw = (built_site / "stats" / "index.html").read_text(encoding="utf-8")
    assert raw.count('<figure class="shifan-chart"') >= 5
    assert raw.count('<table class="sf-chart-data"') >= 5


def test_api_feeds_and_keys_are_published(built_site: Path) -> None:
    for name in ("api/units.json", "api/notices.json", "downloads/units.csv", "keys.json"):
        assert (built_site / name).is_file(), name
    assert list((built_site / "feeds").glob("*.atom"))
    assert (built_site / "api" / "units" / "ZZ-ENT-9901.json").is_file()


def test_unit_search_entries_hold_only_the_head(built_site: Path) -> None:
    """Unit pages reach the search index with their name line only (index size at scale)."""
    import json

    index = json.loads((built_site / "search" / "search_index.json").read_text(encoding="utf-8"))
    unit_entries = [d for d in index["docs"] if d["location"].startswith("units/ZZ-ENT-9901/")]
    assert len(unit_entries) == 1
    assert "ZZ-ENT-9901" in unit_entries[0]["text"]
    assert "&lt;script&gt;" in unit_entries[0]["title"]
    assert "历程" not in unit_entries[0]["text"]
