"""The verify page and the site's search in old Chromium engines (old phones, in-app browsers).

Each engine is a pinned build from tests/oldengines/package.json, launched once per session
and driven over DevTools (oldengines_support). Every test also checks that the pages threw
nothing and asked no host but the local test server.
"""

from __future__ import annotations

import itertools
import json
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from oldengines_support import OldChromium, Tab
from support import REPO, site_page_paths
from verifypage_support import VECTOR_CASES, build_test_site, site_for

VERDICT = "document.getElementById('verdict').getAttribute('data-verdict')"


def only_local(tab: Tab, server_url: str) -> None:
    local = urlsplit(server_url).netloc
    foreign = [u for u in tab.requests if urlsplit(u).scheme not in ("data", "blob", "about")
               and urlsplit(u).netloc != local]  # fmt: skip
    assert foreign == [], f"requests that left the test server: {foreign}"


@pytest.mark.browser
def test_verify_page_gives_every_vector_its_verdict(
    old_engine: OldChromium, static_server: Any, tmp_path: Path
) -> None:
    verdicts: dict[str, str] = {}
    for name, case in VECTOR_CASES.items():  # one folder each: the page's URLs are relative
        site_for(case, tmp_path / name)
    server = static_server(tmp_path)
    with old_engine.tab() as tab:
        for name, case in sorted(VECTOR_CASES.items()):
            tab.goto(f"{server.url}/{name}/v/#{case['digits']}")
            verdicts[name] = tab.wait_for(VERDICT)
            tab.evaluate("localStorage.clear()")  # no status cached for the next case
            if case["digits"]:
                assert not [p for p in server.paths if case["digits"] in p], name
        only_local(tab, server.url)
        assert tab.exceptions == []
        assert not [m for m in tab.console if "Content Security Policy" in m]
    assert verdicts == {name: case["expected"] for name, case in VECTOR_CASES.items()}


def two_character_query() -> tuple[str, str]:
    """A demo unit's id and the two-character word of its name (as jieba segments names) that
    the fewest other names share, so that the unit is among the first results."""
    import collections

    import jieba

    from shifan.loader.registry import load_roster

    roster, _ = load_roster(REPO / "registry")
    words = {u.id: {w for w in jieba.cut(u.name) if len(w) == 2} for u in roster.units.values()}
    counts = collections.Counter(w for ws in words.values() for w in ws)
    count, word, unit_id = min((counts[w], w, uid) for uid, ws in words.items() for w in ws)
    assert count <= 3, f"every two-character word is in more than 3 names ({word}: {count})"
    return unit_id, word


@pytest.mark.browser
def test_search_by_two_characters_does_not_hang_while_initialising(
    old_engine: OldChromium, static_server: Any, built_site: Path
) -> None:
    unit_id, word = two_character_query()
    server = static_server(built_site)
    with old_engine.tab() as tab:
        tab.goto(f"{server.url}/v/")
        # what a reader does on the verify page: type a name and press 搜索 (-> /?q=…)
        tab.evaluate(f"document.getElementById('name-input').value = {json.dumps(word)}")
        tab.follow("document.querySelector('#name-form button').click()")
        assert tab.evaluate("location.pathname") == "/"
        hrefs = tab.wait_for(
            "[].map.call(document.querySelectorAll('.md-search-result__item > a'),"
            " function (a) { return a.getAttribute('href'); })"
            ".filter(function (h) { return h; }).join('\\n')"
        )
        assert tab.exceptions == []
        only_local(tab, server.url)
    assert f"units/{unit_id}/" in hrefs, (word, hrefs)


PAGE_KINDS = ("home", "list", "unit", "statistics", "404")
"""One page per template and page script (every page runs the same Material bundle)."""


@pytest.mark.browser
def test_no_page_throws_r_text_is_not_a_function(
    old_engine: OldChromium, static_server: Any, built_site: Path
) -> None:
    server = static_server(built_site)
    thrown: dict[str, list[str]] = {}
    paths = site_page_paths(built_site)
    with old_engine.tab() as tab:
        for kind in PAGE_KINDS:
            tab.goto(f"{server.url}/{paths[kind]}")
            tab.wait_for("document.querySelector('.md-search__form')")
            thrown[kind] = list(tab.exceptions)
            tab.exceptions.clear()
        only_local(tab, server.url)
    assert thrown == {kind: [] for kind in thrown}


FACTS_GEOMETRY = """(function () {
  var boxes = document.querySelectorAll('#verdict .facts > dt, #verdict .facts > dd');
  return [].map.call(boxes, function (el) {
    var r = el.getBoundingClientRect();
    return [el.tagName, r.left, r.top, r.right, r.bottom];
  });
})()"""


@pytest.mark.browser
def test_verify_facts_keep_a_gap_between_label_and_value_at_360px(
    old_engine: OldChromium, static_server: Any, tmp_path: Path
) -> None:
    site = build_test_site(tmp_path / "site")
    server = static_server(site.root)
    digits, verdict = site.tokens["valid"]
    with old_engine.tab() as tab:
        tab.viewport(360, 740)
        tab.goto(f"{server.url}/v/#{digits}")
        assert tab.wait_for(VERDICT) == verdict
        assert tab.evaluate("document.documentElement.scrollWidth") <= 360
        boxes = tab.evaluate(FACTS_GEOMETRY)
        tab.screenshot(tmp_path / f"verify-chromium{old_engine.version}-360.png")
        assert tab.exceptions == []
    rem = 18  # html { font-size: 112.5% }
    pairs = list(zip(boxes[0::2], boxes[1::2], strict=True))
    assert len(pairs) >= 6
    assert all(dt[0] == "DT" and dd[0] == "DD" for dt, dd in pairs)
    for dt, dd in pairs:
        assert dd[1] - dt[3] >= 0.9 * rem, f"label and value touch: {dt} {dd}"
        assert abs(dd[2] - dt[2]) < 1, f"label and value not on one line: {dt} {dd}"
    for (dt_above, dd_above), (dt_below, _) in itertools.pairwise(pairs):
        bottom = max(dt_above[4], dd_above[4])
        assert dt_below[2] - bottom >= 0.2 * rem, f"rows touch: {dd_above} {dt_below}"
