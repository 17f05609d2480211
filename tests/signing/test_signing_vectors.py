"""The shared vectors (tests/vectors/tokens.json) verify as recorded, from their JSON alone."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from shifan.documents import StatusDocument, status_from_json
from shifan.model import Loc
from shifan.signing.crypto import PublicKey
from shifan.signing.keys import parse_key
from shifan.signing.token import Token, from_digits, to_digits
from shifan.signing.verify import VERDICTS, verify_token
from support import REPO

VECTORS = json.loads((REPO / "tests" / "vectors" / "tokens.json").read_text(encoding="utf-8"))
CASES = {case["name"]: case for case in VECTORS["cases"]}

# What each case must say, written down independently of the generator.
EXPECTED = {
    "valid": "valid",
    "valid-certificate": "valid",
    "tampered-level": "forged",
    "tampered-serial": "forged",
    "flipped-signature-bit": "forged",
    "flipped-subject-bit": "forged",
    "truncated-byte": "malformed",
    "truncated-digits": "malformed",
    "extended": "malformed",
    "wrong-kid-unknown": "unknown-key",
    "wrong-kid-other-key": "forged",
    "unpublished-key": "unknown-key",
    "retired-key": "valid",
    "retired-key-outside-window": "forged",
    "compromised-key": "compromised-key",
    "revoked-unit": "revoked",
    "voided-plaque": "voided",
    "superseded-plaque": "voided",
    "review-overdue": "overdue",
    "not-on-record": "not-on-record",
    "unknown-version": "malformed",
    "garbage-text": "malformed",
    "empty": "malformed",
    "garbage-digits": "malformed",
    "chunk-overflow": "malformed",
    "foreign-bytes": "malformed",
}


def test_every_case_is_listed_and_every_page_verdict_is_covered() -> None:
    assert set(CASES) == set(EXPECTED)
    assert {info.page_name for info in VERDICTS.values()} <= set(EXPECTED.values())
    assert {case["verdict"] for case in CASES.values()} == {str(code) for code in VERDICTS}


def test_only_public_material() -> None:
    text = (REPO / "tests" / "vectors" / "tokens.json").read_text(encoding="utf-8")
    assert '"d"' not in text
    assert "PRIVATE" not in text


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_case_verifies_as_recorded(name: str) -> None:
    case = CASES[name]
    keys = [parse_key(json.dumps(jwk), Loc("vector")) for jwk in case["keys"]["keys"]]
    status: Mapping[str, Any] | None = case["status"]

    def lookup(token: Token) -> StatusDocument | None:
        return status_from_json(status, "vector") if status is not None else None

    verdict = verify_token(case["digits"], keys, lookup, dt.date.fromisoformat(case["today"]))
    assert verdict.info.page_name == EXPECTED[name] == case["expected"]
    assert str(verdict.code) == case["verdict"]
    assert verdict.exit_code == case["exit_code"]
    if case["fields"] is not None and verdict.token is not None:
        assert verdict.token.subject == case["fields"]["subject"]
        assert verdict.token.signature.hex() == case["fields"]["signature_hex"]


def test_vector_keys_are_valid_public_keys() -> None:
    for jwk in CASES["valid"]["keys"]["keys"]:
        PublicKey.from_jwk(jwk)


@settings(deadline=None, max_examples=60)
@given(st.data())
def test_no_single_bit_flip_or_cut_of_a_valid_vector_is_accepted(data: st.DataObject) -> None:
    case = CASES[data.draw(st.sampled_from(["valid", "valid-certificate", "retired-key"]))]
    keys = [parse_key(json.dumps(jwk), Loc("vector")) for jwk in case["keys"]["keys"]]
    raw = bytearray(from_digits(case["digits"]))
    if data.draw(st.booleans()):
        bit = data.draw(st.integers(0, len(raw) * 8 - 1))
        raw[bit // 8] ^= 0x80 >> (bit % 8)
        mutated = bytes(raw)
    else:
        mutated = bytes(raw[: data.draw(st.integers(0, len(raw) - 1))])

    def lookup(token: Token) -> StatusDocument | None:
        status = case["status"]
        return status_from_json(status, "vector") if status is not None else None

    verdict = verify_token(to_digits(mutated), keys, lookup, dt.date.fromisoformat(case["today"]))
    assert not verdict.info.genuine
