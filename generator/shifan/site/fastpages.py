"""The fast path for unit pages: no Markdown pass, no search-plugin HTML parse.

Profiling `mkdocs build` at 1,000 units put about a third of the time in Python-Markdown
(whose raw-HTML preprocessor re-parses every unit page) and another third in Material's
search plugin (which parses every page's HTML only to keep, for a unit page, one summary
line). A unit page's body is HTML already, which Markdown would pass through unchanged, so
the plugin hands it through as is (`on_page_markdown` → `on_page_content`), excludes the page
from the search plugin, and appends one entry per unit to `search/search_index.json` after
the search plugin wrote it: the unit's name as title and `id · kind · level · district ·
credit code` as text — what the search plugin kept before, segmented the same way (jieba,
U+200B between words), so two characters of a name, the credit code or the id still find it.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from html import escape

from shifan.model import KIND_LABELS, LEVEL_LABELS, Roster, Unit

FAST_PREFIX = "units/"
_HAN = re.compile("[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f]+")


def is_fast(src_uri: str) -> bool:
    """Whether a page source takes the fast path (the unit pages)."""
    return src_uri.startswith(FAST_PREFIX)


def segment(text: str) -> str:
    """Han runs cut into words by jieba and wrapped in U+200B, as Material's search does."""
    import jieba

    def cut(match: re.Match[str]) -> str:
        return "\u200b" + "\u200b".join(jieba.cut(match.group(0))) + "\u200b"

    return _HAN.sub(cut, text).strip("\u200b")


def unit_summary(roster: Roster, unit: Unit) -> str:
    """`ZZ-ENT-0001 · 电子商务示范企业 · 市级 · 金水区 · 9141…`: what a unit is found by."""
    district = roster.districts.get(unit.district)
    parts = [
        unit.id,
        KIND_LABELS[unit.kind],
        LEVEL_LABELS[unit.level],
        district.name if district is not None else unit.district,
    ]
    if unit.credit_code:
        parts.append(unit.credit_code)
    return " · ".join(parts)


def unit_search_entry(roster: Roster, unit: Unit) -> dict[str, str]:
    """One search-index document for a unit page (escaped like the search plugin's text)."""
    return {
        "location": f"{FAST_PREFIX}{unit.id}/",
        "title": segment(escape(unit.name, quote=False)),
        "text": segment("<p>" + escape(unit_summary(roster, unit), quote=False) + "</p>"),
    }


def add_search_entries(index_text: str, entries: Iterable[dict[str, str]]) -> str:
    """The search index with `entries` appended (replacing any with the same location)."""
    index = json.loads(index_text)
    new = list(entries)
    locations = {entry["location"] for entry in new}
    index["docs"] = [d for d in index["docs"] if d.get("location") not in locations] + new
    return json.dumps(index, ensure_ascii=True, separators=(",", ":"))
