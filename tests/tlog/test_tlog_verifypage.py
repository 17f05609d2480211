"""The verify page's "recorded in the public log as entry N" line, in real Chromium.

The page checks the plaque's leaf (record, serial, token hash), its RFC 9162 inclusion proof
with WebCrypto SHA-256, and the checkpoint's ECDSA signature (signed-note type 0x02, DER)
with /log/key.json. A tampered proof, leaf or signature shows no line at all.
"""

from __future__ import annotations

import json
import shutil
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from shifan.model import Loc
from shifan.signing.crypto import SigningKey
from shifan.tlog.entries import LogEntry, canonical_line, token_sha256
from shifan.tlog.note import ORIGIN, Checkpoint, LogKey
from shifan.tlog.proofs import record_proofs
from verifypage_support import PAGE_SRC, mint, new_key, open_recorded, unit_doc, wait_verdict

UID = "ZZ-ENT-0042"


def entry(seq: int, **fields: Any) -> LogEntry:
    line = canonical_line({"seq": seq, **fields})
    return LogEntry(seq, line, json.loads(line), Loc("log/entries.jsonl", seq))


def make_site(
    root: Path, *, signed: bool, forge_signature: bool = False, tamper: int | None = None
) -> dict[str, str]:
    """A site with 6 log entries, three of them the unit's; returns its tokens by case."""
    shutil.copytree(PAGE_SRC, root / "v")
    plaque_key = new_key(1)
    (root / "keys.json").write_text(json.dumps({"keys": [plaque_key.jwk()]}), encoding="utf-8")
    good = mint(plaque_key, serial=42, subject=UID)
    other = mint(plaque_key, serial=42, subject=UID, awarded="2024-05-11")  # not the logged one
    entries = (
        entry(1, record="GS-2024-01", event="notice_opened", date="2024-04-01"),
        entry(2, record=UID, event="awarded", date="2024-05-10", document="郑商务〔2024〕1号"),
        entry(3, record="ZZ-ENT-0001", event="awarded", date="2024-05-10", document="x"),
        entry(4, record=UID, event="plaque_issued", date="2024-06-01", serial=42, kid="1",
              form="plaque", token_sha256=token_sha256(good)),
        entry(5, record="GS-2024-01", event="notice_closed", date="2024-05-10", document="x"),
        entry(6, record=UID, event="review", date="2026-05-01", result="passed", document="y"),
    )  # fmt: skip
    root_hash, proofs = record_proofs(entries)
    proof = proofs[UID]
    doc = unit_doc(UID, name="郑州某某网络科技有限公司", serial=42)
    doc["log"] = {
        "tree_size": proof.tree_size,
        "root_hash": proof.root_hash,
        "entries": [{"seq": e.seq, "leaf": e.leaf, "proof": list(e.proof)} for e in proof.entries],
    }
    if tamper is not None:  # one hash of the plaque entry's proof replaced by another
        path = doc["log"]["entries"][1]["proof"]
        path[tamper] = path[(tamper + 1) % len(path)]
    api = root / "api" / "units"
    api.mkdir(parents=True)
    (api / f"{UID}.json").write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    log_key = SigningKey.generate()
    (root / "log").mkdir()
    (root / "log" / "key.json").write_text(
        json.dumps(LogKey(ORIGIN, log_key.public_key()).to_json()), encoding="utf-8"
    )
    checkpoint = Checkpoint(ORIGIN, len(entries), root_hash)
    if signed:
        checkpoint = checkpoint.signed(log_key)
    if forge_signature:  # the right key ID, a signature altered in its last byte
        (name, sig), *_ = checkpoint.signatures
        checkpoint = replace(checkpoint, signatures=((name, sig[:-1] + bytes([sig[-1] ^ 1])),))
    (root / "log" / "checkpoint").write_text(checkpoint.text(), encoding="utf-8")
    return {"good": good, "other-token": other}


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
