"""The verify page's "recorded in the public log as entry N" line, in real Chromium.

The page checks the plaque's leaf (record, serial, token hash), its RFC 9162 inclusion proof
with WebCrypto SHA-256, and the checkpoint's ECDSA signature (signed-note type 0x02, DER)
with /log/key.json. A tampered proof, leaf or signature shows no line at all.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from support_tlog import make_site
from verifypage_support import open_recorded, wait_verdict


def log_state(browser: Any, url: str) -> tuple[str, str, str]:
    rec = open_recorded(browser)
    try:
        rec.page.goto(url)
        verdict = wait_verdict(rec.page)
        rec.page.wait_for_selector("#verdict[data-log]", timeout=15000)
        state = rec.page.get_attribute("#verdict", "data-log")
        text = rec.page.inner_text("#verdict")
        assert not [m for m in rec.console if "Content Security Policy" in m or "error" in m]
        return verdict, state, text
    finally:
        rec.page.context.close()


@pytest.mark.browser
def test_signed_log_entry_is_shown_and_tampering_shows_none(
    browser: Any, static_server: Any, tmp_path: Path
) -> None:
    tokens = make_site(tmp_path, signed=True)
    server = static_server(tmp_path)
    verdict, state, text = log_state(browser, f"{server.url}/v/#{tokens['good']}")
    assert (verdict, state) == ("valid", "signed")
    assert "已记入公开日志第 4 条。" in text
    assert "recorded in the public log as entry 4." in text.lower()
    assert "未签名" not in text
    _, state, text = log_state(browser, f"{server.url}/v/#{tokens['other-token']}")
    assert state == "none"
    assert "公开日志" not in text
    assert "public log" not in text
    for i in range(3):  # the plaque entry (leaf 4 of 6) has a proof of three hashes
        tokens = make_site(tmp_path / f"tampered-{i}", signed=True, tamper=i)
        server = static_server(tmp_path / f"tampered-{i}")
        verdict, state, text = log_state(browser, f"{server.url}/v/#{tokens['good']}")
        assert (verdict, state) == ("valid", "none"), i
        assert "公开日志" not in text
        assert "public log" not in text


@pytest.mark.browser
def test_unsigned_or_forged_checkpoint(browser: Any, static_server: Any, tmp_path: Path) -> None:
    tokens = make_site(tmp_path / "unsigned", signed=False)
    server = static_server(tmp_path / "unsigned")
    _, state, text = log_state(browser, f"{server.url}/v/#{tokens['good']}")
    assert state == "unsigned"
    assert "已记入公开日志第 4 条（日志检查点未签名）" in text
    assert "checkpoint is unsigned" in text
    tokens = make_site(tmp_path / "forged", signed=True, forge_signature=True)
    server = static_server(tmp_path / "forged")
    _, state, text = log_state(browser, f"{server.url}/v/#{tokens['good']}")
    assert state == "none"
    assert "公开日志" not in text


@pytest.mark.browser
def test_unsigned_checkpoint_without_a_log_key_asks_for_no_key(
    browser: Any, static_server: Any, tmp_path: Path
) -> None:
    """The demo site has no log key yet: the page asked for /log/key.json anyway and the
    browser logged a 404 under a valid verdict; an unsigned checkpoint needs no key."""
    tokens = make_site(tmp_path, signed=False, publish_key=False)
    server = static_server(tmp_path)
    rec = open_recorded(browser)
    try:
        rec.page.goto(f"{server.url}/v/#{tokens['good']}")
        assert wait_verdict(rec.page) == "valid"
        rec.page.wait_for_selector("#verdict[data-log]", timeout=15000)
        assert rec.page.get_attribute("#verdict", "data-log") == "unsigned"
        assert not [url for url in rec.requests if url.endswith("/log/key.json")]
        assert not [m for m in rec.console if m.startswith("error")], rec.console
    finally:
        rec.page.context.close()
