"""Every verdict state is accessible (axe-core) and fits a 360 px wide phone screen."""

from __future__ import annotations

from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe

from verifypage_support import VpSite, open_recorded, wait_verdict

# state -> how to reach it: a token case of the test site, or "?q=" typed input
STATES = {
    "idle": None,
    "valid": "#valid",
    "overdue": "#overdue",
    "revoked": "#revoked",
    "voided": "#voided",
    "forged": "#tampered",
    "unknown-key": "#unknown-key",
    "compromised-key": "#compromised-key",
    "malformed": "#foreign-text",
    "not-on-record": "#withdrawn",
    "offline": "#valid",
    "unverified": "?q=ZZ-ENT-0666",
}


def check_state(page: Any, server: Any, vp_site: VpSite, state: str) -> None:
    how = STATES[state]
    page.unroute("**/api/units/**")
    if state == "offline":
        page.route("**/api/units/**", lambda route: route.abort("connectionrefused"))
    if how is None:
        page.goto(f"{server.url}/v/")
    elif how.startswith("#"):
        page.goto(f"{server.url}/v/#{vp_site.tokens[how[1:]][0]}")
    else:
        page.goto(f"{server.url}/v/{how}")
    page.reload()  # a fragment-only change does not reload the document
    if state != "idle":
        assert wait_verdict(page) == state
        # colour is never the only signal: an icon and words in two languages
        assert page.locator("#verdict .head svg.icon").count() == 1
        assert page.inner_text("#verdict h2").strip()
        assert page.inner_text("#verdict .head .en").strip()
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0, state
    results = Axe().run(page)
    serious = [
        f"{state}: {v['id']} ({v['impact']}): {v['help']}"
        for v in results.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    assert serious == []


@pytest.mark.browser
@pytest.mark.parametrize("half", [0, 1])
def test_verdict_states_accessible_at_360px(
    half: int, vp_site: VpSite, browser: Any, static_server: Any
) -> None:
    server = static_server(vp_site.root)
    rec = open_recorded(browser, viewport={"width": 360, "height": 740})
    for state in sorted(STATES)[half::2]:
        check_state(rec.page, server, vp_site, state)
    rec.page.context.close()
