"""Atom 1.0 and RSS 2.0 feeds of public notices and of status changes.

Built with `xml.etree` (every text node and attribute is escaped by the serializer) and
deterministic: a feed's `updated` is the build's `today`, never the wall clock, and entry ids
are tag URIs (RFC 4151) derived from record ids, so a reader never sees an entry twice.
`changes` is public so the home page can list the same latest changes.

Readers render an RSS title or description, and an Atom `type="html"` text, as HTML. So the
roster's text is HTML-escaped first and then XML-escaped by the serializer: after the reader's
XML parse and one HTML rendering, a unit named `<img onerror=…>` is shown as that text and
never becomes an element.
"""

from __future__ import annotations

import datetime as dt
import heapq
import html
import itertools
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from email.utils import format_datetime
from urllib.parse import urlsplit

from shifan.assessment import Assessment
from shifan.clock import midnight
from shifan.model import (
    KIND_LABELS,
    LEVEL_LABELS,
    REVOCATION_LABELS,
    Event,
    ReviewResult,
    RevocationReason,
    Roster,
)
from shifan.site.encode import absolute_url

ATOM_NS = "http://www.w3.org/2005/Atom"
TAG_DATE = "2016"  # the year of the policy; fixed forever so tag URIs never change
MAX_ENTRIES = 100
PUBLISHER = "郑州市商务局"
FIGURE_TITLE = "电子商务领军人物"
FEEDS = {
    "notices": ("郑州市电子商务示范体系 · 公示", "notices/"),
    "changes": ("郑州市电子商务示范体系 · 称号变动", ""),
}
# Characters XML 1.0 cannot carry at all; the loader refuses them, this is the last line.
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


@dataclass(frozen=True)
class FeedItem:
    """One entry: `key` makes its tag URI, `path` is its page relative to the site root."""

    key: str
    title: str
    summary: str
    path: str
    date: dt.date


def _clean(text: str) -> str:
    return _NOT_XML.sub("\ufffd", text)


def _change(name: str, title: str, event: Event) -> tuple[str, str] | None:
    """(headline, detail) for a status-changing event, or None for other events."""
    doc = f"（{event.document}）" if event.document else ""
    if event.type == "awarded":
        by = f"，授予单位：{event.by}" if event.by else ""
        return f"{name} 获评{title}", f"{event.date} 获评{title}{doc}{by}。"
    if event.type == "review" and event.result is ReviewResult.PASSED:
        return f"{name} 通过复审", f"{event.date} 通过复审，继续保留{title}称号{doc}。"
    if event.type == "review" and event.result is ReviewResult.FAILED:
        return f"{name} 复审未通过", f"{event.date} 复审不合格，撤销{title}称号{doc}。"
    if event.type == "revoked":
        try:
            reason = REVOCATION_LABELS[RevocationReason(event.reason or "")]
        except ValueError:
            reason = event.reason or ""
        why = f"，原因：{reason}" if reason else ""
        return f"{name} 被撤销称号", f"{event.date} 撤销{title}称号{why}{doc}。"
    return None


def _is_change(event: Event) -> bool:
    """Whether `_change` tells of the event (an award, a decided review, a revocation)."""
    if event.type == "review":
        return event.result in (ReviewResult.PASSED, ReviewResult.FAILED)
    return event.type in ("awarded", "revoked")


def _cutoff(roster: Roster, today: dt.date, limit: int) -> dt.date:
    """The date of the `limit`th newest change up to `today`: no older change can be among
    the newest `limit`, so none older is written out (a roster has far more than a feed)."""
    events = itertools.chain(
        *(u.events for u in roster.units.values()), *(f.events for f in roster.figures.values())
    )
    days = (e.date for e in events if e.date is not None and e.date <= today and _is_change(e))
    newest = heapq.nlargest(limit, days)
    return newest[-1] if 0 < limit == len(newest) else dt.date.min


def changes(roster: Roster, today: dt.date, *, limit: int = MAX_ENTRIES) -> list[FeedItem]:
    """Awards, reviews and revocations up to `today`, newest first (then by record id)."""
    cutoff = _cutoff(roster, today, limit)
    items: list[FeedItem] = []
    records = [(f"units/{u.id}", u.name, u, u.events) for u in roster.units.values()] + [
        (f"figures/{f.id}", f.name, None, f.events) for f in roster.figures.values()
    ]
    for path, name, unit, events in records:
        seen: dict[str, int] = {}
        for event in events:
            # An older event's key differs by its date: skipping it changes no count in `seen`.
            if event.date is None or event.date > today or event.date < cutoff:
                continue
            title = f"{LEVEL_LABELS[unit.level]}{KIND_LABELS[unit.kind]}" if unit else FIGURE_TITLE
            text = _change(name, title, event)
            if text is None:
                continue
            key = f"{path}/{event.type}-{event.date.isoformat()}"
            seen[key] = seen.get(key, 0) + 1
            if seen[key] > 1:
                key += f"-{seen[key]}"
            items.append(FeedItem(key, text[0], text[1], f"{path}/", event.date))
    items.sort(key=lambda i: (-i.date.toordinal(), i.key))
    return items[:limit]


def notice_items(a: Assessment, *, limit: int = MAX_ENTRIES) -> list[FeedItem]:
    """Notices published up to `today`, newest first; a decided notice is updated on decision."""
    roster, today = a.roster, a.today
    items: list[FeedItem] = []
    for notice in roster.notices.values():
        if notice.published > today:
            continue
        names = []
        for entry in notice.entries:
            unit = roster.units.get(entry.unit) if entry.unit else None
            figure = roster.figures.get(entry.figure) if entry.figure else None
            names.append(unit.name if unit else figure.name if figure else str(entry.unit))
        ends = a.notices[notice.id].ends
        period = f"公示期：{notice.published} 至 {ends if ends else '（待定）'}"
        summary = f"{period}；公示对象：{'、'.join(names)}。"
        date = notice.published
        decision = notice.decision
        if decision is not None and decision.date <= today:
            summary += f"公示结束，决定文号：{decision.document}。"
            date = decision.date
        key = f"notices/{notice.id}"
        items.append(FeedItem(key, notice.title, summary, f"{key}/", date))
    items.sort(key=lambda i: (-i.date.toordinal(), i.key))
    return items[:limit]


def _host(site_url: str) -> str:
    return urlsplit(site_url).hostname or "shifan.invalid"


def _instant(day: dt.date) -> dt.datetime:
    return midnight(day)


def _sub(parent: ET.Element, tag: str, text: str | None = None, **attrib: str) -> ET.Element:
    element = ET.SubElement(parent, tag, {k: _clean(v) for k, v in attrib.items()})
    if text is not None:
        element.text = _clean(text)
    return element


def _html(parent: ET.Element, tag: str, text: str, **attrib: str) -> ET.Element:
    """An element whose text a reader renders as HTML: the text, HTML-escaped."""
    return _sub(parent, tag, html.escape(text), **attrib)


def _serialize(root: ET.Element) -> bytes:
    ET.indent(root)
    data: bytes = ET.tostring(root, encoding="utf-8", xml_declaration=True)
    return data + b"\n"


def atom(name: str, items: list[FeedItem], today: dt.date, site_url: str) -> bytes:
    """An Atom 1.0 feed (RFC 4287)."""
    title, page = FEEDS[name]
    tag = f"tag:{_host(site_url)},{TAG_DATE}:"
    feed = ET.Element("feed", {"xmlns": ATOM_NS, "xml:lang": "zh-CN"})
    _sub(feed, "title", title)
    _sub(feed, "id", f"{tag}feeds/{name}")
    _sub(feed, "updated", _instant(today).isoformat())
    _sub(feed, "link", rel="self", type="application/atom+xml",
         href=absolute_url(site_url, f"feeds/{name}.atom"))  # fmt: skip
    _sub(feed, "link", rel="alternate", type="text/html", href=absolute_url(site_url, page))
    _sub(_sub(feed, "author"), "name", PUBLISHER)
    for item in items:
        entry = _sub(feed, "entry")
        _html(entry, "title", item.title, type="html")
        _sub(entry, "id", tag + item.key)
        _sub(entry, "link", rel="alternate", type="text/html",
             href=absolute_url(site_url, item.path))  # fmt: skip
        _sub(entry, "updated", _instant(item.date).isoformat())
        _html(entry, "summary", item.summary, type="html")
    return _serialize(feed)


def rss(name: str, items: list[FeedItem], today: dt.date, site_url: str) -> bytes:
    """An RSS 2.0 feed, with an `atom:link rel=self` as the RSS Advisory Board recommends."""
    title, page = FEEDS[name]
    tag = f"tag:{_host(site_url)},{TAG_DATE}:"
    root = ET.Element("rss", {"version": "2.0", "xmlns:atom": ATOM_NS})
    channel = _sub(root, "channel")
    _html(channel, "title", title)
    _sub(channel, "link", absolute_url(site_url, page))
    _html(channel, "description", title)
    _sub(channel, "language", "zh-cn")
    _sub(channel, "lastBuildDate", format_datetime(_instant(today)))
    _sub(channel, "atom:link", rel="self", type="application/rss+xml",
         href=absolute_url(site_url, f"feeds/{name}.rss"))  # fmt: skip
    for item in items:
        element = _sub(channel, "item")
        _html(element, "title", item.title)
        _sub(element, "link", absolute_url(site_url, item.path))
        _sub(element, "guid", tag + item.key, isPermaLink="false")
        _sub(element, "pubDate", format_datetime(_instant(item.date)))
        _html(element, "description", item.summary)
    return _serialize(root)


def feeds(a: Assessment, *, site_url: str) -> dict[str, bytes]:
    """`feeds/notices.{atom,rss}` and `feeds/changes.{atom,rss}`."""
    today = a.today
    lists = {"notices": notice_items(a), "changes": changes(a.roster, today)}
    files: dict[str, bytes] = {}
    for name, items in sorted(lists.items()):
        files[f"feeds/{name}.atom"] = atom(name, items, today, site_url)
        files[f"feeds/{name}.rss"] = rss(name, items, today, site_url)
    return files
