"""The one serialiser of the public documents, keys in the order docs/api.md shows them."""

from __future__ import annotations

import datetime as dt
from typing import Any

from shifan.documents.records import (
    FigureDocument,
    NoticeDocument,
    PlaqueEntry,
    PlaqueLookup,
    StatusDocument,
    UnitDocument,
)
from shifan.signing.checkcode import check_code
from shifan.tlog.proofs import LogProof


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day is not None else None


def _plaque_json(p: PlaqueEntry) -> dict[str, Any]:
    voided = None
    if p.voided is not None:
        voided = {
            "date": _iso(p.voided.date),
            "reason": p.voided.reason,
            "reason_label": p.voided.reason_label,
        }
    return {
        "serial": p.serial,
        "check_code": p.check_code,
        "form": p.form,
        "kid": p.kid,
        "issued_on": _iso(p.issued_on),
        "status": p.status,
        "voided": voided,
    }


def _log_json(proof: LogProof | None) -> dict[str, Any] | None:
    if proof is None:
        return None
    return {
        "tree_size": proof.tree_size,
        "root_hash": proof.root_hash,
        "entries": [{"seq": e.seq, "leaf": e.leaf, "proof": list(e.proof)} for e in proof.entries],
    }


def _status_json(doc: StatusDocument) -> dict[str, Any]:
    revoked = doc.revoked
    return {
        "status": doc.status,
        "status_label": doc.status_label,
        "awarded_on": _iso(doc.awarded_on),
        "award_document": doc.award_document,
        "next_review_due": _iso(doc.next_review_due),
        "overdue_since": _iso(doc.overdue_since),
        "notice": (
            {"id": doc.notice.id, "ends": _iso(doc.notice.ends)} if doc.notice is not None else None
        ),
        "revoked": (
            {
                "date": _iso(revoked.date),
                "reason": revoked.reason,
                "reason_label": revoked.reason_label,
                "document": revoked.document,
            }
            if revoked is not None
            else None
        ),
        "barred_until": _iso(doc.barred_until),
    }


def to_json(doc: StatusDocument | NoticeDocument | PlaqueLookup, *, plaques: bool = True) -> Any:
    """The JSON value of a document, keys in the order docs/api.md shows them."""
    if isinstance(doc, PlaqueLookup):
        return {
            "serial": doc.serial,
            "check_code": check_code(doc.serial),
            "subject": doc.subject,
            "subject_type": doc.subject_type,
            "token": doc.token,
            "status_url": doc.status_url,
        }
    if isinstance(doc, NoticeDocument):
        return _notice_json(doc)
    head: dict[str, Any] = {"id": doc.id, "name": doc.name, "kind": doc.kind}
    if isinstance(doc, UnitDocument):
        head |= {
            "kind_label": doc.kind_label,
            "enterprise_class": doc.enterprise_class,
            "enterprise_class_label": doc.enterprise_class_label,
            "level": doc.level,
            "level_label": doc.level_label,
            "district": doc.district,
            "district_name": doc.district_name,
            "credit_code": doc.credit_code,
        }
    elif isinstance(doc, FigureDocument):
        head |= {
            "kind_label": doc.kind_label,
            "affiliation": doc.affiliation,
            "affiliation_unit": doc.affiliation_unit,
            "field_of_work": doc.field_of_work,
            "year": doc.year,
            "citation": doc.citation,
        }
    head |= _status_json(doc)
    if plaques:
        head["plaques"] = [_plaque_json(p) for p in doc.plaques]
        head["log"] = _log_json(doc.log)
    return head | {"as_of": doc.as_of.isoformat(), "url": doc.url}


def _notice_json(doc: NoticeDocument) -> dict[str, Any]:
    return {
        "id": doc.id,
        "title": doc.title,
        "published": doc.published.isoformat(),
        "working_days": doc.working_days,
        "ends": _iso(doc.ends),
        "state": doc.state,
        "state_label": doc.state_label,
        "channel": dict(doc.channel),
        "entries": [
            {
                "unit": e.unit,
                "figure": e.figure,
                "name": e.name,
                "achievements": e.achievements,
                "url": e.url,
            }
            for e in doc.entries
        ],
        "objections": [
            {k: (_iso(v) if isinstance(v, dt.date) else v) for k, v in o.items()}
            for o in doc.objections
        ],
        "decision": dict(doc.decision) if doc.decision is not None else None,
        "as_of": doc.as_of.isoformat(),
        "url": doc.url,
    }
