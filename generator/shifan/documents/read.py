"""Reading a status document back (from a built or published site), strictly typed.

Anything that is not what docs/api.md describes — wrong types, missing fields, nesting deep
enough to exhaust the parser, a file too large — is a `BadDocument` with a clear message.
"""

from __future__ import annotations

import datetime as dt
import json

from shifan.documents.records import (
    PLAQUE_STATUSES,
    Ended,
    NoticeRef,
    PlaqueEntry,
    Revocation,
    StatusDocument,
)
from shifan.errors import ShifanError
from shifan.tlog.proofs import LogLeaf, LogProof

MAX_DOCUMENT_BYTES = 1_000_000


class BadDocument(ShifanError):
    """A status document that is not what docs/api.md describes."""


class _Reader:
    """Typed access to one decoded JSON object, with errors that say where and what."""

    def __init__(self, obj: object, where: str) -> None:
        if not isinstance(obj, dict):
            raise BadDocument(f"{where}: expected a JSON object, found {type(obj).__name__}")
        self.obj: dict[str, object] = obj
        self.where = where

    def _get(self, key: str, types: tuple[type, ...], required: bool) -> object:
        value = self.obj.get(key)
        if value is None:
            if required:
                raise BadDocument(f"{self.where}: `{key}` is missing")
            return None
        if not isinstance(value, types) or (isinstance(value, bool) and bool not in types):
            raise BadDocument(f"{self.where}: `{key}` has the wrong type")
        return value

    def text(self, key: str) -> str:
        value = self._get(key, (str,), True)
        assert isinstance(value, str)
        return value

    def opt_text(self, key: str) -> str | None:
        value = self._get(key, (str,), False)
        return value if isinstance(value, str) else None

    def opt_int(self, key: str) -> int | None:
        value = self._get(key, (int,), False)
        return value if isinstance(value, int) else None

    def date(self, key: str) -> dt.date:
        day = self.opt_date(key)
        if day is None:
            raise BadDocument(f"{self.where}: `{key}` is missing")
        return day

    def opt_date(self, key: str) -> dt.date | None:
        text = self.opt_text(key)
        if text is None:
            return None
        try:
            return dt.date.fromisoformat(text)
        except ValueError:
            raise BadDocument(f"{self.where}: `{key}` is not a date (YYYY-MM-DD)") from None

    def opt_obj(self, key: str) -> _Reader | None:
        value = self._get(key, (dict,), False)
        return _Reader(value, f"{self.where}.{key}") if value is not None else None

    def objects(self, key: str) -> list[_Reader]:
        value = self._get(key, (list,), False) or []
        assert isinstance(value, list)
        return [_Reader(v, f"{self.where}.{key}[{i}]") for i, v in enumerate(value)]


def _ended(r: _Reader | None) -> Ended | None:
    if r is None:
        return None
    return Ended(r.opt_date("date"), r.opt_text("reason"), r.opt_text("reason_label"))


def _entry(r: _Reader) -> PlaqueEntry:
    serial = r.opt_int("serial")
    if serial is None:
        raise BadDocument(f"{r.where}: `serial` is missing")
    status = r.text("status")
    if status not in PLAQUE_STATUSES:
        raise BadDocument(f"{r.where}: unknown plaque status {status!r}")
    kid = r.obj.get("kid")
    return PlaqueEntry(
        serial=serial,
        kid=str(kid) if isinstance(kid, str | int) and not isinstance(kid, bool) else None,
        issued_on=r.opt_date("issued_on"),
        status=status,
        voided=_ended(r.opt_obj("voided")),
        form=r.opt_text("form") or "plaque",
    )


def _log(r: _Reader | None) -> LogProof | None:
    """The `log` member: shape only; whether the proofs hold is `shifan.tlog.audit`'s job."""
    if r is None:
        return None
    size = r.opt_int("tree_size")
    if size is None:
        raise BadDocument(f"{r.where}: `tree_size` is missing")
    leaves = []
    for e in r.objects("entries"):
        seq, proof = e.opt_int("seq"), e.obj.get("proof")
        if seq is None or not isinstance(proof, list) or not all(isinstance(h, str) for h in proof):
            raise BadDocument(f"{e.where}: `seq` and a `proof` list of base64 hashes expected")
        leaves.append(LogLeaf(seq, e.text("leaf"), tuple(proof)))
    return LogProof(size, r.text("root_hash"), tuple(leaves))


def parse_status(data: bytes, where: str) -> StatusDocument:
    """Read a status document back (from a built or published site), strictly typed."""
    if len(data) > MAX_DOCUMENT_BYTES:
        raise BadDocument(f"{where}: larger than {MAX_DOCUMENT_BYTES:,} bytes")
    try:
        obj = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError) as exc:
        reason = "nested too deeply" if isinstance(exc, RecursionError) else str(exc)
        raise BadDocument(f"{where}: not a status JSON document: {reason}") from None
    return status_from_json(obj, where)


def status_from_json(obj: object, where: str) -> StatusDocument:
    """A decoded status document, checked field by field."""
    r = _Reader(obj, where)
    revoked = r.opt_obj("revoked")
    notice = r.opt_obj("notice")
    return StatusDocument(
        id=r.text("id"),
        name=r.text("name"),
        kind=r.text("kind"),
        kind_label=r.opt_text("kind_label") or "",
        level=r.opt_text("level"),
        status=r.text("status"),
        status_label=r.opt_text("status_label") or "",
        awarded_on=r.opt_date("awarded_on"),
        award_document=r.opt_text("award_document"),
        next_review_due=r.opt_date("next_review_due"),
        overdue_since=r.opt_date("overdue_since"),
        notice=NoticeRef(notice.text("id"), notice.opt_date("ends")) if notice else None,
        revoked=(
            Revocation(
                revoked.opt_date("date"),
                revoked.opt_text("reason"),
                revoked.opt_text("reason_label"),
                revoked.opt_text("document"),
            )
            if revoked is not None
            else None
        ),
        barred_until=r.opt_date("barred_until"),
        plaques=tuple(_entry(p) for p in r.objects("plaques")),
        log=_log(r.opt_obj("log")),
        as_of=r.date("as_of"),
        url=r.opt_text("url") or "",
    )


def parse_token_of_lookup(data: bytes, where: str) -> str | None:
    """The `token` of an `/api/plaques/<serial>.json` document."""
    try:
        obj = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError):
        raise BadDocument(f"{where}: not a plaque JSON document") from None
    return _Reader(obj, where).opt_text("token")
