"""The public documents of an assessment: every fact comes from the one judgement."""

from __future__ import annotations

from typing import Any

from shifan.assessment import Assessment
from shifan.documents.records import (
    FIGURE_KIND_LABEL,
    STANDING_JSON,
    STANDING_REASON_LABELS,
    Ended,
    FigureDocument,
    NoticeDocument,
    NoticeEntryDoc,
    NoticeRef,
    PlaqueEntry,
    PlaqueLookup,
    Revocation,
    StatusDocument,
    UnitDocument,
    site_path,
)
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
from shifan.paths import figure_url, notice_url, record_url, status_api, unit_url
from shifan.status import PlaqueState, Standing, State, Status


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
        log=a.log.proof(unit.id) if a.log is not None else None,
        as_of=a.today,
        url=site_path(site_url, unit_url(unit.id)),
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
        log=a.log.proof(figure.id) if a.log is not None else None,
        as_of=a.today,
        url=site_path(site_url, figure_url(figure.id)),
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
        entries.append(
            NoticeEntryDoc(
                unit=entry.unit,
                figure=entry.figure,
                name=record.name if record is not None else None,
                achievements=entry.achievements,
                url=site_path(
                    site_url, record_url(entry.unit or entry.figure or "", figure=not entry.unit)
                ),
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
        url=site_path(site_url, notice_url(notice.id)),
    )


def plaque_lookups(a: Assessment, *, site_url: str) -> list[PlaqueLookup]:
    """One per serial ever issued (voided ones included), by serial."""
    found: dict[int, PlaqueLookup] = {}
    for record_id in sorted(a.plaques):
        figure = record_id not in a.units
        for plaque in a.plaques[record_id]:
            found[plaque.serial] = PlaqueLookup(
                serial=plaque.serial,
                subject=record_id,
                subject_type="figure" if figure else "unit",
                token=plaque.token,
                status_url=site_path(site_url, status_api(record_id, figure=figure)),
            )
    return [found[s] for s in sorted(found)]


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
