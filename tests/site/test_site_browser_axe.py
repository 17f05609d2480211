"""axe-core (bundled by axe-playwright-python, no network) finds no serious or critical issue
on any kind of page the built site has, on a phone and on a desktop."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe

from support import REPO, search_site, site_page_kinds, tampered_token, valid_token

SEARCH = "search results"
"""Not a page of its own: the search dialog over the home page, showing results."""


def serious(page: Any, axe: Axe) -> list[str]:
    results = axe.run(page)
    assert "violations" in results.response, results.response
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — "
        + "; ".join(str(n["target"]) for n in v["nodes"][:5])
        for v in results.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]


def test_every_kind_of_page_is_found_in_the_built_site(built_site: Path) -> None:
    """The kinds come from the built site, so a new kind of page is checked without a list
    to update; this guards the finder itself."""
    kinds = site_page_kinds(built_site)
    for kind in ("home", "404.html", "v/", "keys/", "stats/", "about/", "verify/", "downloads/"):
        assert kind in kinds, kind
    for kind in ("units/ZZ-ENT", "units/ZZ-PRK", "figures/ZZ-FIG", "notices/GS", "lists/*"):
        assert kind in kinds, kind
    guides = {f"guide/{p.stem}/" for p in (REPO / "site_src" / "guide").glob("*.md")}
    assert guides
    assert guides <= set(kinds)  # every guide is a kind of its own
    assert len(set(kinds.values())) == len(kinds)
    # every page one folder deep (a listing, stats/, keys/) is a kind of its own
    for page in built_site.glob("*/index.html"):
        assert kinds.get(f"{page.parent.name}/") == f"{page.parent.name}/", page


DESKTOP_KINDS = ("home", "stats/", "units/ZZ-ENT", "guide/operations/", "v/ valid verdict")
"""On a desktop (side navigation and table of contents shown) a few kinds suffice: the
rules that depend on the width (sideways-scrolling boxes) bite on the phone."""


@pytest.mark.browser
@pytest.mark.parametrize("width", [360, 1366])
def test_axe_reports_no_serious_or_critical_violation(
    browser: Any, static_server: Any, built_site: Path, width: int
) -> None:
    """Every kind on a 360-px phone, with the verdicts of /v/ and the search results (the
    results' grey meta line failed the contrast rule)."""
    server = static_server(built_site)
    targets = dict(site_page_kinds(built_site))
    targets["v/ valid verdict"] = f"v/#{valid_token(built_site)}"
    targets["v/ forged verdict"] = f"v/#{tampered_token(built_site)}"
    if width > 360:
        targets = {k: v for k, v in targets.items() if k in DESKTOP_KINDS}
        assert len(targets) == len(DESKTOP_KINDS)
    page = browser.new_page(viewport={"width": width, "height": 800})
    axe = Axe()
    found: dict[str, list[str]] = {}
    for kind, path in targets.items():
        page.goto(f"{server.url}/{path}", wait_until="networkidle")
        if kind.startswith("v/ "):
            page.wait_for_selector("#verdict[data-verdict]", timeout=15_000)
        bad = serious(page, axe)
        if bad:
            found[f"{kind} /{path}"] = bad
    page.goto(f"{server.url}/", wait_until="networkidle")
    assert search_site(page, "郑州")
    if bad := serious(page, axe):
        found[SEARCH] = bad
    page.close()
    assert found == {}, "\n".join(f"{k}:\n  " + "\n  ".join(v) for k, v in found.items())
