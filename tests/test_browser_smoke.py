"""The browser harness itself: Debian Chromium loads a page from the localhost server."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest


@pytest.mark.browser
def test_chromium_renders_a_served_page(browser: Any, static_server: Any, tmp_path: Path) -> None:
    (tmp_path / "index.html").write_text(
        '<!doctype html><meta charset="utf-8"><title>t</title><p id="p">郑州</p>',
        encoding="utf-8",
    )
    server = static_server(tmp_path)
    page = browser.new_page()
    page.goto(server.url + "/index.html")
    assert page.locator("#p").inner_text() == "郑州"
    assert "/index.html" in server.paths
    page.close()
