"""The site's static JSON API and CSV exports, exactly as `docs/api.md` specifies.

Pure: `api_files` and `csv_files` return `{site path: bytes}`; the MkDocs plugin writes them.
Status is derived by `shifan.status` as of the build's `today`, never stored.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any
from urllib.parse import urlsplit

from shifan.model import (
    ENTERPRISE_CLASS_LABELS,
    KIND_LABELS,
    LEVEL_LABELS,
    REVOCATION_LABELS,
    VOID_LABELS,
    Event,
    Figure,
    Notice,
    Roster,
    Unit,
)
from shifan.signing.checkcode import check_code
from shifan.site.encode import Cell, csv_bytes, json_bytes
from shifan.status import (
    PlaqueState,
    State,
    Status,
    figure_status,
    notice_end,
    plaques_of,
    unit_status,
)
from shifan.workdays import UnknownCalendarYear, WorkCalendar

FIGURE_KIND_LABEL = "电子商务领军人物"
NOTICE_OPEN, NOTICE_CLOSED = "open", "closed"
NOTICE_STATE_LABELS = {NOTICE_OPEN: "公示中", NOTICE_CLOSED: "已结束"}


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day is not None else None


def site_path(site_url: str, path: str) -> str:
    """The absolute path of a site page, honouring a site URL with a sub-path.

    `("https://x.org/reg/", "units/A/")` → `/reg/units/A/`; the verify page fetches these on
    its own origin, so they carry no scheme or host.
    """
    base = urlsplit(site_url).path.rstrip("/")
    return f"{base}/{path.lstrip('/')}"


def _plaque_json(plaque: PlaqueState) -> dict[str, Any]:
    voided = None
    if plaque.voided_on is not None:
        reason = plaque.void_reason
        voided = {
            "date": _iso(plaque.voided_on),
            "reason": reason.value if reason is not None else None,
            "reason_label": VOID_LABELS[reason] if reason is not None else None,
        }
    return {
        "serial": plaque.serial,
        "check_code": check_code(plaque.serial),
        "form": plaque.form.value,
        "kid": plaque.kid,
        "issued_on": _iso(plaque.issued_on),
        "status": "active" if plaque.active else "voided",
        "voided": voided,
    }


def _status_json(status: Status) -> dict[str, Any]:
    """The status fields shared by units and figures."""
    notice = None
    if status.state is State.IN_NOTICE and status.notice_id is not None:
        notice = {"id": status.notice_id, "ends": _iso(status.notice_end)}
    revoked = None
    if status.revoked_on is not None:
        reason = status.revoke_reason
        revoked = {
            "date": _iso(status.revoked_on),
            "reason": reason.value if reason is not None else None,
            "reason_label": REVOCATION_LABELS[reason] if reason is not None else None,
            "document": status.revoke_document,
        }
    return {
        "status": status.state.value,
        "status_label": status.label,
        "awarded_on": _iso(status.awarded_on),
        "award_document": status.award_document,
        "next_review_due": _iso(status.next_review_due),
        "overdue_since": _iso(status.overdue_since),
        "notice": notice,
        "revoked": revoked,
        "barred_until": _iso(status.barred_until),
    }


def unit_document(
    unit: Unit, roster: Roster, cal: WorkCalendar, today: dt.date, *, site_url: str
) -> dict[str, Any]:
    """`/api/units/<id>.json`: what the verify page shows about a unit."""
    district = roster.districts.get(unit.district)
    cls = unit.enterprise_class
    doc: dict[str, Any] = {
        "id": unit.id,
        "name": unit.name,
        "kind": unit.kind.value,
        "kind_label": KIND_LABELS[unit.kind],
        "enterprise_class": cls.value if cls is not None else None,
        "enterprise_class_label": ENTERPRISE_CLASS_LABELS[cls] if cls is not None else None,
        "level": unit.level.value,
        "level_label": LEVEL_LABELS[unit.level],
        "district": unit.district,
        "district_name": district.name if district is not None else None,
        "credit_code": unit.credit_code,
        **_status_json(unit_status(unit, roster, cal, today)),
        "plaques": [_plaque_json(p) for p in plaques_of(unit.events, today=today)],
        "as_of": today.isoformat(),
        "url": site_path(site_url, f"units/{unit.id}/"),
    }
    return doc


def _affiliation(figure: Figure, roster: Roster) -> str | None:
    if figure.affiliation is not None:
        return figure.affiliation
    unit = roster.units.get(figure.affiliation_unit) if figure.affiliation_unit else None
    return unit.name if unit is not None else None


def figure_document(
    figure: Figure, roster: Roster, cal: WorkCalendar, today: dt.date, *, site_url: str
) -> dict[str, Any]:
    """`/api/figures/<id>.json`: a unit document's shape where it applies, plus the citation."""
    return {
        "id": figure.id,
        "name": figure.name,
        "kind": "figure",
        "kind_label": FIGURE_KIND_LABEL,
        "affiliation": _affiliation(figure, roster),
        "affiliation_unit": figure.affiliation_unit,
        "field_of_work": figure.field_of_work,
        "year": figure.year,
        "citation": figure.citation,
        **_status_json(figure_status(figure, roster, cal, today)),
        "plaques": [_plaque_json(p) for p in plaques_of(figure.events, today=today)],
        "as_of": today.isoformat(),
        "url": site_path(site_url, f"figures/{figure.id}/"),
    }


def notice_ends(notice: Notice, cal: WorkCalendar) -> dt.date | None:
    """The notice's last day, or None when its period runs into an unknown calendar year."""
    try:
        return notice_end(notice, cal)
    except UnknownCalendarYear:
        return None


def notice_state(notice: Notice, cal: WorkCalendar, today: dt.date) -> str:
    """`open` until its last day (inclusive) and while no decision is taken, else `closed`."""
    ends = notice_ends(notice, cal)
    if notice.decision is not None and notice.decision.date <= today:
        return NOTICE_CLOSED
    return NOTICE_OPEN if ends is None or today <= ends else NOTICE_CLOSED


def notice_document(
    notice: Notice, roster: Roster, cal: WorkCalendar, today: dt.date, *, site_url: str
) -> dict[str, Any]:
    """One item of `/api/notices.json`."""
    state = notice_state(notice, cal, today)
    entries = []
    for entry in notice.entries:
        if entry.unit is not None:
            unit = roster.units.get(entry.unit)
            name, url = unit.name if unit else None, f"units/{entry.unit}/"
        else:
            figure = roster.figures.get(entry.figure) if entry.figure else None
            name, url = figure.name if figure else None, f"figures/{entry.figure}/"
        entries.append(
            {
                "unit": entry.unit,
                "figure": entry.figure,
                "name": name,
                "achievements": entry.achievements,
                "url": site_path(site_url, url),
            }
        )
    channel = notice.channel
    decision = notice.decision
    return {
        "id": notice.id,
        "title": notice.title,
        "published": notice.published.isoformat(),
        "working_days": notice.working_days,
        "ends": _iso(notice_ends(notice, cal)),
        "state": state,
        "state_label": NOTICE_STATE_LABELS[state],
        "channel": {
            "department": channel.department,
            "phone": channel.phone,
            "email": channel.email,
            "address": channel.address,
        },
        "entries": entries,
        "objections": [
            {
                "received": o.received.isoformat(),
                "unit": o.unit,
                "figure": o.figure,
                "summary": o.summary,
                "upheld": o.upheld,
                "resolved": _iso(o.resolved),
                "resolution": o.resolution,
            }
            for o in notice.objections
            if o.received <= today
        ],
        "decision": (
            {"date": decision.date.isoformat(), "document": decision.document}
            | {"summary": decision.summary}
            if decision is not None and decision.date <= today
            else None
        ),
        "as_of": today.isoformat(),
        "url": site_path(site_url, f"notices/{notice.id}/"),
    }


def _documents(
    roster: Roster, cal: WorkCalendar, today: dt.date, site_url: str
) -> tuple[list[dict[str, Any]], list[dict[str, Any]], list[dict[str, Any]]]:
    units = [unit_document(u, roster, cal, today, site_url=site_url) for u in _sorted(roster.units)]
    figures = [
        figure_document(f, roster, cal, today, site_url=site_url) for f in _sorted(roster.figures)
    ]
    notices = [
        notice_document(n, roster, cal, today, site_url=site_url)
        for n in _sorted(roster.notices)
        if n.published <= today
    ]
    return units, figures, notices


def _sorted(records: Mapping[Any, Any]) -> list[Any]:
    return [records[key] for key in sorted(records)]


def plaque_documents(roster: Roster, today: dt.date, *, site_url: str) -> dict[int, dict[str, Any]]:
    """`/api/plaques/<serial>.json` by serial: what a check code typed by hand leads to."""
    subjects: list[tuple[str, str, tuple[Event, ...]]] = [
        ("unit", u.id, u.events) for u in _sorted(roster.units)
    ] + [("figure", f.id, f.events) for f in _sorted(roster.figures)]
    docs: dict[int, dict[str, Any]] = {}
    for subject_type, subject, events in subjects:
        folder = "units" if subject_type == "unit" else "figures"
        for plaque in plaques_of(events, today=today):
            docs[plaque.serial] = {
                "serial": plaque.serial,
                "check_code": check_code(plaque.serial),
                "subject": subject,
                "subject_type": subject_type,
                "token": plaque.token,
                "status_url": site_path(site_url, f"api/{folder}/{subject}.json"),
            }
    return dict(sorted(docs.items()))


def api_files(
    roster: Roster, cal: WorkCalendar, today: dt.date, *, site_url: str
) -> dict[str, bytes]:
    """Every JSON file under `api/`, keyed by its path in the site."""
    return _api(roster, today, site_url, *_documents(roster, cal, today, site_url))


def data_files(
    roster: Roster, cal: WorkCalendar, today: dt.date, *, site_url: str
) -> dict[str, bytes]:
    """`api_files` and `csv_files` together, deriving every status once (what a build needs)."""
    docs = _documents(roster, cal, today, site_url)
    return dict(sorted({**_api(roster, today, site_url, *docs), **_csv(roster, *docs)}.items()))


Doc = dict[str, Any]


def _api(
    roster: Roster,
    today: dt.date,
    site_url: str,
    units: list[Doc],
    figures: list[Doc],
    notices: list[Doc],
) -> dict[str, bytes]:
    files: dict[str, bytes] = {}
    for doc in units:
        files[f"api/units/{doc['id']}.json"] = json_bytes(doc)
    for doc in figures:
        files[f"api/figures/{doc['id']}.json"] = json_bytes(doc)
    for serial, plaque in plaque_documents(roster, today, site_url=site_url).items():
        files[f"api/plaques/{serial}.json"] = json_bytes(plaque)
    files["api/units.json"] = json_bytes([_without_plaques(d) for d in units])
    files["api/figures.json"] = json_bytes([_without_plaques(d) for d in figures])
    files["api/notices.json"] = json_bytes(notices)
    return dict(sorted(files.items()))


def _without_plaques(doc: Mapping[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in doc.items() if k != "plaques"}


UNIT_CSV_HEADER = (
    "编号", "名称", "类别", "企业类型", "级别", "县(市、区)", "统一社会信用代码", "状态",
    "授牌日期", "授牌文号", "下次复审", "复审逾期自", "撤销日期", "撤销原因", "撤销文号",
    "地址", "网站", "页面",
)  # fmt: skip
FIGURE_CSV_HEADER = ("编号", "姓名", "单位", "领域", "年度", "状态", "事迹", "页面")
NOTICE_CSV_HEADER = (
    "公示编号", "标题", "发布日期", "截止日期", "公示状态", "对象编号", "对象名称",
    "主要工作业绩", "决定文号", "页面",
)  # fmt: skip


def csv_files(
    roster: Roster, cal: WorkCalendar, today: dt.date, *, site_url: str
) -> dict[str, bytes]:
    """`downloads/units.csv`, `downloads/figures.csv`, `downloads/notices.csv`."""
    return _csv(roster, *_documents(roster, cal, today, site_url))


def _csv(
    roster: Roster, units: list[Doc], figures: list[Doc], notices: list[Doc]
) -> dict[str, bytes]:
    unit_rows: list[list[Cell]] = []
    for doc in units:
        unit = roster.units[doc["id"]]
        revoked = doc["revoked"] or {}
        unit_rows.append(
            [
                doc["id"], doc["name"], doc["kind_label"], doc["enterprise_class_label"],
                doc["level_label"], doc["district_name"] or doc["district"], doc["credit_code"],
                doc["status_label"], doc["awarded_on"], doc["award_document"],
                doc["next_review_due"], doc["overdue_since"], revoked.get("date"),
                revoked.get("reason_label"), revoked.get("document"), unit.address, unit.website,
                doc["url"],
            ]
        )  # fmt: skip
    figure_rows: list[list[Cell]] = [
        [
            d["id"], d["name"], d["affiliation"], d["field_of_work"], d["year"],
            d["status_label"], d["citation"], d["url"],
        ]
        for d in figures
    ]  # fmt: skip
    notice_rows: list[list[Cell]] = []
    for n in notices:
        decision = n["decision"] or {}
        for entry in n["entries"]:
            notice_rows.append(
                [
                    n["id"], n["title"], n["published"], n["ends"], n["state_label"],
                    entry["unit"] or entry["figure"], entry["name"], entry["achievements"],
                    decision.get("document"), n["url"],
                ]
            )  # fmt: skip
    return {
        "downloads/figures.csv": csv_bytes(FIGURE_CSV_HEADER, figure_rows),
        "downloads/notices.csv": csv_bytes(NOTICE_CSV_HEADER, notice_rows),
        "downloads/units.csv": csv_bytes(UNIT_CSV_HEADER, unit_rows),
    }
