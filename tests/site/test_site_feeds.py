"""Atom and RSS feeds: well-formed, stable ids, today-based dates, hostile text literal."""

from __future__ import annotations

import datetime as dt
import html
import xml.etree.ElementTree as ET
from html.parser import HTMLParser

from hypothesis import given, settings
from hypothesis import strategies as st

from shifan.assessment import assess
from shifan.site.feeds import FeedItem, atom, changes, feeds, rss
from support import HOSTILE_TEXTS, REPO, assessed, small_roster

TODAY = dt.date(2026, 11, 27)
SITE = "https://shifan.example.org/"
A = "{http://www.w3.org/2005/Atom}"


def _feeds(*, hostile: bool = False, today: dt.date = TODAY) -> dict[str, ET.Element]:
    files = feeds(assessed(small_roster(hostile=hostile), today), site_url=SITE)
    assert sorted(files) == [
        "feeds/changes.atom",
        "feeds/changes.rss",
        "feeds/notices.atom",
        "feeds/notices.rss",
    ]
    for data in files.values():
        assert data.startswith(b"<?xml version='1.0' encoding='utf-8'?>")
    return {path: ET.fromstring(data) for path, data in files.items()}


def test_atom_notices_feed() -> None:
    feed = _feeds()["feeds/notices.atom"]
    assert feed.tag == A + "feed"
    assert feed.findtext(A + "updated") == "2026-11-27T00:00:00+08:00"
    assert feed.findtext(A + "id") == "tag:shifan.example.org,2016:feeds/notices"
    entries = feed.findall(A + "entry")
    assert [e.findtext(A + "id") for e in entries] == [
        "tag:shifan.example.org,2016:notices/GS-2026-02",
        "tag:shifan.example.org,2016:notices/GS-2025-01",
    ]
    newest, older = entries
    link = newest.find(A + "link")
    assert link is not None
    assert link.get("href") == "https://shifan.example.org/notices/GS-2026-02/"
    assert "2026-12-04" in (newest.findtext(A + "summary") or "")
    assert "某某镇人民政府" in (newest.findtext(A + "summary") or "")
    assert older.findtext(A + "updated") == "2025-05-10T00:00:00+08:00"  # the decision
    assert "郑商务〔2025〕12号" in (older.findtext(A + "summary") or "")


def test_rss_changes_feed() -> None:
    channel = _feeds()["feeds/changes.rss"].find("channel")
    assert channel is not None
    assert channel.findtext("lastBuildDate") == "Fri, 27 Nov 2026 00:00:00 +0800"
    items = channel.findall("item")
    titles = [i.findtext("title") for i in items]
    assert titles[0] == "张某某 获评电子商务领军人物"
    assert "郑州某某培训学校 被撤销称号" in titles
    guids = [i.findtext("guid") for i in items]
    assert len(set(guids)) == len(guids)
    assert "tag:shifan.example.org,2016:units/ZZ-EDU-0007/revoked-2025-03-01" in guids
    revoked = items[guids.index("tag:shifan.example.org,2016:units/ZZ-EDU-0007/revoked-2025-03-01")]
    assert "申报材料弄虚作假" in (revoked.findtext("description") or "")
    assert all(i.find("guid").get("isPermaLink") == "false" for i in items)  # type: ignore[union-attr]


def test_changes_are_newest_first_and_ignore_the_future() -> None:
    items = changes(small_roster(), dt.date(2025, 5, 10))
    dates = [i.date for i in items]
    assert dates == sorted(dates, reverse=True)
    assert dates[0] == dt.date(2025, 5, 10)
    assert all(d <= dt.date(2025, 5, 10) for d in dates)
    assert changes(small_roster(), dt.date(2018, 1, 1)) == []


def test_the_newest_changes_are_the_head_of_all_of_them_whatever_the_limit() -> None:
    """Only changes from the `limit`th newest date on are written out; ties on that date
    (several events of one day, one record's repeats keyed -2, -3) come out as in full."""
    roster = assess(REPO / "registry", REPO / "keys", TODAY).roster  # the demo: busy days
    for today in (TODAY, dt.date(2025, 6, 13), dt.date(2016, 1, 1)):
        every = changes(roster, today, limit=10**9)
        dates = [i.date for i in every]
        if today != dt.date(2016, 1, 1):
            assert len(set(dates)) < len(dates), "the roster needs changes on one day"
        for limit in range(len(every) + 2):
            assert changes(roster, today, limit=limit) == every[:limit], (today, limit)


def test_feeds_are_deterministic() -> None:
    a = assessed(small_roster(), TODAY)
    assert feeds(a, site_url=SITE) == feeds(a, site_url=SITE)


def test_hostile_text_survives_literally_in_the_feeds() -> None:
    roots = _feeds(hostile=True)
    shown = html.unescape("\n".join(t for root in roots.values() for t in root.itertext()))
    for hostile in HOSTILE_TEXTS:
        assert hostile in shown, hostile
    for path, root in roots.items():
        assert "<script>" not in "".join(root.itertext()), path
        assert root.find(".//script") is None


# ---------------------------------------------------------------------------- text stays text

FRAGMENTS = (
    "<img src=x onerror=alert(1)>",
    "<script>alert(1)</script>",
    "&lt;script&gt;",
    "&amp;lt;b&amp;gt;",
    "]]>",
    "<![CDATA[",
    '"',
    "'",
    "&",
    "&#60;svg onload=alert(1)&#62;",
    "<a href='javascript:x'>",
    "郑州某某",
)
HOSTILE_NAMES = st.lists(
    st.one_of(st.sampled_from(FRAGMENTS), st.text(alphabet="<>&;#\"'=/ abc", max_size=6)),
    min_size=1,
    max_size=6,
).map("".join)


class _Markup(HTMLParser):
    """Records every tag an HTML renderer would build from a text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)

    def handle_endtag(self, tag: str) -> None:
        self.tags.append("/" + tag)


def _as_a_reader_renders(text: str) -> tuple[list[str], str]:
    """(tags built, text shown) when a feed reader renders `text` as HTML."""
    parser = _Markup()
    parser.feed(text)
    parser.close()
    return parser.tags, html.unescape(text)


@settings(max_examples=60, deadline=None)
@given(name=HOSTILE_NAMES)
def test_rss_description_escaped_only_once(name: str) -> None:
    item = FeedItem("units/ZZ-ENT-0001/awarded-2025-05-10", f"{name} 获评", f"{name}。",
                    "units/ZZ-ENT-0001/", dt.date(2025, 5, 10))  # fmt: skip
    channel = ET.fromstring(rss("changes", [item], TODAY, SITE)).find("channel")
    feed = ET.fromstring(atom("changes", [item], TODAY, SITE))
    assert channel is not None
    fields = [channel.find(f"item/{tag}") for tag in ("title", "description")]
    fields += [feed.find(f"{A}entry/{A}{tag}") for tag in ("title", "summary")]
    for element in fields:
        assert element is not None
        if element.tag.startswith(A):
            assert element.get("type") == "html"
        tags, shown = _as_a_reader_renders(element.text or "")
        assert tags == [], (element.tag, element.text)
        assert name in shown, (element.tag, element.text)
