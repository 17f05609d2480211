"""Regenerate `tests/vectors/tokens.json`: `python -m benchmarks.make_vectors [OUT]`.

Keys are derived from fixed public seeds (so keys and payloads are stable between runs;
ECDSA signatures are randomised and change every run). Those keys are throwaway test keys:
anyone can re-derive them, so they never sign a real plaque and never appear in `keys/`.
Only public keys and tokens are written.

Each case: `name`, `description`, `digits`, `expected` (the verify page's verdict name),
`verdict` and `exit_code` (the Python verdict and `shifan verify`'s exit status), `today`
(the verifier's date), `keys` (the `/keys.json` document the token is checked against),
`status` (the subject's `/api/units/<id>.json` document, or null), and `fields` (the
decoded token, or null when it does not decode).
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from shifan.documents import StatusDocument, status_from_json
from shifan.model import EnterpriseClass, Level, PlaqueForm
from shifan.signing.checkcode import check_code
from shifan.signing.crypto import SigningKey
from shifan.signing.keys import KeyRecord, KeyStatus, keyset_json
from shifan.signing.token import MalformedToken, Token, encode_payload, parse, seal, to_digits
from shifan.signing.verify import VERDICTS, verify_token

OUT = Path(__file__).resolve().parent.parent / "tests" / "vectors" / "tokens.json"
TODAY = dt.date(2026, 11, 27)
D = dt.date.fromisoformat

_SECRETS = {kid: SigningKey.derive_insecure(f"shifan test vector key {kid}") for kid in "1239"}
KEYS = [
    KeyRecord(
        kid="1",
        public=_SECRETS["1"].public_key(),
        status=KeyStatus.RETIRED,
        not_before=D("2020-01-01"),
        not_after=D("2025-12-31"),
        label="test key 1 (retired)",
    ),
    KeyRecord(
        kid="2",
        public=_SECRETS["2"].public_key(),
        status=KeyStatus.COMPROMISED,
        not_before=D("2025-01-01"),
        not_after=D("2025-12-20"),
        compromised_at=dt.datetime.fromisoformat("2025-12-20T09:00:00+08:00"),
        label="test key 2 (compromised)",
    ),
    KeyRecord(
        kid="3",
        public=_SECRETS["3"].public_key(),
        status=KeyStatus.ACTIVE,
        not_before=D("2026-01-01"),
        label="test key 3 (active)",
    ),
]
KEYS_DOC = json.loads(keyset_json(KEYS, TODAY))

_KIND_LABELS = {
    "park": "电子商务示范园区（基地）",
    "enterprise": "电子商务示范企业",
    "training_base": "电子商务人才教育（培训）示范基地",
    "township": "电子商务示范乡（镇）",
    "figure": "电子商务领军人物",
}


def plaque_entry(
    serial: int,
    kid: str,
    issued_on: str,
    form: str = "plaque",
    voided: Any = None,
    status: str | None = None,
) -> dict[str, Any]:
    return {
        "serial": serial,
        "check_code": check_code(serial),
        "form": form,
        "kid": kid,
        "issued_on": issued_on,
        "status": status or ("voided" if voided else "active"),
        "voided": voided,
    }


def status_doc(
    token: Token,
    *,
    name: str,
    status: str,
    next_review_due: str | None,
    plaques: list[dict[str, Any]],
    overdue_since: str | None = None,
    revoked: Mapping[str, str] | None = None,
) -> dict[str, Any]:
    """A status document in the shape of docs/api.md (fields the verifier reads, and more)."""
    labels = {"awarded": "有效", "review_overdue": "逾期未复审", "revoked": "已撤销"}
    folder = "figures" if token.kind == "figure" else "units"
    return {
        "id": token.subject,
        "name": name,
        "kind": token.kind,
        "kind_label": _KIND_LABELS[token.kind],
        "enterprise_class": token.enterprise_class,
        "level": token.level,
        "status": status,
        "status_label": labels.get(status, status),
        "awarded_on": token.awarded.isoformat(),
        "next_review_due": next_review_due,
        "overdue_since": overdue_since,
        "notice": None,
        "revoked": dict(revoked) if revoked else None,
        "barred_until": None,
        "plaques": plaques,
        "as_of": TODAY.isoformat(),
        "url": f"/{folder}/{token.subject}/",
    }


def make(
    kid: str,
    serial: int,
    subject: str,
    *,
    kind: str = "enterprise",
    klass: EnterpriseClass | None = EnterpriseClass.SERVICE,
    level: Level = Level.MUNICIPAL,
    awarded: str = "2025-05-10",
    valid_until: str | None = "2027-05-10",
    form: PlaqueForm = PlaqueForm.PLAQUE,
) -> Token:
    payload = encode_payload(
        form=form,
        kid=int(kid),
        serial=serial,
        kind=kind,
        enterprise_class=klass,
        level=level,
        awarded=D(awarded),
        valid_until=D(valid_until) if valid_until else None,
        subject=subject,
    )
    return seal(payload, _SECRETS[kid].sign)


def fields(token: Token) -> dict[str, Any]:
    return {
        "form": token.form,
        "kid": token.kid,
        "serial": token.serial,
        "kind": token.kind,
        "enterprise_class": token.enterprise_class,
        "level": token.level,
        "awarded": token.awarded.isoformat(),
        "valid_until": token.valid_until.isoformat() if token.valid_until else None,
        "subject": token.subject,
        "signature_hex": token.signature.hex(),
    }


def flip_bit(data: bytes, bit: int) -> bytes:
    out = bytearray(data)
    out[bit // 8] ^= 0x80 >> (bit % 8)
    return bytes(out)


def build_cases() -> list[dict[str, Any]]:
    cases: list[dict[str, Any]] = []

    def add(name: str, description: str, digits: str, status: Mapping[str, Any] | None) -> None:
        def lookup(_token: Token) -> StatusDocument | None:
            return status_from_json(status, "vector") if status is not None else None

        verdict = verify_token(digits, KEYS, lookup, TODAY)
        try:
            decoded: dict[str, Any] | None = fields(parse(digits))
        except MalformedToken:
            decoded = None
        cases.append(
            {
                "name": name,
                "description": description,
                "digits": digits,
                "expected": verdict.info.page_name,
                "verdict": str(verdict.code),
                "exit_code": verdict.exit_code,
                "today": TODAY.isoformat(),
                "keys": KEYS_DOC,
                "status": status,
                "fields": decoded,
            }
        )

    ok = make("3", 42, "ZZ-ENT-0042")
    ok_status = status_doc(
        ok,
        name="郑州某某网络科技有限公司",
        status="awarded",
        next_review_due="2027-05-10",
        plaques=[plaque_entry(42, "3", "2026-06-01")],
    )
    add("valid", "active key, awarded unit, active plaque", ok.to_digits(), ok_status)

    cert = make(
        "3",
        43,
        "ZZ-FIG-0001",
        kind="figure",
        klass=None,
        awarded="2025-12-01",
        valid_until=None,
        form=PlaqueForm.CERTIFICATE,
    )
    cert_status = status_doc(
        cert,
        name="张某某",
        status="awarded",
        next_review_due=None,
        plaques=[plaque_entry(43, "3", "2026-01-15", form="certificate")],
    )
    add(
        "valid-certificate",
        "a figure's certificate (valid_until 0xFFFF)",
        cert.to_digits(),
        cert_status,
    )

    raw = ok.to_bytes()
    tampered = bytearray(raw)
    tampered[7] = (tampered[7] & ~0x03) | 0x02  # municipal → national, signature unchanged
    add("tampered-level", "level byte changed to national", to_digits(bytes(tampered)), ok_status)
    tampered_serial = bytearray(raw)
    tampered_serial[6] ^= 0x01  # serial 42 → 43
    add(
        "tampered-serial",
        "serial changed, signature kept",
        to_digits(bytes(tampered_serial)),
        ok_status,
    )
    add(
        "flipped-signature-bit",
        "one bit of s flipped",
        to_digits(flip_bit(raw, len(raw) * 8 - 3)),
        ok_status,
    )
    add(
        "flipped-subject-bit",
        "one bit of the id flipped",
        to_digits(flip_bit(raw, 13 * 8 + 6)),
        ok_status,
    )
    add("truncated-byte", "last byte of the signature missing", to_digits(raw[:-1]), ok_status)
    add("truncated-digits", "last three digits missing", ok.to_digits()[:-3], ok_status)
    add("extended", "one byte appended", to_digits(raw + b"\x00"), ok_status)

    unknown = bytearray(raw)
    unknown[1:3] = (9).to_bytes(2, "big")
    add(
        "wrong-kid-unknown",
        "kid changed to 9 (not published)",
        to_digits(bytes(unknown)),
        ok_status,
    )
    other = bytearray(raw)
    other[1:3] = (1).to_bytes(2, "big")
    add("wrong-kid-other-key", "kid changed to 1 (another key)", to_digits(bytes(other)), ok_status)
    add(
        "unpublished-key",
        "properly signed by key 9, which keys.json lacks",
        make("9", 42, "ZZ-ENT-0042").to_digits(),
        ok_status,
    )

    old = make(
        "1",
        3,
        "ZZ-PRK-0003",
        kind="park",
        klass=None,
        awarded="2024-06-20",
        valid_until="2026-06-20",
    )
    old_status = status_doc(
        old,
        name="郑州某某电子商务产业园",
        status="awarded",
        next_review_due="2028-06-20",
        plaques=[plaque_entry(3, "1", "2024-07-01")],
    )
    add(
        "retired-key", "retired key 1, plaque issued inside its window", old.to_digits(), old_status
    )
    late = make(
        "1",
        60,
        "ZZ-PRK-0003",
        kind="park",
        klass=None,
        awarded="2024-06-20",
        valid_until="2028-06-20",
    )
    late_status = {**old_status, "plaques": [plaque_entry(60, "1", "2026-03-01")]}
    add(
        "retired-key-outside-window",
        "retired key 1 used after its not_after",
        late.to_digits(),
        late_status,
    )

    bad = make(
        "2",
        21,
        "ZZ-EDU-0007",
        kind="training_base",
        klass=None,
        awarded="2025-02-01",
        valid_until="2027-02-01",
    )
    bad_status = status_doc(
        bad,
        name="郑州某某职业培训学校",
        status="awarded",
        next_review_due="2027-02-01",
        plaques=[plaque_entry(21, "2", "2025-03-01")],
    )
    add("compromised-key", "signed by compromised key 2", bad.to_digits(), bad_status)

    rev = make("3", 44, "ZZ-ENT-0013", awarded="2025-09-01", valid_until="2027-09-01")
    rev_status = status_doc(
        rev,
        name="郑州某某供应链有限公司",
        status="revoked",
        next_review_due=None,
        plaques=[plaque_entry(44, "3", "2026-02-01")],
        revoked={
            "date": "2026-09-15",
            "reason": "falsified",
            "reason_label": "申报材料弄虚作假",
            "document": "郑商务〔2026〕31号",
        },
    )
    add("revoked-unit", "genuine plaque of a revoked unit", rev.to_digits(), rev_status)

    lost = make(
        "3",
        45,
        "ZZ-TWN-0002",
        kind="township",
        klass=None,
        awarded="2025-10-10",
        valid_until="2027-10-10",
    )
    lost_status = status_doc(
        lost,
        name="某某镇人民政府",
        status="awarded",
        next_review_due="2027-10-10",
        plaques=[
            plaque_entry(
                45,
                "3",
                "2026-01-10",
                voided={"date": "2026-08-01", "reason": "lost", "reason_label": "遗失"},
            ),
            plaque_entry(46, "3", "2026-08-02"),
        ],
    )
    add("voided-plaque", "serial 45 voided (lost), replaced by 46", lost.to_digits(), lost_status)

    late_review = make(
        "3",
        47,
        "ZZ-ENT-0021",
        level=Level.PROVINCIAL,
        awarded="2024-03-01",
        valid_until="2026-03-01",
    )
    overdue_status = status_doc(
        late_review,
        name="郑州某某跨境电商有限公司",
        status="review_overdue",
        next_review_due="2026-03-01",
        overdue_since="2026-03-02",
        plaques=[plaque_entry(47, "3", "2026-01-05")],
    )
    add("review-overdue", "genuine, re-review overdue", late_review.to_digits(), overdue_status)

    old_cycle = make("3", 48, "ZZ-ENT-0022", awarded="2025-12-01", valid_until="2027-12-01")
    superseded_status = status_doc(
        old_cycle,
        name="郑州某某供应链管理有限公司",
        status="awarded",
        next_review_due="2028-06-01",
        plaques=[
            plaque_entry(
                48,
                "3",
                "2026-01-05",
                status="superseded",
                voided={"date": "2026-03-01", "reason": "superseded", "reason_label": "撤销前颁发"},
            ),
            plaque_entry(49, "3", "2026-06-10"),
        ],
    )
    add(
        "superseded-plaque",
        "plaque of an award revoked in 2026; the unit was awarded again and holds plaque 49",
        old_cycle.to_digits(),
        superseded_status,
    )
    add("not-on-record", "genuine, but the registry has no such unit", ok.to_digits(), None)

    header = bytearray(raw)
    header[0] = 0x20
    add("unknown-version", "version nibble 2", to_digits(bytes(header)), ok_status)
    add("garbage-text", "not digits", "hello, world", None)
    add("empty", "empty string", "", None)
    add("garbage-digits", "digits of no token length", "1234567", None)
    add("chunk-overflow", "a 15-digit chunk above 2^48", "9" * 15 * 15 + "999", None)
    add("foreign-bytes", "random bytes of a plausible length", to_digits(bytes(range(88))), None)
    return cases


def main(argv: list[str]) -> int:
    out = Path(argv[0]) if argv else OUT
    doc = {
        "format": "shifan-token-vectors/1",
        "spec": "docs/token.md",
        "generator": "python -m benchmarks.make_vectors",
        "verdicts": {
            str(code): {"expected": info.page_name, "exit_code": info.exit_code}
            for code, info in VERDICTS.items()
        },
        "cases": build_cases(),
    }
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(doc, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {len(doc['cases'])} cases to {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
