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
        report.problems.append(
            f"{site}/log/：缺少 {SITE_ENTRIES} 或 {SITE_CHECKPOINT}"
            f"（no {SITE_ENTRIES} or {SITE_CHECKPOINT}）"
        )
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
            f"{SITE_CHECKPOINT}：条目数 {cp.size} 或树根与 {SITE_ENTRIES} 的 {len(entries)} 条不符"
            f"（tree size {cp.size} / root do not match {SITE_ENTRIES}, {len(entries)} entries）"
        )
    _check_signature(site, cp, report, require_signed)
    _check_proofs(site, entries, cp, report)
    if published is not None:
        _check_extends(published, leaves, report)
    return report


def _check_signature(site: Path, cp: Checkpoint, report: Report, require_signed: bool) -> None:
    key_text = _read(site / SITE_KEY, 64 * 1024)
    if not cp.signatures:
        message = "检查点未签名（the checkpoint is unsigned: built without SHIFAN_LOG_KEY）"
        (report.problems if require_signed else report.notes).append(message)
        return
    if key_text is None:
        report.problems.append(
            f"检查点有签名，但网站没有 {SITE_KEY}"
            f"（the checkpoint is signed but the site has no {SITE_KEY}）"
        )
        return
    try:
        key = parse_key(key_text)
    except CryptoError as err:
        report.problems.append(f"{SITE_KEY}: {err.message}")
        return
    if not cp.verified_by(key):
        report.problems.append(
            f"{SITE_CHECKPOINT}：签名与 {SITE_KEY} 不符（the signature does not verify）"
        )
    else:
        report.notes.append(
            f"检查点签名有效：{key.name}，密钥编号 {key.key_id.hex()}（checkpoint signed）"
        )


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
                report.problems.append(f"{path}：不是 JSON 文档（not a JSON document）")
                continue
            if not isinstance(doc, dict):
                report.problems.append(f"{path}：不是状态文档（not a status document）")
                continue
            record = str(doc.get("id"))
            where = status_api(record, figure=figure)
            log = doc.get("log")
            seqs = {e["seq"] for e in log["entries"]} if isinstance(log, dict) else set()
            if seqs != by_record.get(record, set()):
                report.problems.append(
                    f"{where}：其中的日志条目与日志不一致"
                    "（its log entries are not the log's entries of it）"
                )
                continue
            if not isinstance(log, dict):
                continue
            if log.get("tree_size") != cp.size or log.get("root_hash") != root64:
                report.problems.append(
                    f"{where}：包含证明属于另一棵树（its proofs are for another tree）"
                )
                continue
            for item in log["entries"]:
                checked += 1
                if not _proof_holds(item, entries, cp, record):
                    report.problems.append(
                        f"{where}：第 {item['seq']} 条的包含证明不成立"
                        f"（the proof of entry {item['seq']} fails）"
                    )
    report.notes.append(
        f"已核对 {checked} 个包含证明（{checked} inclusion proofs verified against the checkpoint）"
    )


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
        report.notes.append(
            f"{published}：尚未公布日志，无需核对延续（no published log yet; nothing to extend）"
        )
        return
    try:
        old = parse_checkpoint(text)
    except CryptoError as err:
        report.problems.append(f"已公布的检查点：{err.message}")
        return
    new_size = len(leaves)
    if old.size > new_size:
        report.problems.append(
            f"日志变短了：已公布 {old.size} 条，现在 {new_size} 条，历史被改写"
            f"（the log shrank: {old.size} entries published, {new_size} now）"
        )
        return
    if old.size == 0:
        report.notes.append("已公布的日志为空，任何日志都是它的延续（the published log is empty）")
        return
    proof = merkle.consistency_proof(old.size, leaves)
    if not merkle.verify_consistency(old.size, new_size, old.root, merkle.root(leaves), proof):
        report.problems.append(
            f"日志不是已公布日志的延续：前 {old.size} 条不同，历史被改写"
            f"（the log does not extend the published one: its first {old.size} entries differ）"
        )
        return
    report.notes.append(
        f"是已公布日志的延续：{old.size} → {new_size} 条（extends the published log）"
    )


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
