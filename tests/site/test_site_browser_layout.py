"""Readable on a 360-px phone and on a desktop: no horizontal overflow; screenshots kept."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from support import site_page_paths

VIEWPORTS = {"phone": (360, 740), "desktop": (1280, 800)}
SHOT_PAGES = ("home", "unit", "statistics")


@pytest.mark.browser
@pytest.mark.parametrize("viewport", sorted(VIEWPORTS))
def test_pages_fit_the_screen_width(
    browser: Any, static_server: Any, built_site: Path, tmp_path: Path, viewport: str
) -> None:
    server = static_server(built_site)
    paths = site_page_paths(built_site)
    width, height = VIEWPORTS[viewport]
    context = browser.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    overflow: dict[str, tuple[int, int]] = {}
    for kind in SHOT_PAGES:
        page.goto(f"{server.url}/{paths[kind]}", wait_until="networkidle")
        scroll, inner = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
        if scroll > inner:
            overflow[kind] = (scroll, inner)
        shot = tmp_path / f"{kind}-{viewport}.png"
        page.screenshot(path=str(shot), full_page=True)
        assert shot.stat().st_size > 5_000, shot  # a real rendering, not a blank page
        # Chinese renders with a real CJK font: the page's main heading has a nonzero width.
        assert page.evaluate("document.querySelector('h1').getBoundingClientRect().width") > 0
    context.close()
    assert overflow == {}, (
        f"wider than the {viewport} viewport (scrollWidth, innerWidth): {overflow}"
    )
