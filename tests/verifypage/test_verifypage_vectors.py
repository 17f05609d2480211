"""The shared vectors (tests/vectors/tokens.json): the page and `shifan verify` agree on each."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from shifan.documents import StatusDocument, status_from_json
from shifan.model import Loc
from shifan.signing.keys import parse_key
from shifan.signing.token import Token
from shifan.signing.verify import verify_token
from verifypage_support import VECTOR_CASES, Recorded, site_for, wait_verdict

CASES = VECTOR_CASES


def python_verdict(case: Mapping[str, Any]) -> str:
    keys = [parse_key(json.dumps(jwk), Loc("vector")) for jwk in case["keys"]["keys"]]
    status: Mapping[str, Any] | None = case["status"]

    def lookup(token: Token) -> StatusDocument | None:
        return status_from_json(status, "vector") if status is not None else None

    verdict = verify_token(case["digits"], keys, lookup, dt.date.fromisoformat(case["today"]))
    return verdict.info.page_name


def test_vectors_cover_every_signed_verdict() -> None:
    expected = {case["expected"] for case in CASES.values()}
    assert expected >= {
        "valid",
        "overdue",
        "revoked",
        "voided",
        "forged",
        "unknown-key",
        "compromised-key",
        "malformed",
        "not-on-record",
    }


@pytest.mark.browser
@pytest.mark.parametrize("name", sorted(CASES))
def test_page_and_python_agree_on_vector(
    name: str, vp_page: Recorded, static_server: Any, tmp_path: Path
) -> None:
    case = CASES[name]
    server = static_server(site_for(case, tmp_path))
    vp_page.page.goto(f"{server.url}/v/#{case['digits']}")
    page_verdict = wait_verdict(vp_page.page)
    assert page_verdict == case["expected"]
    assert python_verdict(case) == case["expected"]
    assert vp_page.page.get_attribute("#verdict", "role") == "status"
    # the token never reaches the server; nothing goes to another host; no CSP violation
    if case["digits"]:
        sent = [urlsplit(u)._replace(scheme="", netloc="").geturl() for u in vp_page.requests]
        assert not [u for u in sent if case["digits"] in u or "#" in u]
        assert not [p for p in server.paths if case["digits"] in p]
    assert {urlsplit(u).netloc for u in vp_page.requests} == {urlsplit(server.url).netloc}
    assert not [m for m in vp_page.console if "Content Security Policy" in m]
