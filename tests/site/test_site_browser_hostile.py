"""Hostile roster text is inert: shown literally on every page, feed and export; nothing runs.

The built site's roster (`built_site`) holds units named `<script>alert(1)</script>`,
`{{ config }}`, `[x](javascript:alert(1))` and `| a | b |` (support.HOSTILE_NAMES), a
hostile district name and a hostile notice title (support.HOSTILE_TEXT).
"""

from __future__ import annotations

import csv
import html
import io
import json
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from support import HOSTILE_NAMES, HOSTILE_TEXT, all_strings


class _Page(HTMLParser):
    """Text outside scripts, inline script bodies, and every attribute value."""

    def __init__(self) -> None:
        super().__init__()
        self.text: list[str] = []
        self.scripts: list[str] = []
        self.attrs: list[tuple[str, str, str]] = []
        self._in: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.attrs += [(tag, k, v or "") for k, v in attrs]
        if tag in ("script", "style"):
            self._in.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if self._in and self._in[-1] == tag:
            self._in.pop()

    def handle_data(self, data: str) -> None:
        if not self._in:
            self.text.append(data)
        elif self._in[-1] == "script":
            self.scripts.append(data)


def _parse(path: Path) -> _Page:
    page = _Page()
    page.feed(path.read_text(encoding="utf-8"))
    page.close()
    return page


def test_no_page_carries_an_active_payload(built_site: Path) -> None:
    pages = sorted(built_site.rglob("*.html"))
    for path in pages:
        page = _parse(path)
        for tag, name, value in page.attrs:
            assert not value.strip().lower().startswith("javascript:"), (path, tag, name, value)
            assert not (name.startswith("on") and "alert" in value), (path, tag, name, value)
        for script in page.scripts:
            assert "alert(1)" not in script, path


def test_hostile_names_appear_literally_on_their_pages(built_site: Path) -> None:
    for unit_id, name in HOSTILE_NAMES.items():
        page = _parse(built_site / "units" / unit_id / "index.html")
        text = "".join(page.text)
        assert name in text, unit_id
        if unit_id.endswith("01"):
            assert text.count(name) >= 1
    mentioning = [
        p
        for p in built_site.rglob("*.html")
        if "ZZ-ENT-9901" in p.read_text(encoding="utf-8") and "units" not in p.parts
    ]
    assert len(mentioning) >= 3, mentioning  # home or lists, district page, …
    for path in mentioning:
        assert HOSTILE_NAMES["ZZ-ENT-9901"] in "".join(_parse(path).text), path
    everywhere = "".join(t for p in built_site.rglob("*.html") for t in _parse(p).text)
    for text in HOSTILE_TEXT.values():
        assert text in everywhere, text


def test_exports_and_feeds_carry_the_literal_text(built_site: Path) -> None:
    units = json.loads((built_site / "api" / "units.json").read_text(encoding="utf-8"))
    names = {u["id"]: u["name"] for u in units}
    for unit_id, name in HOSTILE_NAMES.items():
        assert names[unit_id] == name
        doc = json.loads((built_site / "api" / "units" / f"{unit_id}.json").read_text("utf-8"))
        assert doc["name"] == name
    data = (built_site / "downloads" / "units.csv").read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    cells = [c for row in csv.reader(io.StringIO(data[3:].decode("utf-8"))) for c in row]
    for name in HOSTILE_NAMES.values():
        assert name in cells, name
    notices = json.loads((built_site / "api" / "notices.json").read_text(encoding="utf-8"))
    assert HOSTILE_TEXT["notice"] in "".join(all_strings(notices))
    feed_text = html.unescape(  # as a feed reader shows it: titles and descriptions are HTML
        "".join(
            t for f in (built_site / "feeds").iterdir() for t in ET.parse(f).getroot().itertext()
        )
    )
    for name in HOSTILE_NAMES.values():
        assert name in feed_text, name
    assert HOSTILE_TEXT["notice"] in feed_text


@pytest.mark.browser
def test_no_script_runs_on_pages_or_in_search(
    browser: Any, static_server: Any, built_site: Path
) -> None:
    server = static_server(built_site)
    page = browser.new_page()
    dialogs: list[str] = []

    def on_dialog(dialog: Any) -> None:
        dialogs.append(f"{page.url}: {dialog.message}")
        dialog.dismiss()

    page.on("dialog", on_dialog)
    errors: list[str] = []
    page.on("pageerror", lambda err: errors.append(f"{page.url}: {err}"))
    paths = ["", "notices/", "revocations/", "stats/", "districts/jinshui/"]
    paths += [f"units/{unit_id}/" for unit_id in HOSTILE_NAMES]
    paths += sorted(
        f"lists/{p.parent.name}/"
        for p in (built_site / "lists").glob("*/index.html")
        if "ZZ-ENT-9901" in p.read_text(encoding="utf-8")
    )
    for path in paths:
        page.goto(f"{server.url}/{path}", wait_until="networkidle")
        if path.startswith("units/"):
            unit_id = path.split("/")[1]
            assert HOSTILE_NAMES[unit_id] in page.locator("h1").first.inner_text()
    # Material's search renders results from the index: they must stay text too.
    page.goto(f"{server.url}/", wait_until="networkidle")
    query = page.locator("input[data-md-component='search-query']")
    query.click()  # desktop width: the search field is in the header
    for text in ("script", "alert", "javascript", "config"):
        query.fill(text)
        query.press("End")  # Material searches on key events
        page.wait_for_timeout(300)
    page.wait_for_selector(".md-search-result__item", timeout=15_000)
    assert "{{ config }}" in page.locator(".md-search-result").inner_text()
    page.close()
    assert dialogs == [], dialogs
    assert errors == [], errors
