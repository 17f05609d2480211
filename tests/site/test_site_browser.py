"""The site in real Chromium: the list filter script, and a unit page on a 360-px phone."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from support import search_site


@pytest.mark.browser
def test_list_filter_by_status_and_district(
    browser: Any, static_server: Any, built_site: Path
) -> None:
    server = static_server(built_site)
    page = browser.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(server.url + "/districts/jinshui/")
    rows = page.locator("table.sf-units tbody tr")
    total = rows.count()
    assert total >= 5
    status = page.locator(".sf-filter select[name='data-status']")
    status.select_option("awarded")
    visible = page.locator("table.sf-units tbody tr:not([hidden])")
    shown = visible.count()
    assert 0 < shown < total
    for i in range(shown):
        assert visible.nth(i).get_attribute("data-status") == "awarded"
    assert f"显示 {shown} / {total} 个" in page.locator(".sf-count").inner_text()
    status.select_option("")
    assert page.locator("table.sf-units tbody tr:not([hidden])").count() == total
    year = page.locator(".sf-filter select[name='data-year']")
    year.select_option("2026")
    for i in range(page.locator("table.sf-units tbody tr:not([hidden])").count()):
        row = page.locator("table.sf-units tbody tr:not([hidden])").nth(i)
        assert row.get_attribute("data-year") == "2026"
    assert errors == []
    page.close()


@pytest.mark.browser
def test_list_sorts_by_a_column(browser: Any, static_server: Any, built_site: Path) -> None:
    server = static_server(built_site)
    page = browser.new_page()
    page.goto(server.url + "/districts/jinshui/")
    header = page.locator("table.sf-units thead th").nth(1)
    header.click()
    ids = page.locator("table.sf-units tbody tr td:nth-child(2)").all_inner_texts()
    assert ids == sorted(ids)
    header.click()
    ids = page.locator("table.sf-units tbody tr td:nth-child(2)").all_inner_texts()
    assert ids == sorted(ids, reverse=True)
    assert header.get_attribute("aria-sort") == "descending"
    page.close()


@pytest.mark.browser
def test_unit_page_fits_a_360px_phone(browser: Any, static_server: Any, built_site: Path) -> None:
    server = static_server(built_site)
    context = browser.new_context(viewport={"width": 360, "height": 740}, device_scale_factor=2)
    page = context.new_page()
    dialogs: list[str] = []

    def on_dialog(dialog: Any) -> None:
        dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", on_dialog)
    for unit_id in ("ZZ-ENT-9901", "ZZ-ENT-9903"):
        page.goto(server.url + f"/units/{unit_id}/")
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 360, f"{unit_id}: page is {width}px wide"
        assert page.locator(".sf-badge").first.is_visible()
        assert page.locator("h1").first.inner_text() in (
            "<script>alert(1)</script>",
            "[x](javascript:alert(1))",
        )
    assert dialogs == []  # no hostile script ran
    context.close()


@pytest.mark.browser
def test_search_finds_a_unit_by_two_characters_its_credit_code_or_id(
    browser: Any, static_server: Any, built_site: Path
) -> None:
    import jieba

    from shifan.loader.registry import load_roster
    from support import REPO

    roster, _ = load_roster(REPO / "registry")
    unit = next(u for u in roster.units.values() if u.credit_code)
    word = next(w for w in jieba.cut(unit.name) if len(w) == 2)
    server = static_server(built_site)
    page = browser.new_page()
    for query in (word, unit.credit_code or "", unit.id):
        page.goto(server.url + "/")
        hrefs = search_site(page, query)
        assert any(f"units/{unit.id}/" in h for h in hrefs), (query, hrefs)
    page.close()


@pytest.mark.browser
def test_every_kind_of_page_fits_a_360px_phone(
    browser: Any, static_server: Any, built_site: Path
) -> None:
    notice = sorted(p.name for p in (built_site / "notices").iterdir() if p.is_dir())[0]
    figure = sorted(p.name for p in (built_site / "figures").iterdir() if p.is_dir())[0]
    paths = [
        "/",
        "/lists/",
        "/lists/enterprise-municipal/",
        "/districts/jinshui/",
        "/notices/",
        f"/notices/{notice}/",
        f"/figures/{figure}/",
        "/stats/",
        "/standards/",
        "/revocations/",
        "/404.html",
    ]
    server = static_server(built_site)
    context = browser.new_context(viewport={"width": 360, "height": 740})
    page = context.new_page()
    for path in paths:
        page.goto(server.url + path)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 360, f"{path}: page is {width}px wide"
    context.close()
