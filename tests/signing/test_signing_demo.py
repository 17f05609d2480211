"""The committed demo plaques: genuine under the published demo keys; no private key anywhere."""

from __future__ import annotations

import collections
import datetime as dt
import json

from shifan.assessment import assess
from shifan.documents import status_document
from shifan.model import Figure, Unit
from shifan.signing.keys import load_keys
from shifan.signing.keyscan import scan_for_private_keys
from shifan.signing.token import Token
from shifan.signing.verify import StatusDoc, VerdictCode, verify_token
from shifan.status import plaques_of
from support import REPO

TODAY = dt.date(2026, 11, 27)


def test_repository_holds_no_private_key_material() -> None:
    assert scan_for_private_keys(REPO) == []
    for path in (REPO / "keys").glob("*.json"):
        assert "d" not in json.loads(path.read_text(encoding="utf-8"))


def test_demo_keys_are_marked_and_valid() -> None:
    keys, problems = load_keys(REPO / "keys")
    assert problems == []
    assert [k.kid for k in keys] == ["1", "2"]
    assert all(k.demo for k in keys)
    assert keys[0].status == "retired"
    assert keys[1].status == "active"


def test_every_demo_plaque_verifies_as_its_story_says() -> None:
    a = assess(REPO / "registry", REPO / "keys", TODAY)
    roster, keys = a.roster, list(a.keys)
    records: list[Unit | Figure] = [*roster.units.values(), *roster.figures.values()]

    def lookup(token: Token) -> StatusDoc | None:
        return status_document(a, token.subject, site_url="/")

    verdicts: dict[tuple[str, int], VerdictCode] = {}
    for record in records:
        for plaque in plaques_of(record.events):
            assert plaque.token is not None
            verdict = verify_token(plaque.token, keys, lookup, TODAY)
            verdicts[(record.id, plaque.serial)] = verdict.code
    counts = collections.Counter(verdicts.values())
    assert sum(counts.values()) >= 45
    assert all(code.value in {"valid", "valid_retired_key", "review_overdue", "revoked", "voided"}
               for code in counts)  # fmt: skip
    assert counts[VerdictCode.VALID] > 0
    assert counts[VerdictCode.VALID_RETIRED_KEY] > 0
    assert counts[VerdictCode.REVOKED] == 2
    assert counts[VerdictCode.VOIDED] == 2
    assert counts[VerdictCode.REVIEW_OVERDUE] == 1
    awarded = [u for u in roster.units.values() if any(e.type == "awarded" for e in u.events)]
    assert {u.id for u in awarded} <= {subject for subject, _ in verdicts}
    assert {f.id for f in roster.figures.values()} <= {subject for subject, _ in verdicts}
