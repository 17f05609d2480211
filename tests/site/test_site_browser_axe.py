"""axe-core (bundled by axe-playwright-python, no network) finds no serious or critical issue."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe

from support import site_page_paths

AXE_PAGES = ("home", "list", "unit", "notice", "statistics")


@pytest.mark.browser
def test_axe_reports_no_serious_or_critical_violation(
    browser: Any, static_server: Any, built_site: Path
) -> None:
    server = static_server(built_site)
    paths = site_page_paths(built_site)
    page = browser.new_page()
    axe = Axe()
    found: dict[str, list[str]] = {}
    for kind in AXE_PAGES:
        page.goto(f"{server.url}/{paths[kind]}", wait_until="networkidle")
        results = axe.run(page)
        assert "violations" in results.response, results.response
        bad = [
            f"{v['id']} ({v['impact']}): {v['help']} — "
            + "; ".join(str(n["target"]) for n in v["nodes"][:5])
            for v in results.response["violations"]
            if v["impact"] in ("serious", "critical")
        ]
        if bad:
            found[f"{kind} /{paths[kind]}"] = bad
    page.close()
    assert found == {}, "\n".join(f"{k}:\n  " + "\n  ".join(v) for k, v in found.items())
