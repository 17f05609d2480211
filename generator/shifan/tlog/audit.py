"""`shifan log verify`: check a built site's log before it is deployed.

1. `log/entries.jsonl` is well formed and `log/checkpoint` is its tree (size and root hash);
2. the checkpoint's signature verifies with the published `log/key.json` (an unsigned
   checkpoint is reported, and is a problem only with `require_signed`);
3. every status document's `log` member: each leaf is the entry at its `seq`, names the
   document's record, and its inclusion proof leads to the checkpoint's root; and every
   record's entries are all there;
4. with a published site (URL or folder): the new tree extends the published one — an RFC
   9162 consistency proof from the published size, made from the new entries, must lead to
   the published root. History rewritten, truncated or forked fails here.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from shifan.errors import CryptoError, ShifanError
from shifan.paths import status_api
from shifan.signing.fetch import Deadline, fetch, read_file
from shifan.tlog import merkle
from shifan.tlog.entries import LogEntry, parse_log
from shifan.tlog.note import Checkpoint, parse_checkpoint, parse_key
from shifan.tlog.publish import SITE_CHECKPOINT, SITE_ENTRIES, SITE_KEY

MAX_ENTRIES_BYTES = 256 * 1024 * 1024


@dataclass
class Report:
    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def _read(path: Path, limit: int = MAX_ENTRIES_BYTES) -> str | None:
    if not path.is_file() or path.is_symlink():
        return None
    if path.stat().st_size > limit:
        raise ShifanError(f"{path}: too large")
    try:
        return path.read_bytes().decode("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ShifanError(f"cannot read {path}: {exc}") from None


def verify_site(site: Path, *, published: str | None, require_signed: bool = False) -> Report:
    report = Report()
    entries_text, note_text = _read(site / SITE_ENTRIES), _read(site / SITE_CHECKPOINT)
    if entries_text is None or note_text is None:
        report.problems.append(f"{site}/log/: no {SITE_ENTRIES} or {SITE_CHECKPOINT}")
        return report
    entries, bad = parse_log(entries_text, SITE_ENTRIES)
    report.problems.extend(f"{p.loc}: {p.message}" for p in bad)
    leaves = [merkle.leaf_hash(e.line.encode("utf-8")) for e in entries]
    root = merkle.root(leaves)
    try:
        cp = parse_checkpoint(note_text)
    except CryptoError as err:
        report.problems.append(f"{SITE_CHECKPOINT}: {err.message}")
        return report
    if (cp.size, cp.root) != (len(entries), root):
        report.problems.append(
            f"{SITE_CHECKPOINT}: tree size {cp.size} / root do not match {SITE_ENTRIES} "
            f"({len(entries)} entries)"
        )
    _check_signature(site, cp, report, require_signed)
    _check_proofs(site, entries, cp, report)
    if published is not None:
        _check_extends(published, leaves, report)
    return report


def _check_signature(site: Path, cp: Checkpoint, report: Report, require_signed: bool) -> None:
    key_text = _read(site / SITE_KEY, 64 * 1024)
    if not cp.signatures:
        message = "the checkpoint is unsigned (built without SHIFAN_LOG_KEY)"
        (report.problems if require_signed else report.notes).append(message)
        return
    if key_text is None:
        report.problems.append(f"the checkpoint is signed but the site has no {SITE_KEY}")
        return
    try:
        key = parse_key(key_text)
    except CryptoError as err:
        report.problems.append(f"{SITE_KEY}: {err.message}")
        return
    if not cp.verified_by(key):
        report.problems.append(f"{SITE_CHECKPOINT}: the signature does not verify with {SITE_KEY}")
    else:
        report.notes.append(f"checkpoint signed by {key.name} (key ID {key.key_id.hex()})")


def _check_proofs(site: Path, entries: list[LogEntry], cp: Checkpoint, report: Report) -> None:
    by_record: dict[str, set[int]] = {}
    for e in entries:
        by_record.setdefault(str(e.fields.get("record")), set()).add(e.seq)
    root64 = base64.b64encode(cp.root).decode("ascii")
    checked = 0
    for folder, figure in (("units", False), ("figures", True)):
        for path in sorted((site / "api" / folder).glob("*.json")):
            try:
                doc = json.loads(path.read_bytes())
            except (OSError, ValueError):
                report.problems.append(f"{path}: not a JSON document")
                continue
            if not isinstance(doc, dict):
                report.problems.append(f"{path}: not a status document")
                continue
            record = str(doc.get("id"))
            where = status_api(record, figure=figure)
            log = doc.get("log")
            seqs = {e["seq"] for e in log["entries"]} if isinstance(log, dict) else set()
            if seqs != by_record.get(record, set()):
                report.problems.append(f"{where}: its log entries are not the log's entries of it")
                continue
            if not isinstance(log, dict):
                continue
            if log.get("tree_size") != cp.size or log.get("root_hash") != root64:
                report.problems.append(f"{where}: its proofs are for another tree")
                continue
            for item in log["entries"]:
                checked += 1
                if not _proof_holds(item, entries, cp, record):
                    report.problems.append(f"{where}: the proof of entry {item['seq']} fails")
    report.notes.append(f"{checked} inclusion proofs verified against the checkpoint")


def _proof_holds(
    item: dict[str, object], entries: list[LogEntry], cp: Checkpoint, rid: str
) -> bool:
    seq, leaf, proof = item.get("seq"), item.get("leaf"), item.get("proof")
    if not isinstance(seq, int) or not isinstance(leaf, str) or not isinstance(proof, list):
        return False
    if not 0 < seq <= len(entries) or entries[seq - 1].line != leaf:
        return False
    if entries[seq - 1].fields.get("record") != rid:
        return False
    try:
        path = [base64.b64decode(str(h), validate=True) for h in proof]
    except ValueError:
        return False
    return merkle.verify_inclusion(
        seq - 1, cp.size, merkle.leaf_hash(leaf.encode("utf-8")), path, cp.root
    )


def _check_extends(published: str, leaves: list[bytes], report: Report) -> None:
    text = _published_checkpoint(published)
    if text is None:
        report.notes.append(f"{published}: no published log yet; nothing to extend")
        return
    try:
        old = parse_checkpoint(text)
    except CryptoError as err:
        report.problems.append(f"published checkpoint: {err.message}")
        return
    new_size = len(leaves)
    if old.size > new_size:
        report.problems.append(
            f"the log shrank: {old.size} entries published, {new_size} now (history rewritten)"
        )
        return
    if old.size == 0:
        report.notes.append("the published log is empty; any log extends it")
        return
    proof = merkle.consistency_proof(old.size, leaves)
    if not merkle.verify_consistency(old.size, new_size, old.root, merkle.root(leaves), proof):
        report.problems.append(
            f"the log does not extend the published one: its first {old.size} entries differ "
            "(history rewritten)"
        )
        return
    report.notes.append(f"extends the published log ({old.size} → {new_size} entries)")


def _published_checkpoint(published: str) -> str | None:
    getter: Callable[[], bytes | None]
    if published.startswith(("http://", "https://")):
        url = published.rstrip("/") + "/" + SITE_CHECKPOINT
        getter = lambda: fetch(url, Deadline())  # noqa: E731
    else:
        getter = lambda: read_file(Path(published) / SITE_CHECKPOINT)  # noqa: E731
    data = getter()
    if data is None:
        return None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        raise ShifanError("the published checkpoint is not UTF-8 text") from None
