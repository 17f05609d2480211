"""The key set: loading with S8xx problems, /keys.json, the /keys/ page."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from shifan.signing.crypto import SigningKey, b64url_encode
from shifan.signing.keys import (
    KeyRecord,
    KeyStatus,
    key_file_text,
    keys_page_markdown,
    keyset_json,
    load_keys,
)

KEY = SigningKey.derive_insecure("test_plaques_keys")


def record(kid: str = "1", **kw: object) -> KeyRecord:
    fields: dict[str, object] = {
        "kid": kid,
        "public": KEY.public_key(),
        "status": KeyStatus.ACTIVE,
        "not_before": dt.date(2024, 1, 1),
    }
    fields.update(kw)
    return KeyRecord(**fields)  # type: ignore[arg-type]


def write(keys: Path, name: str, jwk: object) -> None:
    keys.mkdir(exist_ok=True)
    (keys / name).write_text(json.dumps(jwk) if not isinstance(jwk, str) else jwk, "utf-8")


def test_round_trip_and_published_key_set(tmp_path: Path) -> None:
    keys = tmp_path / "keys"
    keys.mkdir()
    (keys / "1.json").write_text(key_file_text(record(label="密钥一")), encoding="utf-8")
    loaded, problems = load_keys(keys)
    assert problems == []
    assert loaded == [record(label="密钥一", loc=loaded[0].loc)]
    doc = json.loads(keyset_json(loaded, dt.date(2026, 11, 27)))
    assert doc["generated"] == "2026-11-27"
    assert doc["keys"][0]["kid"] == "1"
    assert doc["keys"][0]["alg"] == "ES256"
    assert "d" not in doc["keys"][0]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"d": "x"}, "PRIVATE"),
        ({"kid": "2"}, "named 1.json"),
        ({"status": "lost"}, "status"),
        ({"not_before": "yesterday"}, "not_before"),
        ({"not_after": "2023-01-01"}, "before"),
        ({"status": "retired"}, "not_after"),
        ({"status": "compromised"}, "compromised_at"),
        ({"compromised_at": "2026-01-01T00:00:00"}, "time zone"),
        ({"alg": "RS256"}, "alg"),
        ({"crv": "P-384"}, "P-256"),
        ({"x": b64url_encode(b"\x00" * 32)}, "point"),
        ({"extra": 1}, "unknown members"),
        ({"demo": "yes"}, "demo"),
    ],
)
def test_malformed_keys_are_s803_problems(
    tmp_path: Path, change: dict[str, object], message: str
) -> None:
    jwk = {**json.loads(key_file_text(record())), **change}
    write(tmp_path / "keys", "1.json", jwk)
    loaded, problems = load_keys(tmp_path / "keys")
    assert loaded == []
    assert [p.code for p in problems] == ["S803"]
    assert message in problems[0].message
    assert problems[0].loc.path == "keys/1.json"


def test_other_files_and_two_active_keys(tmp_path: Path) -> None:
    keys = tmp_path / "keys"
    write(keys, "notes.txt", "hello")
    write(keys, "broken.json", "{")
    write(keys, "1.json", key_file_text(record()))
    write(keys, "2.json", key_file_text(record("2")))
    loaded, problems = load_keys(keys)
    assert [k.kid for k in loaded] == ["1", "2"]
    assert sorted(p.code for p in problems) == ["S802", "S803", "S805"]


def test_keys_page_escapes_labels_and_lists_fingerprints() -> None:
    hostile = record(label="<script>alert(1)</script> | [x](javascript:1) *a*")
    compromised = record(
        "3",
        status=KeyStatus.COMPROMISED,
        not_after=dt.date(2025, 1, 1),
        compromised_at=dt.datetime.fromisoformat("2025-01-01T09:00:00+08:00"),
        demo=True,
    )
    page = keys_page_markdown([hostile, compromised])
    assert "<script>" not in page
    assert "&lt;script&gt;" in page
    assert "](javascript" not in page
    assert "\\|" in page
    assert KEY.public_key().thumbprint() in page
    assert "已泄露" in page
    assert "(演示)" in page
    rows = [line for line in page.splitlines() if line.startswith("| ") and "kid" not in line]
    assert all(line.count(" | ") == 5 for line in rows)
