"""Each record's entries with their inclusion proofs, as its status JSON carries them."""

from __future__ import annotations

import base64
from collections.abc import Mapping
from dataclasses import dataclass

from shifan.tlog import merkle
from shifan.tlog.entries import LogEntry


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


@dataclass(frozen=True)
class LogLeaf:
    seq: int  # 1-based entry number; the leaf index is seq - 1
    leaf: str  # the entry's exact line
    proof: tuple[str, ...]  # base64 hashes, RFC 9162 inclusion path


@dataclass(frozen=True)
class LogProof:
    tree_size: int
    root_hash: str  # base64, as in the checkpoint
    entries: tuple[LogLeaf, ...]


def record_proofs(entries: tuple[LogEntry, ...]) -> tuple[bytes, Mapping[str, LogProof]]:
    """The tree's root and, per record id, every entry naming it with its proof."""
    leaves = [merkle.leaf_hash(e.line.encode("utf-8")) for e in entries]
    root, paths = merkle.all_inclusion_paths(leaves)
    by_record: dict[str, list[LogLeaf]] = {}
    for entry, path in zip(entries, paths, strict=True):
        leaf = LogLeaf(entry.seq, entry.line, tuple(b64(h) for h in path))
        by_record.setdefault(str(entry.fields["record"]), []).append(leaf)
    size, root64 = len(entries), b64(root)
    return root, {rid: LogProof(size, root64, tuple(v)) for rid, v in by_record.items()}
