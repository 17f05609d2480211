"""The public site on a 360-px phone: where to report a fake plaque, and readable tables."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml

from support import REPO, site_page_paths


def channel() -> dict[str, Any]:
    """The reporting channel as `registry/site.yaml` gives it."""
    data = yaml.safe_load((REPO / "registry" / "site.yaml").read_text(encoding="utf-8"))
    contact: dict[str, Any] = data["contact"]
    return contact


def expected_links() -> set[str]:
    c = channel()
    return {"tel:" + c["phone"].replace(" ", "").replace("-", ""), "mailto:" + c["email"]}


def tampered_token(site: Path) -> str:
    """A real plaque's token with the last digit of its signature changed."""
    plaque = sorted((site / "api" / "plaques").glob("*.json"))[0]
    digits = str(json.loads(plaque.read_text(encoding="utf-8"))["token"])
    last = int(digits[-1])
    return digits[:-1] + str(last + 1 if last < 9 else last - 1)


def valid_token(site: Path) -> str:
    for file in sorted((site / "api" / "plaques").glob("*.json")):
        doc = json.loads(file.read_text(encoding="utf-8"))
        unit = json.loads((site / "api" / "units" / f"{doc['subject']}.json").read_text("utf-8"))
        active = {p["serial"] for p in unit.get("plaques", []) if p["status"] == "active"}
        if unit["status"] == "awarded" and doc["serial"] in active:
            return str(doc["token"])
    raise AssertionError("the demo site has no active plaque of an awarded unit")


def verdict(page: Any) -> str:
    page.wait_for_selector("#verdict[data-verdict]", timeout=15_000)
    return str(page.get_attribute("#verdict", "data-verdict"))


@pytest.mark.browser
def test_forged_verdict_gives_tappable_reporting_channel(
    browser: Any, static_server: Any, built_site: Path
) -> None:
    """The forged verdict says 向郑州市商务局反映: it must say how, with links a phone can tap."""
    server = static_server(built_site)
    page = browser.new_page(viewport={"width": 360, "height": 780})
    page.goto(f"{server.url}/v/#{tampered_token(built_site)}")
    assert verdict(page) == "forged"
    page.wait_for_selector("#verdict .report a[href^='tel:']", timeout=10_000)
    links = page.eval_on_selector_all("#verdict .report a", "els => els.map(e => e.href)")
    assert set(links) == expected_links()
    assert channel()["department"] in page.inner_text("#verdict")
    assert set(page.eval_on_selector_all("#report-footer a", "els => els.map(e => e.href)")) == (
        expected_links()
    )
    page.close()


@pytest.mark.browser
def test_valid_verdict_has_no_report_block_and_fetches_no_channel(
    browser: Any, static_server: Any, built_site: Path
) -> None:
    server = static_server(built_site)
    page = browser.new_page(viewport={"width": 360, "height": 780})
    page.goto(f"{server.url}/v/#{valid_token(built_site)}")
    assert verdict(page) == "valid"
    assert page.query_selector("#verdict .report") is None
    assert "/api/site.json" not in server.paths  # a valid plaque costs no extra request
    page.close()


@pytest.mark.browser
def test_unit_page_and_footer_give_tappable_reporting_channel(
    browser: Any, static_server: Any, built_site: Path
) -> None:
    server = static_server(built_site)
    page = browser.new_page(viewport={"width": 360, "height": 780})
    for path in (site_page_paths(built_site)["unit"], "about/", "verify/", ""):
        page.goto(f"{server.url}/{path}")
        footer = page.eval_on_selector_all(".md-footer .sf-footer a", "els => els.map(e => e.href)")
        assert expected_links() <= set(footer), path
        if path.startswith("units/"):
            report = page.eval_on_selector_all("#report ~ p a", "els => els.map(e => e.href)")
            assert set(report) == expected_links()
            assert page.is_visible("#report ~ p a[href^='tel:']")
    page.close()


# Cells narrower than this many CJK characters (in the cell's own font) are unreadable.
MIN_CHARS = 4
TABLE_PAGES = ("list", "district", "revocations", "notice", "notices", "unit", "figure")

MEASURE = """(minChars) => {
  const probe = document.createElement('span');
  probe.textContent = '示'.repeat(minChars);
  probe.style.cssText = 'position:absolute;visibility:hidden;white-space:nowrap';
  const narrow = [];
  for (const cell of document.querySelectorAll('.md-typeset table td, .md-typeset table th')) {
    if (!cell.textContent.trim()) continue;
    cell.appendChild(probe);
    const need = probe.getBoundingClientRect().width;
    cell.removeChild(probe);
    const style = getComputedStyle(cell);
    const inner = cell.getBoundingClientRect().width
      - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
    if (inner + 0.5 < need) narrow.push(cell.textContent.trim().slice(0, 20) + ': '
      + Math.round(inner) + 'px < ' + Math.round(need) + 'px');
  }
  return narrow;
}"""


@pytest.mark.browser
def test_table_cells_are_at_least_four_characters_wide_on_a_phone(
    browser: Any, static_server: Any, built_site: Path
) -> None:
    """Columns used to shrink to one character a line on a 360-px phone (names and ids ran
    vertically); now no cell's text box is narrower than four CJK characters."""
    server = static_server(built_site)
    paths = site_page_paths(built_site)
    page = browser.new_page(viewport={"width": 360, "height": 780})
    narrow: dict[str, list[str]] = {}
    for kind in TABLE_PAGES:
        page.goto(f"{server.url}/{paths[kind]}", wait_until="networkidle")
        assert page.query_selector(".md-typeset table td"), f"{kind}: no table to measure"
        found = page.evaluate(MEASURE, MIN_CHARS)
        if found:
            narrow[kind] = found[:5]
        # the page itself never scrolls sideways; a wide table scrolls inside its own box
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), kind
    page.close()
    assert narrow == {}


@pytest.mark.browser
def test_lists_use_the_page_width_on_a_desktop(
    browser: Any, static_server: Any, built_site: Path
) -> None:
    server = static_server(built_site)
    page = browser.new_page(viewport={"width": 1366, "height": 900})
    page.goto(f"{server.url}/{site_page_paths(built_site)['list']}")
    table, content = page.evaluate(
        "[document.querySelector('table.sf-units').getBoundingClientRect().width,"
        " document.querySelector('.md-content__inner').getBoundingClientRect().width]"
    )
    assert table >= content - 2
    assert table >= 0.8 * 1366  # no side navigation taking a third of the screen
    # ... and every column fits: nothing scrolls sideways on a desktop
    scroll, client = page.evaluate(
        "(w => [w.scrollWidth, w.clientWidth])(document.querySelector('.sf-table-wrap'))"
    )
    assert scroll <= client
    page.close()


@pytest.mark.browser
def test_axe_finds_nothing_serious_on_the_remaining_page_types(
    browser: Any, static_server: Any, built_site: Path
) -> None:
    """/keys/ had a sideways-scrolling table the keyboard could not reach."""
    from axe_playwright_python.sync_playwright import Axe

    server = static_server(built_site)
    page = browser.new_page(viewport={"width": 360, "height": 780})
    axe = Axe()
    found: dict[str, list[str]] = {}
    for path in ("keys/", "downloads/", "revocations/", "notices/", "districts/", "about/"):
        page.goto(f"{server.url}/{path}", wait_until="networkidle")
        bad = [
            f"{v['id']}: {v['help']}"
            for v in axe.run(page).response["violations"]
            if v["impact"] in ("serious", "critical")
        ]
        if bad:
            found[path] = bad
    page.close()
    assert found == {}


@pytest.mark.browser
def test_status_filter_lists_states_in_lifecycle_order(
    browser: Any, static_server: Any, built_site: Path
) -> None:
    server = static_server(built_site)
    page = browser.new_page()
    page.goto(f"{server.url}/lists/enterprise-municipal/")
    values = page.eval_on_selector_all(
        "select[name='data-status'] option", "els => els.map(e => e.value).filter(Boolean)"
    )
    lifecycle = ["pending", "in_notice", "awarded", "review_due", "review_overdue", "revoked"]
    lifecycle += ["rejected", "withdrawn"]
    assert len(values) >= 3
    assert values == sorted(values, key=lifecycle.index)
    page.close()


@pytest.mark.browser
def test_typed_check_code_is_echoed_as_typed(
    browser: Any, static_server: Any, built_site: Path
) -> None:
    server = static_server(built_site)
    page = browser.new_page()
    page.goto(f"{server.url}/v/?q=000-044-3")
    assert verdict(page) == "malformed"
    assert "“000-044-3”" in page.inner_text("#verdict")
    page.close()


# A date, record id, notice id or check code in a table cell is one word to a reader.
ONE_WORD = r"^(\d{4}-\d{2}-\d{2}|ZZ-[A-Z]+-\d{4}|GS-\d{4}-\d{2}|\d{3}-\d{3}-\d)$"

WRAPPED = """(pattern) => {
  const oneWord = new RegExp(pattern);
  const wrapped = [];
  for (const cell of document.querySelectorAll('.md-typeset table td')) {
    const text = cell.textContent.trim();
    if (!oneWord.test(text)) continue;
    const range = document.createRange();
    range.selectNodeContents(cell);
    const lines = new Set(Array.from(range.getClientRects(), (r) => Math.round(r.top)));
    if (lines.size > 1) wrapped.push(text);
  }
  return wrapped;
}"""


@pytest.mark.browser
def test_dates_and_ids_in_tables_never_wrap_on_a_phone(
    browser: Any, static_server: Any, built_site: Path
) -> None:
    """A unit's plaque table broke its issue dates over two lines on a 360-px phone ("201" /
    "7-07-12"); dates, ids and check codes now stay whole and the table scrolls instead."""
    server = static_server(built_site)
    paths = site_page_paths(built_site)
    # ZZ-ENT-0005 was revoked and awarded again: two plaques, so a plaque table with dates.
    pages = [paths[kind] for kind in TABLE_PAGES] + ["units/ZZ-ENT-0005/"]
    page = browser.new_page(viewport={"width": 360, "height": 780})
    wrapped: dict[str, list[str]] = {}
    checked = 0
    for path in pages:
        page.goto(f"{server.url}/{path}", wait_until="networkidle")
        checked += page.evaluate(
            "(p) => Array.from(document.querySelectorAll('.md-typeset table td'))"
            ".filter((c) => new RegExp(p).test(c.textContent.trim())).length",
            ONE_WORD,
        )
        found = page.evaluate(WRAPPED, ONE_WORD)
        if found:
            wrapped[path] = found[:5]
    page.close()
    assert checked > 20, "too few dates and ids in tables to say anything"
    assert wrapped == {}
