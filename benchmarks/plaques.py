"""Issue, verify and render plaques for a synthetic 10,000-unit roster.

    .venv/bin/python -m benchmarks.plaques [--count 10000] [--workers 2]

Issue = build the payload, ES256-sign it with a throwaway key, self-verify and encode it to
digits (what `shifan plaque issue` does per unit besides reading and writing the record).
Verify = `shifan.signing.verify.verify_token` against the key set and a status document per unit.
Render = artwork's plaque SVG for each issued token (`shifan.plaques.artwork`). Goal: issue
plus render ≤ 20 s on 2 cores. Also prints the QR version histogram (level Q) of the real,
signed tokens for a 32-character site address.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import time
from collections.abc import Mapping
from concurrent.futures import ProcessPoolExecutor
from typing import Any

from benchmarks.qr_histogram import CODES, SITE_32, render_batch, show, synthetic_name
from shifan.documents import StatusDocument, status_from_json
from shifan.model import EnterpriseClass, Kind, Level, PlaqueForm
from shifan.plaques.qr import qr_version_histogram
from shifan.signing.checkcode import check_code
from shifan.signing.crypto import SigningKey
from shifan.signing.keys import KeyRecord, KeyStatus
from shifan.signing.token import Token, encode_payload, seal
from shifan.signing.verify import VerdictCode, verify_token

TODAY = dt.date(2026, 11, 27)


def issue_all(key: SigningKey, record: KeyRecord, count: int, rng: random.Random) -> list[Token]:
    issued = []
    for serial in range(1, count + 1):
        kind = rng.choice(list(CODES))
        payload = encode_payload(
            form=PlaqueForm.PLAQUE,
            kid=int(record.kid),
            serial=serial,
            kind=kind,
            enterprise_class=rng.choice(list(EnterpriseClass)) if kind is Kind.ENTERPRISE else None,
            level=Level.MUNICIPAL,
            awarded=dt.date(2025, 6, 24),
            valid_until=dt.date(2027, 6, 24),
            subject=f"ZZ-{CODES[kind]}-{serial:04d}",
        )
        token = seal(payload, key.sign)
        if not record.public.verify(token.signature, token.signed_input):
            raise SystemExit("self-verification failed")
        token.to_digits()
        issued.append(token)
    return issued


def status_doc(token: Token) -> dict[str, Any]:
    return {
        "id": token.subject,
        "kind": token.kind,
        "level": token.level,
        "status": "awarded",
        "revoked": None,
        "plaques": [
            {
                "serial": token.serial,
                "check_code": check_code(token.serial),
                "kid": str(token.kid),
                "issued_on": "2025-07-08",
                "status": "active",
                "voided": None,
            }
        ],
        "as_of": TODAY.isoformat(),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--count", type=int, default=10_000)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    rng = random.Random(54)
    key = SigningKey.generate()
    record = KeyRecord(
        kid="1", public=key.public_key(), status=KeyStatus.ACTIVE, not_before=dt.date(2025, 1, 1)
    )

    start = time.perf_counter()
    issued = issue_all(key, record, args.count, rng)
    t_issue = time.perf_counter() - start
    print(f"issue {args.count} tokens (encode, sign, self-verify): {t_issue:.2f} s "
          f"({1000 * t_issue / args.count:.3f} ms each)")  # fmt: skip

    digits = [token.to_digits() for token in issued]
    docs: Mapping[str, dict[str, Any]] = {t.subject: status_doc(t) for t in issued}

    def lookup(token: Token) -> StatusDocument | None:
        doc = docs.get(token.subject)
        return status_from_json(doc, "benchmark") if doc is not None else None

    start = time.perf_counter()
    verdicts = [verify_token(d, [record], lookup, TODAY) for d in digits]
    t_verify = time.perf_counter() - start
    valid = sum(1 for v in verdicts if v.code is VerdictCode.VALID)
    print(f"verify {args.count} tokens: {t_verify:.2f} s ({valid} valid)")

    show("QR versions (level Q, 32-character site address)", qr_version_histogram(digits, SITE_32))

    jobs = [(d, synthetic_name(rng)) for d in digits]
    start = time.perf_counter()
    if args.workers > 1:
        chunks = [jobs[i :: args.workers] for i in range(args.workers)]
        with ProcessPoolExecutor(args.workers) as pool:
            size = sum(pool.map(render_batch, chunks))
    else:
        size = render_batch(jobs)
    t_render = time.perf_counter() - start
    print(f"render {args.count} plaque SVGs ({args.workers} processes): {t_render:.2f} s "
          f"({size / args.count / 1024:.1f} KiB each)")  # fmt: skip
    total = t_issue + t_render
    verdict = "within" if total <= 20 else "OVER"
    print(f"issue + render: {total:.2f} s ({verdict} the 20 s goal)")


if __name__ == "__main__":
    main()
