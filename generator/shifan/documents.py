"""The public documents (docs/api.md) as frozen, typed records, built from the assessment.

`unit_document`/`figure_document`/`notice_document`/`plaque_lookup` build them; `to_json`
is the one serialiser; `parse_status` is the one typed reader (what `shifan verify --status`
reads back from a site). The JSON API, the CSV exports and the local verifier all use these
records, so they show the same facts.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from shifan.errors import ShifanError
from shifan.model import (
    ENTERPRISE_CLASS_LABELS,
    KIND_LABELS,
    LEVEL_LABELS,
    REVOCATION_LABELS,
    VOID_LABELS,
    Figure,
    Notice,
    Unit,
)
from shifan.signing.checkcode import check_code
from shifan.status import STANDING_LABELS, PlaqueState, Standing, State, Status

if TYPE_CHECKING:
    from shifan.assessment import Assessment

FIGURE_KIND_LABEL = "电子商务领军人物"
STANDING_JSON: Mapping[Standing, str] = {
    Standing.VALID: "active",
    Standing.VOIDED: "voided",
    Standing.WITHDRAWN: "withdrawn",
    Standing.SUPERSEDED: "superseded",
}
PLAQUE_STATUSES = frozenset(STANDING_JSON.values())
PLAQUE_STATUS_LABELS: Mapping[str, str] = {
    STANDING_JSON[standing]: label for standing, label in STANDING_LABELS.items()
}
FORM_LABELS: Mapping[str, str] = {"plaque": "牌匾", "certificate": "证书"}
STANDING_REASON_LABELS: Mapping[Standing, str] = {
    Standing.WITHDRAWN: "称号已撤销，牌匾/证书收回",
    Standing.SUPERSEDED: "撤销前颁发；重新授牌后以新牌匾/证书为准",
}
MAX_DOCUMENT_BYTES = 1_000_000


class BadDocument(ShifanError):
    """A status document that is not what docs/api.md describes."""


def site_path(site_url: str, path: str) -> str:
    """The absolute path of a site page, honouring a site URL with a sub-path.

    `("https://x.org/reg/", "units/A/")` → `/reg/units/A/`; the verify page fetches these on
    its own origin, so they carry no scheme or host.
    """
    base = urlsplit(site_url).path.rstrip("/")
    return f"{base}/{path.lstrip('/')}"


# ---------------------------------------------------------------------------- records


@dataclass(frozen=True)
class Ended:
    """Why a plaque no longer stands: its void, or the revocation that withdrew it."""

    date: dt.date | None
    reason: str | None
    reason_label: str | None


@dataclass(frozen=True)
class PlaqueEntry:
    serial: int
    kid: str | None
    issued_on: dt.date | None
    status: str  # one of PLAQUE_STATUSES
    voided: Ended | None  # for every status but `active`
    form: str = "plaque"

    @property
    def check_code(self) -> str:
        return check_code(self.serial) if self.serial >= 1 else str(self.serial)

    @property
    def active(self) -> bool:
        return self.status == "active"


@dataclass(frozen=True)
class Revocation:
    date: dt.date | None
    reason: str | None
    reason_label: str | None
    document: str | None


@dataclass(frozen=True)
class NoticeRef:
    id: str
    ends: dt.date | None


@dataclass(frozen=True)
class StatusDocument:
    """What a unit's or figure's status document says (the fields every subject has)."""

    id: str
    name: str
    kind: str
    kind_label: str
    status: str
    status_label: str
    as_of: dt.date
    url: str
    level: str | None = None
    awarded_on: dt.date | None = None
    award_document: str | None = None
    next_review_due: dt.date | None = None
    overdue_since: dt.date | None = None
    notice: NoticeRef | None = None
    revoked: Revocation | None = None
    barred_until: dt.date | None = None
    plaques: tuple[PlaqueEntry, ...] = ()

    def plaque(self, serial: int) -> PlaqueEntry | None:
        return next((p for p in self.plaques if p.serial == serial), None)


@dataclass(frozen=True)
class UnitDocument(StatusDocument):
    level_label: str = ""
    enterprise_class: str | None = None
    enterprise_class_label: str | None = None
    district: str = ""
    district_name: str | None = None
    credit_code: str | None = None
    address: str | None = None  # CSV only
    website: str | None = None  # CSV only


@dataclass(frozen=True)
class FigureDocument(StatusDocument):
    affiliation: str | None = None
    affiliation_unit: str | None = None
    field_of_work: str = ""
    year: int = 0
    citation: str = ""


@dataclass(frozen=True)
class NoticeEntryDoc:
    unit: str | None
    figure: str | None
    name: str | None
    achievements: str
    url: str


@dataclass(frozen=True)
class NoticeDocument:
    id: str
    title: str
    published: dt.date
    working_days: int | None
    ends: dt.date | None
    state: str
    state_label: str
    channel: Mapping[str, str | None]
    entries: tuple[NoticeEntryDoc, ...]
    objections: tuple[Mapping[str, Any], ...]
    decision: Mapping[str, str | None] | None
    as_of: dt.date
    url: str


@dataclass(frozen=True)
class PlaqueLookup:
    """`/api/plaques/<serial>.json`: where a check code typed by hand leads."""

    serial: int
    subject: str
    subject_type: str  # unit | figure
    token: str | None
    status_url: str


# ---------------------------------------------------------------------------- building


def _plaque_entry(plaque: PlaqueState) -> PlaqueEntry:
    ended: Ended | None = None
    if plaque.standing is Standing.VOIDED:
        reason = plaque.void_reason
        ended = Ended(
            plaque.voided_on,
            reason.value if reason is not None else None,
            VOID_LABELS[reason] if reason is not None else None,
        )
    elif plaque.standing is not Standing.VALID:
        ended = Ended(
            plaque.ended_on, plaque.standing.value, STANDING_REASON_LABELS[plaque.standing]
        )
    return PlaqueEntry(
        serial=plaque.serial,
        kid=plaque.kid,
        issued_on=plaque.issued_on,
        status=STANDING_JSON[plaque.standing],
        voided=ended,
        form=plaque.form.value,
    )


def _status_fields(status: Status) -> dict[str, Any]:
    notice = None
    if status.state is State.IN_NOTICE and status.notice_id is not None:
        notice = NoticeRef(status.notice_id, status.notice_end)
    revoked = None
    if status.revoked_on is not None:
        reason = status.revoke_reason
        revoked = Revocation(
            status.revoked_on,
            reason.value if reason is not None else None,
            REVOCATION_LABELS[reason] if reason is not None else None,
            status.revoke_document,
        )
    return {
        "status": status.state.value,
        "status_label": status.label,
        "awarded_on": status.awarded_on,
        "award_document": status.award_document,
        "next_review_due": status.next_review_due,
        "overdue_since": status.overdue_since,
        "notice": notice,
        "revoked": revoked,
        "barred_until": status.barred_until,
    }


def unit_document(a: Assessment, unit: Unit, *, site_url: str) -> UnitDocument:
    district = a.roster.districts.get(unit.district)
    cls = unit.enterprise_class
    return UnitDocument(
        id=unit.id,
        name=unit.name,
        kind=unit.kind.value,
        kind_label=KIND_LABELS[unit.kind],
        level=unit.level.value,
        level_label=LEVEL_LABELS[unit.level],
        enterprise_class=cls.value if cls is not None else None,
        enterprise_class_label=ENTERPRISE_CLASS_LABELS[cls] if cls is not None else None,
        district=unit.district,
        district_name=district.name if district is not None else None,
        credit_code=unit.credit_code,
        address=unit.address,
        website=unit.website,
        plaques=tuple(_plaque_entry(p) for p in a.plaques[unit.id]),
        as_of=a.today,
        url=site_path(site_url, f"units/{unit.id}/"),
        **_status_fields(a.units[unit.id]),
    )


def _affiliation(a: Assessment, figure: Figure) -> str | None:
    if figure.affiliation is not None:
        return figure.affiliation
    unit = a.roster.units.get(figure.affiliation_unit) if figure.affiliation_unit else None
    return unit.name if unit is not None else None


def figure_document(a: Assessment, figure: Figure, *, site_url: str) -> FigureDocument:
    return FigureDocument(
        id=figure.id,
        name=figure.name,
        kind="figure",
        kind_label=FIGURE_KIND_LABEL,
        affiliation=_affiliation(a, figure),
        affiliation_unit=figure.affiliation_unit,
        field_of_work=figure.field_of_work,
        year=figure.year,
        citation=figure.citation,
        plaques=tuple(_plaque_entry(p) for p in a.plaques[figure.id]),
        as_of=a.today,
        url=site_path(site_url, f"figures/{figure.id}/"),
        **_status_fields(a.figures[figure.id]),
    )


def status_document(a: Assessment, subject: str, *, site_url: str) -> StatusDocument | None:
    """The status document of a unit or figure, or None if the roster has no such record."""
    record = a.record(subject)
    if isinstance(record, Unit):
        return unit_document(a, record, site_url=site_url)
    if isinstance(record, Figure):
        return figure_document(a, record, site_url=site_url)
    return None


def notice_document(a: Assessment, notice: Notice, *, site_url: str) -> NoticeDocument:
    view = a.notices[notice.id]
    entries = []
    for entry in notice.entries:
        record = a.record(entry.unit or entry.figure or "")
        folder = "units" if entry.unit is not None else "figures"
        entries.append(
            NoticeEntryDoc(
                unit=entry.unit,
                figure=entry.figure,
                name=record.name if record is not None else None,
                achievements=entry.achievements,
                url=site_path(site_url, f"{folder}/{entry.unit or entry.figure}/"),
            )
        )
    channel = notice.channel
    decision = notice.decision
    return NoticeDocument(
        id=notice.id,
        title=notice.title,
        published=notice.published,
        working_days=notice.working_days,
        ends=view.ends,
        state="open" if view.open else "closed",
        state_label=view.label,
        channel={
            "department": channel.department,
            "phone": channel.phone,
            "email": channel.email,
            "address": channel.address,
        },
        entries=tuple(entries),
        objections=tuple(
            {
                "received": o.received,
                "unit": o.unit,
                "figure": o.figure,
                "summary": o.summary,
                "upheld": o.upheld,
                "resolved": o.resolved,
                "resolution": o.resolution,
            }
            for o in notice.objections
            if o.received <= a.today
        ),
        decision=(
            {"date": decision.date.isoformat(), "document": decision.document}
            | {"summary": decision.summary}
            if decision is not None and view.decided
            else None
        ),
        as_of=a.today,
        url=site_path(site_url, f"notices/{notice.id}/"),
    )


def plaque_lookups(a: Assessment, *, site_url: str) -> list[PlaqueLookup]:
    """One per serial ever issued (voided ones included), by serial."""
    found: dict[int, PlaqueLookup] = {}
    for record_id in sorted(a.plaques):
        folder, kind = ("units", "unit") if record_id in a.units else ("figures", "figure")
        for plaque in a.plaques[record_id]:
            found[plaque.serial] = PlaqueLookup(
                serial=plaque.serial,
                subject=record_id,
                subject_type=kind,
                token=plaque.token,
                status_url=site_path(site_url, f"api/{folder}/{record_id}.json"),
            )
    return [found[s] for s in sorted(found)]


# ---------------------------------------------------------------------------- JSON


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


# ---------------------------------------------------------------------------- reading back


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


def documents_of(
    a: Assessment, *, site_url: str
) -> tuple[list[UnitDocument], list[FigureDocument], list[NoticeDocument]]:
    """Every public document of the roster, each list sorted by id."""
    roster = a.roster
    units = [unit_document(a, roster.units[uid], site_url=site_url) for uid in sorted(roster.units)]
    figures = [
        figure_document(a, roster.figures[fid], site_url=site_url) for fid in sorted(roster.figures)
    ]
    notices = [
        notice_document(a, roster.notices[nid], site_url=site_url)
        for nid in sorted(roster.notices)
        if roster.notices[nid].published <= a.today
    ]
    return units, figures, notices
