"""The public log's test helpers: the files a build writes for the log, and a small site
for the verify page with a log of six entries."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from dataclasses import replace
from pathlib import Path
from typing import Any

from shifan.assessment import assess
from shifan.model import Loc
from shifan.signing.crypto import SigningKey
from shifan.site.api import api_files
from shifan.tlog.entries import LogEntry, canonical_line, token_sha256
from shifan.tlog.note import ORIGIN, Checkpoint, LogKey
from shifan.tlog.proofs import record_proofs
from shifan.tlog.publish import site_files
from verifypage_support import PAGE_SRC, mint, new_key, unit_doc

TODAY = "2026-12-01"


def publish(repo: Path, out: Path, signer: SigningKey | None = None) -> Path:
    """What a build writes for the log: the status documents and log/ (MkDocs not needed)."""
    a = assess(repo / "registry", None, dt.date.fromisoformat(TODAY))
    assert a.ok, a.errors
    assert a.log is not None
    for rel, data in {**api_files(a, site_url="/"), **site_files(a.log, signer)}.items():
        path = out / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    return out


UID = "ZZ-ENT-0042"


def entry(seq: int, **fields: Any) -> LogEntry:
    line = canonical_line({"seq": seq, **fields})
    return LogEntry(seq, line, json.loads(line), Loc("log/entries.jsonl", seq))


def make_site(
    root: Path,
    *,
    signed: bool,
    forge_signature: bool = False,
    tamper: int | None = None,
    publish_key: bool = True,
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
    if publish_key:  # a roster whose bureau has not made a log key yet publishes none
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
