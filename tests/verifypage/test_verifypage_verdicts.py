"""The verify page in real Chromium: every verdict, typed codes, and what it must never do."""

from __future__ import annotations

import time
from typing import Any
from urllib.parse import urlsplit

import pytest

from verifypage_support import HOSTILE_NAME, Recorded, VpSite, wait_verdict


def stop_after_page(server: Any) -> None:
    """Stop the real server once it has answered the page (it carries the keys; the status
    request may start before the page has fully arrived)."""
    deadline = time.monotonic() + 10
    while not [p for p in server.paths if p.startswith("/v/")] and time.monotonic() < deadline:
        time.sleep(0.02)
    time.sleep(0.2)
    server.stop()


# Cases beyond the shared vectors (tests/vectors/tokens.json, test_verifypage_vectors.py).
CASES = ["retired-in-window", "other-key-same-kid", "withdrawn", "unlisted-serial", "short"]


@pytest.mark.browser
@pytest.mark.parametrize("case", CASES)
def test_token_gives_expected_verdict(
    case: str, vp_site: VpSite, vp_page: Recorded, static_server: Any
) -> None:
    digits, expected = vp_site.tokens[case]
    server = static_server(vp_site.root)
    vp_page.page.goto(f"{server.url}/v/#{digits}")
    assert wait_verdict(vp_page.page) == expected
    assert vp_page.page.get_attribute("#verdict", "role") == "status"
    # the token never reaches the server: no request URL carries its digits
    sent = [urlsplit(u)._replace(scheme="", netloc="").geturl() for u in vp_page.requests]
    assert not [u for u in sent if digits in u or "#" in u]
    assert not [p for p in server.paths if digits in p]
    hosts = {urlsplit(u).netloc for u in vp_page.requests}
    assert hosts == {urlsplit(server.url).netloc}
    assert not [m for m in vp_page.console if "Content Security Policy" in m]


@pytest.mark.browser
def test_valid_verdict_shows_registered_facts(
    vp_site: VpSite, vp_page: Recorded, static_server: Any
) -> None:
    server = static_server(vp_site.root)
    vp_page.page.goto(f"{server.url}/v/#{vp_site.tokens['valid'][0]}")
    assert wait_verdict(vp_page.page) == "valid"
    text = vp_page.page.inner_text("#verdict")
    for fact in ("郑州某某网络科技有限公司", "电子商务示范企业", "市级", "金水区", "2024年5月10日"):
        assert fact in text
    assert "2026年5月10日" in text  # next review
    assert "一字不差" in text  # compare the name with the plaque
    assert "Genuine and valid" in text
    # two requests: the page (keys, script and style inlined), then the unit's status
    assert server.paths == ["/v/", "/api/units/ZZ-ENT-0042.json"]


@pytest.mark.browser
def test_revoked_and_voided_show_their_reasons(
    vp_site: VpSite, vp_page: Recorded, static_server: Any
) -> None:
    server = static_server(vp_site.root)
    page = vp_page.page
    page.goto(f"{server.url}/v/#{vp_site.tokens['revoked'][0]}")
    assert wait_verdict(page) == "revoked"
    text = page.inner_text("#verdict")
    assert "2026年3月1日" in text
    assert "申报材料弄虚作假" in text
    assert "郑商务〔2026〕3号" in text
    page.goto(f"{server.url}/v/#{vp_site.tokens['voided'][0]}")
    page.reload()
    assert wait_verdict(page) == "voided"
    assert "遗失" in page.inner_text("#verdict")


@pytest.mark.browser
def test_hostile_name_renders_as_text(
    vp_site: VpSite, vp_page: Recorded, static_server: Any
) -> None:
    dialogs: list[str] = []

    def on_dialog(dialog: Any) -> None:
        dialogs.append(dialog.message)
        dialog.dismiss()

    vp_page.page.on("dialog", on_dialog)
    server = static_server(vp_site.root)
    vp_page.page.goto(f"{server.url}/v/#{vp_site.tokens['hostile-name'][0]}")
    assert wait_verdict(vp_page.page) == "valid"
    assert vp_page.page.text_content("#verdict .name") == HOSTILE_NAME
    assert vp_page.page.locator("#verdict img, #verdict script").count() == 0
    vp_page.page.wait_for_timeout(200)
    assert dialogs == []
    assert "/x" not in server.paths


TYPED = [
    ("000-042-7", "valid", None),
    ("0000427", "valid", None),
    (" 000 042 7 ", "valid", None),
    ("000-042-8", "malformed", None),  # wrong Damm digit
    ("000-043-5", "malformed", None),  # right digit, no such plaque
    ("zz-ent-0007", "unverified", "typed-id"),
    ("ZZ-ENT-9999", "malformed", None),
    ("<b>?!", "malformed", None),
]


@pytest.mark.browser
def test_typed_code_or_id(vp_site: VpSite, vp_page: Recorded, static_server: Any) -> None:
    server = static_server(vp_site.root)
    page = vp_page.page
    page.goto(f"{server.url}/v/")
    for typed, verdict, reason in TYPED:
        page.fill("#code-input", typed)
        page.click("#code-form button")
        assert wait_verdict(page) == verdict, typed
        assert page.get_attribute("#verdict", "data-reason") == reason, typed
    # the last id-typed check shows the registry status, saying no signature is involved
    page.fill("#code-input", "zz-ent-0007")
    page.click("#code-form button")
    page.wait_for_selector("#verdict[data-reason=typed-id]")
    text = page.inner_text("#verdict")
    assert "郑州某某贸易公司" in text
    assert "不涉及牌匾签名" in text
    assert page.get_attribute("#verdict", "data-status") == "revoked"
    # a typed check code also works as a link: ?q=
    page.goto(f"{server.url}/v/?q=000-042-7")
    assert wait_verdict(page) == "valid"
    assert "/api/plaques/42.json" in server.paths


@pytest.mark.browser
def test_name_search_goes_to_the_site_search(
    vp_site: VpSite, vp_page: Recorded, static_server: Any
) -> None:
    server = static_server(vp_site.root)
    page = vp_page.page
    page.goto(f"{server.url}/v/")
    page.fill("#name-input", "网络科技")
    page.click("#name-form button")
    page.wait_for_url("**/?q=*")
    assert urlsplit(page.url).path == "/"
    assert "q=%E7%BD%91%E7%BB%9C%E7%A7%91%E6%8A%80" in page.url


@pytest.mark.browser
def test_offline_after_keys_loaded_never_green(
    vp_site: VpSite, vp_page: Recorded, static_server: Any
) -> None:
    """The server stops once the page and keys are loaded, before the status request."""
    server = static_server(vp_site.root)
    page = vp_page.page

    def stop_then_continue(route: Any) -> None:
        stop_after_page(server)
        route.continue_()

    page.route("**/api/units/**", stop_then_continue)
    page.goto(f"{server.url}/v/#{vp_site.tokens['valid'][0]}")
    assert wait_verdict(page) == "offline"
    text = page.inner_text("#verdict")
    assert "确由郑州市商务局签发" in text
    assert "2026年11月27日" in text  # the key set's `generated`: when the site's data was built
    assert "2024年5月10日" in text  # the token's own award date
    assert "有效" not in page.get_attribute("#verdict", "class")  # no green tone
    assert page.get_attribute("#verdict", "class") == "verdict warn"


@pytest.mark.browser
def test_offline_uses_the_status_seen_on_an_earlier_visit(
    vp_site: VpSite, vp_page: Recorded, static_server: Any
) -> None:
    server = static_server(vp_site.root)
    page = vp_page.page
    url = f"{server.url}/v/#{vp_site.tokens['valid'][0]}"
    page.goto(url)
    assert wait_verdict(page) == "valid"

    def stop_then_continue(route: Any) -> None:
        stop_after_page(server)
        route.continue_()

    page.route("**/api/units/**", stop_then_continue)
    page.reload()
    assert wait_verdict(page) == "offline"
    assert page.get_attribute("#verdict", "data-status") == "awarded"
    text = page.inner_text("#verdict")
    assert "本机曾于2026年11月27日查到" in text
    assert "On 2026-11-27 its status was awarded" in text


@pytest.mark.browser
def test_without_webcrypto_status_is_shown_unverified(vp_site: VpSite, browser: Any) -> None:
    """A plain-http, non-localhost origin has no crypto.subtle: say so, still show status."""
    from verifypage_support import open_recorded

    rec = open_recorded(browser)
    page = rec.page
    root = vp_site.root

    def serve(route: Any) -> None:
        path = urlsplit(route.request.url).path
        file = root / path.lstrip("/")
        if path.endswith("/"):
            file = file / "index.html"
        if not file.is_file():
            route.fulfill(status=404, body="")
            return
        types = {".html": "text/html", ".js": "text/javascript", ".css": "text/css"}
        route.fulfill(
            status=200,
            body=file.read_bytes(),
            content_type=types.get(file.suffix, "application/json"),
        )

    page.route("http://shifan.test/**", serve)
    page.goto(f"http://shifan.test/v/#{vp_site.tokens['revoked'][0]}")
    assert page.evaluate("window.isSecureContext") is False
    assert wait_verdict(page) == "unverified"
    assert page.get_attribute("#verdict", "data-reason") == "no-webcrypto"
    assert page.get_attribute("#verdict", "data-status") == "revoked"
    text = page.inner_text("#verdict")
    assert "不能核对数字签名" in text
    assert "郑州某某贸易公司" in text
    rec.page.context.close()
