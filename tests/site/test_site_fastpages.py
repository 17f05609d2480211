"""Unit pages' fast path: HTML handed through, one search entry per unit, same as before."""

from __future__ import annotations

import json
from pathlib import Path

from shifan.site.fastpages import add_search_entries, is_fast, segment, unit_search_entry
from support import HOSTILE_NAMES, small_roster


def test_segment_cuts_han_runs_like_material() -> None:
    assert segment("郑州云栈网络科技有限公司") == "郑州\u200b云栈\u200b网络科技\u200b有限公司"
    assert segment("ZZ-ENT-0001 · 市级") == "ZZ-ENT-0001 · \u200b市级"
    assert segment("91410100MA40000D4D") == "91410100MA40000D4D"


def test_unit_entry_is_escaped_and_names_id_district_and_credit_code() -> None:
    roster = small_roster(hostile=True)
    entry = unit_search_entry(roster, roster.units["ZZ-ENT-0042"])
    assert entry["location"] == "units/ZZ-ENT-0042/"
    assert entry["title"].startswith("&lt;script&gt;alert(1)&lt;/script&gt;")
    text = entry["text"].replace("\u200b", "")
    assert text.startswith("<p>ZZ-ENT-0042 · 电子商务示范企业 · 市级 · &lt;script&gt;")
    assert text.endswith("金水区 · 91410100MA3X000000</p>")
    assert is_fast("units/ZZ-ENT-0042.md")
    assert not is_fast("notices/GS-2025-01.md")


def test_entries_replace_same_location_and_append() -> None:
    index = json.dumps(
        {"config": {"lang": ["en"]}, "docs": [{"location": "units/A/"}, {"location": "x/"}]}
    )
    out = json.loads(
        add_search_entries(index, [{"location": "units/A/", "title": "t", "text": ""}])
    )
    assert out["config"] == {"lang": ["en"]}
    assert out["docs"] == [{"location": "x/"}, {"location": "units/A/", "title": "t", "text": ""}]


def test_built_site_has_one_search_entry_per_unit_page(built_site: Path) -> None:
    index = json.loads((built_site / "search" / "search_index.json").read_text(encoding="utf-8"))
    units = sorted(d["location"] for d in index["docs"] if d["location"].startswith("units/"))
    pages = sorted(f"units/{p.parent.name}/" for p in (built_site / "units").glob("*/index.html"))
    assert units == pages
    titles = {d["location"]: d["title"] for d in index["docs"]}
    assert titles["units/ZZ-ENT-9901/"] == "&lt;script&gt;alert(1)&lt;/script&gt;"
    assert titles["units/ZZ-ENT-9902/"] == HOSTILE_NAMES["ZZ-ENT-9902"]
    page = (built_site / "units" / "ZZ-ENT-9901" / "index.html").read_text(encoding="utf-8")
    assert '<h1 id="name">&lt;script&gt;alert(1)&lt;/script&gt;</h1>' in page
