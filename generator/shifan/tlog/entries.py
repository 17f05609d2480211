"""The log's entries: what a public event says, one canonical JSON object per line.

`public_events(roster)` lists every event of the public record as the entry it must have
(award, review, revocation, plaque issued or voided, notice opened or closed); `parse_log`
reads `log/entries.jsonl`; `reconcile` pairs the two and says which events have no entry
and which entries no longer match the roster; `appended` is what `shifan log update` adds.
Pure: the file is read and written by `shifan.tlog.store`.

A line is `json.dumps(obj, ensure_ascii=False, sort_keys=True, separators=(",", ":"))` of an
object with `seq` (1-based, its line number; leaf index = seq - 1), `record`, `event`, `date`
and the event's public facts. A correction never rewrites a line: an entry whose event was
edited away is answered by a later `retracted` entry naming its `seq`.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from shifan.errors import Problem
from shifan.model import Event, Figure, Loc, Roster, Unit
from shifan.rules._common import error

LOGGED_EVENTS = ("awarded", "review", "revoked", "plaque_issued", "plaque_voided")
NOTICE_OPENED, NOTICE_CLOSED, RETRACTED = "notice_opened", "notice_closed", "retracted"
EVENT_KINDS = (*LOGGED_EVENTS, NOTICE_OPENED, NOTICE_CLOSED, RETRACTED)
MAX_LINE_BYTES = 64 * 1024


def canonical_line(obj: Mapping[str, Any]) -> str:
    return json.dumps(obj, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def token_sha256(token: str) -> str:
    """The hex SHA-256 of a plaque token's ASCII digits (the entry binds the exact plaque)."""
    return hashlib.sha256(token.encode("ascii", "replace")).hexdigest()


@dataclass(frozen=True)
class PublicEvent:
    """An event of the public record, as the entry content (without `seq`) it must have."""

    content: str  # canonical JSON without seq
    loc: Loc
    date: str


@dataclass(frozen=True)
class LogEntry:
    seq: int
    line: str  # the exact line (leaf data, UTF-8), without its newline
    fields: Mapping[str, Any]
    loc: Loc

    @property
    def content(self) -> str:
        """The line without `seq`: what an event is matched by."""
        return canonical_line({k: v for k, v in self.fields.items() if k != "seq"})


def _event_fields(record: str, ev: Event) -> dict[str, Any] | None:
    if ev.type not in LOGGED_EVENTS or ev.date is None:
        return None
    out: dict[str, Any] = {"record": record, "event": ev.type, "date": ev.date.isoformat()}
    if ev.type in ("awarded", "review", "revoked", "plaque_voided"):
        out["document"] = ev.document
    if ev.type == "review":
        out["result"] = str(ev.result) if ev.result is not None else None
    if ev.type in ("revoked", "plaque_voided"):
        out["reason"] = ev.reason
    if ev.type in ("plaque_issued", "plaque_voided"):
        out["serial"] = ev.serial
    if ev.type == "plaque_issued":
        out["kid"] = ev.kid
        out["form"] = str(ev.form) if ev.form is not None else "plaque"
        out["token_sha256"] = token_sha256(ev.token) if ev.token else None
    return out


def public_events(roster: Roster) -> list[PublicEvent]:
    """Every event of the public record, in a deterministic order (date, then content)."""
    found: list[tuple[dict[str, Any], Loc]] = []
    records: list[Unit | Figure] = [*roster.units.values(), *roster.figures.values()]
    for record in records:
        for ev in record.events:
            fields = _event_fields(record.id, ev)
            if fields is not None:
                found.append((fields, ev.loc))
    for notice in roster.notices.values():
        opened = {"record": notice.id, "event": NOTICE_OPENED}
        found.append((opened | {"date": notice.published.isoformat()}, notice.loc))
        if notice.decision is not None:
            closed = {"record": notice.id, "event": NOTICE_CLOSED}
            closed |= {"date": notice.decision.date.isoformat()}
            found.append((closed | {"document": notice.decision.document}, notice.decision.loc))
    events = [PublicEvent(canonical_line(f), loc, f["date"]) for f, loc in found]
    return sorted(events, key=lambda e: (e.date, e.content))


def parse_log(text: str, path: str) -> tuple[list[LogEntry], list[Problem]]:
    """The entries of `log/entries.jsonl`; any malformed line is an S820 problem."""
    entries: list[LogEntry] = []
    problems: list[Problem] = []
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    elif text:
        problems.append(_bad(Loc(path, len(lines), 1), "the file does not end in a newline"))
    for number, line in enumerate(lines, start=1):
        loc = Loc(path, number, 1)
        why = _line_problem(line, number)
        if why is not None:
            problems.append(_bad(loc, why))
            continue
        entries.append(LogEntry(number, line, json.loads(line), loc))
    return entries, problems


def _line_problem(line: str, number: int) -> str | None:
    if len(line.encode("utf-8")) > MAX_LINE_BYTES:
        return "the line is too long"
    try:
        obj = json.loads(line)
    except ValueError:
        return "not a JSON object"
    if not isinstance(obj, dict):
        return "not a JSON object"
    if canonical_line(obj) != line:
        return "not in the canonical form (sorted keys, no spaces, raw UTF-8)"
    if obj.get("seq") != number:
        return f"`seq` is {obj.get('seq')!r}, but this is entry {number} (line {number})"
    if obj.get("event") not in EVENT_KINDS or not isinstance(obj.get("record"), str):
        return "an entry needs a known `event` and a `record`"
    if obj["event"] == RETRACTED:
        target = obj.get("retracts")
        if not isinstance(target, int) or isinstance(target, bool) or not 0 < target < number:
            return "a `retracted` entry names an earlier entry's `seq` in `retracts`"
    return None


def _bad(loc: Loc, why: str) -> Problem:
    return error(
        "S820",
        loc,
        f"unreadable log entry: {why}",
        "the log is append-only: restore the file from git; never edit it by hand",
        zh=(f"公开日志条目无法读取：{why}", "公开日志只能追加：从 git 恢复该文件，不要手工修改"),
    )


@dataclass(frozen=True)
class Reconciled:
    unlogged: tuple[PublicEvent, ...]  # events with no live entry
    stale: tuple[LogEntry, ...]  # entries matching no event, not retracted


def reconcile(events: Sequence[PublicEvent], entries: Iterable[LogEntry]) -> Reconciled:
    """Pair events with live (not retracted) entries by content, as multisets."""
    entries = list(entries)
    retracted = {e.fields["retracts"] for e in entries if e.fields.get("event") == RETRACTED}
    live = [e for e in entries if e.fields.get("event") != RETRACTED and e.seq not in retracted]
    wanted = Counter(ev.content for ev in events)
    stale: list[LogEntry] = []
    for entry in live:
        if wanted[entry.content] > 0:
            wanted[entry.content] -= 1
        else:
            stale.append(entry)
    unlogged: list[PublicEvent] = []
    for ev in reversed(events):  # of two equal events, the earlier one counts as logged
        if wanted[ev.content] > 0:
            wanted[ev.content] -= 1
            unlogged.append(ev)
    return Reconciled(tuple(reversed(unlogged)), tuple(stale))


def log_problems(rec: Reconciled) -> list[Problem]:
    """S821 for each event with no entry, S822 for each entry that matches no event."""
    problems = [
        error(
            "S821",
            ev.loc,
            "a public event with no entry in the public log",
            "run `shifan log update` and commit log/entries.jsonl with this change",
            zh=(
                "这项公开事项没有记入公开日志",
                "运行 `shifan log update`，并把 log/entries.jsonl 与本次修改一起提交",
            ),
        )
        for ev in rec.unlogged
    ]
    problems.extend(
        error(
            "S822",
            entry.loc,
            f"log entry {entry.seq} no longer matches the roster (its event changed or went)",
            "run `shifan log update`: it appends a retraction; the entry itself stays",
            zh=(
                f"公开日志第 {entry.seq} 条与名册不再一致（该事项已被修改或删除）",
                "运行 `shifan log update` 追加一条撤回记录；原条目保留，不可改写",
            ),
        )
        for entry in rec.stale
    )
    return problems


def appended(entries: Sequence[LogEntry], rec: Reconciled) -> list[str]:
    """The lines `shifan log update` appends: retractions (by seq), then new events (by date
    and content, as `public_events` orders them)."""
    lines: list[str] = []
    seq = len(entries)
    for entry in sorted(rec.stale, key=lambda e: e.seq):
        seq += 1
        fields = {"seq": seq, "event": RETRACTED, "record": entry.fields["record"]}
        lines.append(canonical_line(fields | {"retracts": entry.seq}))
    for ev in rec.unlogged:
        seq += 1
        lines.append(canonical_line({"seq": seq, **json.loads(ev.content)}))
    return lines
