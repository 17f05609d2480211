"""The public-log line of the verify page on the oldest engine it supports (Chromium 64):
TextEncoder, WebCrypto SHA-256 and ECDSA, and ES2017 only."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from oldengines_support import launch
from support_tlog import make_site

LOG = "document.getElementById('verdict').getAttribute('data-log')"
VERDICT = "document.getElementById('verdict').getAttribute('data-verdict')"
TEXT = "document.getElementById('verdict').innerText"


def test_chromium_64_checks_the_proof_and_signature(static_server: Any, tmp_path: Path) -> None:
    tokens = {  # each site has its own plaque key, so its own token
        "signed": make_site(tmp_path / "signed", signed=True)["good"],
        "tampered": make_site(tmp_path / "tampered", signed=True, tamper=1)["good"],
        "unsigned": make_site(tmp_path / "unsigned", signed=False)["good"],
    }
    server = static_server(tmp_path)
    states, verdicts = {}, {}
    with launch("64", tmp_path / "profile") as browser, browser.tab() as tab:
        for case, digits in tokens.items():
            tab.goto(f"{server.url}/{case}/v/#{digits}")
            states[case] = (tab.wait_for(LOG), tab.evaluate(TEXT))
            verdicts[case] = tab.evaluate(VERDICT)
            tab.evaluate("localStorage.clear()")
        assert tab.exceptions == []
    assert set(verdicts.values()) == {"valid"}
    assert states["signed"][0] == "signed"
    assert "已记入公开日志第 4 条。" in states["signed"][1]
    assert states["tampered"][0] == "none"
    assert "公开日志" not in states["tampered"][1]
    assert states["unsigned"][0] == "unsigned"
    assert "未签名" in states["unsigned"][1]
