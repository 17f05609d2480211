"""Helpers for the verify page tests: a small static site (the page, keys.json, status JSON).

The page is the one the build writes (`shifan.site.verify_page`: `site_src/v/` inlined into
one `v/index.html`, the site's key set with it), so every test runs what a phone loads.

Tokens are minted here from docs/token.md with ephemeral keys (an independent encoder, so
the page is checked against the spec rather than against the Python codec it mirrors).
"""

from __future__ import annotations

import base64
import datetime as dt
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import decode_dss_signature

from shifan.site.verify_page import VerifyPageSources, verify_page
from support import REPO

PAGE_SRC = REPO / "site_src" / "v"
EPOCH = dt.date(2000, 1, 1)
WIDTHS = {1: 3, 2: 5, 3: 8, 4: 10, 5: 13, 6: 15}
KINDS = {"park": 0, "enterprise": 1, "training_base": 2, "township": 3, "figure": 4}
LEVELS = {"municipal": 0, "provincial": 1, "national": 2}
AS_OF = "2026-11-27"
DAMM = (
    (0, 3, 1, 7, 5, 9, 8, 6, 4, 2),
    (7, 0, 9, 2, 1, 5, 4, 8, 6, 3),
    (4, 2, 0, 6, 8, 7, 1, 3, 5, 9),
    (1, 7, 5, 0, 9, 8, 3, 4, 2, 6),
    (6, 1, 2, 3, 0, 4, 5, 9, 7, 8),
    (3, 6, 7, 4, 2, 0, 9, 5, 8, 1),
    (5, 8, 6, 9, 7, 2, 0, 1, 3, 4),
    (8, 9, 4, 5, 3, 6, 2, 0, 1, 7),
    (9, 4, 3, 8, 6, 1, 7, 2, 0, 5),
    (2, 5, 8, 1, 4, 3, 6, 7, 9, 0),
)
HOSTILE_NAME = "<img src=x onerror=alert(1)><script>alert(2)</script>郑州&amp;\"'"


def digits_of(data: bytes) -> str:
    """The decimal text form of token bytes (docs/token.md, *Text form*)."""
    out = []
    for start in range(0, len(data), 6):
        chunk = data[start : start + 6]
        out.append(str(int.from_bytes(chunk, "big")).zfill(WIDTHS[len(chunk)]))
    return "".join(out)


def check_code(serial: int) -> str:
    text = str(serial).zfill(6)
    interim = 0
    for ch in text:
        interim = DAMM[interim][int(ch)]
    text += str(interim)
    return "-".join(text[i : i + 3] for i in range(0, len(text), 3))


def _b64(n: int) -> str:
    return base64.urlsafe_b64encode(n.to_bytes(32, "big")).rstrip(b"=").decode()


@dataclass
class Key:
    kid: int
    private: ec.EllipticCurvePrivateKey
    status: str = "active"
    not_before: str = "2020-01-01"
    not_after: str | None = None

    def jwk(self) -> dict[str, Any]:
        numbers = self.private.public_key().public_numbers()
        return {
            "kty": "EC",
            "crv": "P-256",
            "x": _b64(numbers.x),
            "y": _b64(numbers.y),
            "kid": str(self.kid),
            "alg": "ES256",
            "use": "sig",
            "status": self.status,
            "not_before": self.not_before,
            "not_after": self.not_after,
            "compromised_at": "2025-01-01T00:00:00+08:00" if self.status == "compromised" else None,
            "demo": True,
            "label": f"test key {self.kid}",
        }

    def sign(self, body: bytes) -> bytes:
        der = self.private.sign(b"SHIFAN-TOKEN\x00" + body, ec.ECDSA(hashes.SHA256()))
        r, s = decode_dss_signature(der)
        return r.to_bytes(32, "big") + s.to_bytes(32, "big")


def new_key(kid: int, **kw: Any) -> Key:
    return Key(kid=kid, private=ec.generate_private_key(ec.SECP256R1()), **kw)


def token_body(
    *,
    kid: int,
    serial: int,
    subject: str,
    kind: str = "enterprise",
    cls: int = 4,
    level: str = "municipal",
    awarded: str = "2024-05-10",
    valid_until: str | None = "2026-05-10",
    form: int = 0,
    version: int = 1,
) -> bytes:
    """The signed part of a token (every byte before the signature)."""
    days = (dt.date.fromisoformat(awarded) - EPOCH).days
    until = 0xFFFF if valid_until is None else (dt.date.fromisoformat(valid_until) - EPOCH).days
    title = KINDS[kind] << 5 | cls << 2 | LEVELS[level]
    ident = subject.encode("ascii")
    return (
        bytes([version << 4 | form])
        + kid.to_bytes(2, "big")
        + serial.to_bytes(4, "big")
        + bytes([title])
        + days.to_bytes(2, "big")
        + until.to_bytes(2, "big")
        + bytes([len(ident)])
        + ident
    )


def mint(key: Key, **kw: Any) -> str:
    body = token_body(kid=key.kid, **kw)
    return digits_of(body + key.sign(body))


def unit_doc(
    uid: str,
    *,
    name: str,
    serial: int,
    status: str = "awarded",
    plaque_status: str = "active",
    kind: str = "enterprise",
    kid: str = "1",
    issued_on: str = "2024-06-01",
) -> dict[str, Any]:
    """A status document in the shape of docs/api.md."""
    labels = {
        "awarded": "有效",
        "review_due": "待复审",
        "review_overdue": "逾期未复审",
        "revoked": "已撤销",
    }
    return {
        "id": uid,
        "name": name,
        "kind": kind,
        "kind_label": "电子商务示范企业",
        "enterprise_class": "service",
        "enterprise_class_label": "服务类",
        "level": "municipal",
        "level_label": "市级",
        "district": "jinshui",
        "district_name": "金水区",
        "credit_code": None,
        "status": status,
        "status_label": labels.get(status, status),
        "awarded_on": "2024-05-10",
        "award_document": "郑商务〔2024〕12号",
        "next_review_due": "2026-05-10",
        "overdue_since": "2026-05-11" if status == "review_overdue" else None,
        "notice": None,
        "revoked": (
            {
                "date": "2026-03-01",
                "reason": "falsified",
                "reason_label": "申报材料弄虚作假",
                "document": "郑商务〔2026〕3号",
            }
            if status == "revoked"
            else None
        ),
        "barred_until": None,
        "plaques": [
            {
                "serial": serial,
                "check_code": check_code(serial),
                "form": "plaque",
                "kid": kid,
                "issued_on": issued_on,
                "status": plaque_status,
                "voided": (
                    {"date": "2025-02-02", "reason": "lost", "reason_label": "遗失"}
                    if plaque_status == "voided"
                    else None
                ),
            }
        ],
        "as_of": AS_OF,
        "url": f"/units/{uid}/",
    }


def install_page(root: Path, keyset: Mapping[str, Any], *, publish: bool = True) -> Path:
    """`root/v/index.html` as the build writes it with `keyset` inlined, and (`publish`) the
    same key set as `root/keys.json`; returns `root`."""
    data = json.dumps(keyset, ensure_ascii=False).encode("utf-8")
    page = root / "v" / "index.html"
    page.parent.mkdir(parents=True, exist_ok=True)
    page.write_text(verify_page(VerifyPageSources.read(PAGE_SRC), data), encoding="utf-8")
    if publish:
        (root / "keys.json").write_bytes(data)
    return root


@dataclass
class VpSite:
    """A served directory laid out like the built site, and the tokens it knows."""

    root: Path
    tokens: dict[str, tuple[str, str]] = field(default_factory=dict)  # name -> (digits, verdict)
    docs: dict[str, dict[str, Any]] = field(default_factory=dict)

    def write_json(self, rel: str, doc: Any) -> None:
        path = self.root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")


def build_test_site(root: Path) -> VpSite:
    """The page plus keys and status documents covering every verdict."""
    site = VpSite(root=root)
    active = new_key(1)
    retired = new_key(2, status="retired", not_before="2018-01-01", not_after="2021-12-31")
    compromised = new_key(3, status="compromised", not_before="2019-01-01")
    stranger = new_key(1)  # same kid, not the published key
    unknown = new_key(9)
    keyset = {"keys": [k.jwk() for k in (active, retired, compromised)], "generated": AS_OF}
    install_page(root, keyset)
    units = {
        "ZZ-ENT-0042": unit_doc("ZZ-ENT-0042", name="郑州某某网络科技有限公司", serial=42),
        "ZZ-PRK-0001": unit_doc(
            "ZZ-PRK-0001", name="郑州某某电商产业园", serial=1, status="review_overdue"
        ),
        "ZZ-ENT-0007": unit_doc("ZZ-ENT-0007", name="郑州某某贸易公司", serial=7, status="revoked"),
        "ZZ-EDU-0003": unit_doc(
            "ZZ-EDU-0003", name="郑州某某培训学校", serial=5, plaque_status="voided"
        ),
        "ZZ-ENT-0013": unit_doc(
            "ZZ-ENT-0013", name="郑州老牌电商有限公司", serial=13, kid="2", issued_on="2020-06-01"
        ),
        "ZZ-ENT-0014": unit_doc(
            "ZZ-ENT-0014", name="郑州晚到电商有限公司", serial=14, kid="2", issued_on="2022-06-01"
        ),
        "ZZ-TWN-0002": unit_doc("ZZ-TWN-0002", name="某某镇人民政府", serial=2, status="withdrawn"),
        "ZZ-ENT-0666": unit_doc("ZZ-ENT-0666", name=HOSTILE_NAME, serial=666),
    }
    for uid, doc in units.items():
        site.write_json(f"api/units/{uid}.json", doc)
        site.docs[uid] = doc
    ok = mint(active, serial=42, subject="ZZ-ENT-0042")
    site.write_json(
        "api/plaques/42.json",
        {
            "serial": 42,
            "check_code": check_code(42),
            "subject": "ZZ-ENT-0042",
            "subject_type": "unit",
            "token": ok,
            "status_url": "/api/units/ZZ-ENT-0042.json",
        },
    )
    body = token_body(kid=1, serial=42, subject="ZZ-ENT-0042")
    tampered = bytearray(body + active.sign(body))
    tampered[6] ^= 0x01  # serial 42 -> 43 after signing
    site.tokens = {
        "valid": (ok, "valid"),
        "overdue": (mint(active, serial=1, subject="ZZ-PRK-0001", kind="park", cls=0), "overdue"),
        "revoked": (mint(active, serial=7, subject="ZZ-ENT-0007"), "revoked"),
        "voided": (
            mint(active, serial=5, subject="ZZ-EDU-0003", kind="training_base", cls=0),
            "voided",
        ),
        "retired-in-window": (
            mint(retired, serial=13, subject="ZZ-ENT-0013", awarded="2020-06-01"),
            "valid",
        ),
        "retired-after-window": (
            mint(retired, serial=14, subject="ZZ-ENT-0014", awarded="2022-06-01"),
            "forged",
        ),
        "withdrawn": (
            mint(active, serial=2, subject="ZZ-TWN-0002", kind="township", cls=0),
            "not-on-record",
        ),
        "no-such-unit": (mint(active, serial=77, subject="ZZ-ENT-0077"), "not-on-record"),
        "unlisted-serial": (mint(active, serial=43, subject="ZZ-ENT-0042"), "not-on-record"),
        "other-key-same-kid": (mint(stranger, serial=42, subject="ZZ-ENT-0042"), "forged"),
        "tampered": (digits_of(bytes(tampered)), "forged"),
        "unknown-key": (mint(unknown, serial=42, subject="ZZ-ENT-0042"), "unknown-key"),
        "compromised-key": (
            mint(compromised, serial=42, subject="ZZ-ENT-0042"),
            "compromised-key",
        ),
        "hostile-name": (mint(active, serial=666, subject="ZZ-ENT-0666"), "valid"),
        "truncated": (ok[:-3], "malformed"),
        "bad-chunk": ("9" * 15 + ok[15:], "malformed"),
        "version-2": (digits_of(bytes([0x20]) + bytes(tampered[1:])), "malformed"),
        "foreign-text": ("hello-world", "malformed"),
        "short": ("123", "malformed"),
    }
    return site


@dataclass
class Recorded:
    """A page in its own browser context, with what it logged and requested."""

    page: Any
    console: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)


def open_recorded(browser: Any, **context_args: Any) -> Recorded:
    context = browser.new_context(**context_args)
    rec = Recorded(page=context.new_page())
    rec.page.on("console", lambda msg: rec.console.append(f"{msg.type}: {msg.text}"))
    rec.page.on("request", lambda req: rec.requests.append(req.url))
    return rec


def wait_verdict(page: Any) -> str:
    """Wait for the page's final verdict and return its name."""
    page.wait_for_selector("#verdict[data-verdict]", timeout=15000)
    verdict: str = page.get_attribute("#verdict", "data-verdict")
    return verdict


# ---------------------------------------------------------------------------- shared vectors

VECTORS = json.loads((REPO / "tests" / "vectors" / "tokens.json").read_text(encoding="utf-8"))
VECTOR_CASES: dict[str, dict[str, Any]] = {case["name"]: case for case in VECTORS["cases"]}
"""The shared test vectors (tests/vectors/tokens.json) by name."""


def site_for(case: Mapping[str, Any], root: Path) -> Path:
    """The page, the case's keys.json and its status document, laid out like the built site."""
    install_page(root, case["keys"])
    status = case["status"]
    if status is not None:
        folder = "figures" if status.get("kind") == "figure" else "units"
        path = root / "api" / folder / f"{status['id']}.json"
        path.parent.mkdir(parents=True)
        path.write_text(json.dumps(status, ensure_ascii=False), encoding="utf-8")
    return root
