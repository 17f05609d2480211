"""The site's static JSON API and CSV exports, exactly as `docs/api.md` specifies.

Pure: `data_files` returns `{site path: bytes}`, `iter_data_files` the same files one at a
time; the MkDocs plugin writes them. Every file is
serialised from the typed documents of `shifan.documents`, built from the assessment.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from urllib.parse import urlsplit, urlunsplit

from shifan.assessment import Assessment
from shifan.documents import (
    FORM_LABELS,
    PLAQUE_STATUS_LABELS,
    FigureDocument,
    NoticeDocument,
    UnitDocument,
    documents_of,
    plaque_lookups,
    site_path,
    to_json,
)
from shifan.model import Notice, NoticeId, UnitId
from shifan.paths import plaque_api, status_api
from shifan.site.encode import Cell, csv_bytes, json_bytes
from shifan.site.views import revocation_label

__all__ = ["api_files", "csv_files", "data_files", "iter_data_files", "site_path"]


def api_files(a: Assessment, *, site_url: str) -> dict[str, bytes]:
    """Every JSON file under `api/`, keyed by its path in the site."""
    return _api(a, site_url, *documents_of(a, site_url=site_url))


def csv_files(a: Assessment, *, site_url: str) -> dict[str, bytes]:
    """`downloads/units.csv`, `downloads/figures.csv`, `downloads/notices.csv`."""
    return _csv(a, site_url, *documents_of(a, site_url=site_url))


def data_files(a: Assessment, *, site_url: str) -> dict[str, bytes]:
    """`api_files` and `csv_files` together, from one set of documents."""
    return dict(sorted(iter_data_files(a, site_url=site_url)))


def iter_data_files(a: Assessment, *, site_url: str) -> Iterator[tuple[str, bytes]]:
    """`data_files` one file at a time, as each is made (what a build needs: a caller that
    writes each away holds one file at a time, not 100,000 of them)."""
    docs = documents_of(a, site_url=site_url)
    yield from _iter_api(a, site_url, *docs)
    yield from _csv(a, site_url, *docs).items()


def _api(
    a: Assessment,
    site_url: str,
    units: Sequence[UnitDocument],
    figures: Sequence[FigureDocument],
    notices: Sequence[NoticeDocument],
) -> dict[str, bytes]:
    return dict(sorted(_iter_api(a, site_url, units, figures, notices)))


def _iter_api(
    a: Assessment,
    site_url: str,
    units: Sequence[UnitDocument],
    figures: Sequence[FigureDocument],
    notices: Sequence[NoticeDocument],
) -> Iterator[tuple[str, bytes]]:
    for unit in units:
        doc = to_json(unit) | {"revocations": revocations(a, unit.id)}
        yield status_api(unit.id, figure=False), json_bytes(doc)
    for figure in figures:
        yield status_api(figure.id, figure=True), json_bytes(to_json(figure))
    for lookup in plaque_lookups(a, site_url=site_url):
        yield plaque_api(lookup.serial), json_bytes(to_json(lookup))
    yield "api/units.json", json_bytes([to_json(d, plaques=False) for d in units])
    yield "api/figures.json", json_bytes([to_json(d, plaques=False) for d in figures])
    yield "api/notices.json", json_bytes([to_json(n) for n in notices])


UNIT_CSV_HEADER = (
    "编号", "名称", "类别", "企业类型", "级别", "县(市、区)", "统一社会信用代码", "状态",
    "授牌日期", "授牌文号", "下次复审", "复审逾期自", "撤销日期", "撤销原因", "撤销文号",
    "撤销记录", "地址", "网站", "页面", "数据日期",
)  # fmt: skip
FIGURE_CSV_HEADER = ("编号", "姓名", "单位", "领域", "年度", "状态", "事迹", "页面", "数据日期")
PLAQUE_CSV_HEADER = (
    "牌匾编号", "核验码", "对象编号", "对象名称", "形式", "颁发日期", "状态", "状态代码",
    "终止日期", "终止原因", "页面", "数据日期",
)  # fmt: skip
NOTICE_CSV_HEADER = (
    "公示编号", "标题", "发布日期", "截止日期", "公示状态", "对象编号", "对象名称",
    "主要工作业绩", "结果", "决定文号", "页面", "数据日期",
)  # fmt: skip
OUTCOME_LABELS = {
    "awarded": "已认定",
    "objection_upheld": "异议成立",
    "rejected": "未予认定",
    "withdrawn": "撤回申请",
}
CSV_COLUMNS: dict[str, tuple[str, ...]] = {
    "downloads/units.csv": UNIT_CSV_HEADER,
    "downloads/figures.csv": FIGURE_CSV_HEADER,
    "downloads/plaques.csv": PLAQUE_CSV_HEADER,
    "downloads/notices.csv": NOTICE_CSV_HEADER,
}


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day is not None else None


def entry_outcome(a: Assessment, notice: Notice, subject: str) -> str:
    """What became of one entry of a notice as of today: the first award, rejection or
    withdrawal in the subject's record after its listing in this notice (a rejection with an
    upheld objection in the notice is "objection upheld"); else 公示中 or 待定."""
    record = a.record(subject)
    events = record.events if record is not None else ()
    listed = [i for i, ev in enumerate(events) if ev.type == "listed" and ev.notice == notice.id]
    # A figure's record has no `listed` event: its events from the notice's date on.
    later = (
        events[listed[0] + 1 :]
        if listed
        else [ev for ev in events if ev.date is not None and ev.date >= notice.published]
    )
    for ev in later:
        if ev.type == "listed" or ev.date is None or ev.date > a.today:
            break
        if ev.type == "rejected" and any(
            o.upheld and o.received <= a.today and subject in (o.unit, o.figure)
            for o in notice.objections
        ):
            return OUTCOME_LABELS["objection_upheld"]
        if ev.type in OUTCOME_LABELS:
            return OUTCOME_LABELS[ev.type]
    return "公示中" if a.notices[notice.id].open else "待定"


def revocations(a: Assessment, unit_id: str) -> list[dict[str, str | None]]:
    """Every revocation of a unit up to today, oldest first, also one later followed by a
    new award (the status document's `revoked` tells only of the one in force)."""
    return [
        {
            "date": ev.date.isoformat(),
            "reason": ev.reason,
            "reason_label": revocation_label(ev.reason) or None,
            "document": ev.document,
        }
        for ev in a.roster.units[UnitId(unit_id)].events
        if ev.type == "revoked" and ev.date is not None and ev.date <= a.today
    ]


def revocation_history(a: Assessment, unit_id: str) -> str:
    """`revocations` for a CSV cell: `date 原因 文号` entries joined with `；`."""
    return "；".join(
        " ".join(str(r[k]) for k in ("date", "reason_label", "document") if r[k])
        for r in revocations(a, unit_id)
    )


def _csv(
    a: Assessment,
    site_url: str,
    units: Sequence[UnitDocument],
    figures: Sequence[FigureDocument],
    notices: Sequence[NoticeDocument],
) -> dict[str, bytes]:
    origin = urlunsplit((*urlsplit(site_url)[:2], "", "", ""))

    def page(path: str) -> str:  # absolute: a spreadsheet has no site to resolve a path on
        return origin + path

    as_of = a.today.isoformat()
    unit_rows: list[list[Cell]] = []
    for d in units:
        revoked = d.revoked
        unit_rows.append(
            [
                d.id, d.name, d.kind_label, d.enterprise_class_label, d.level_label,
                d.district_name or d.district, d.credit_code, d.status_label, _iso(d.awarded_on),
                d.award_document, _iso(d.next_review_due), _iso(d.overdue_since),
                _iso(revoked.date) if revoked else None, revoked.reason_label if revoked else None,
                revoked.document if revoked else None, revocation_history(a, d.id), d.address,
                d.website, page(d.url), as_of,
            ]
        )  # fmt: skip
    figure_rows: list[list[Cell]] = []
    for f in figures:
        url = page(f.url)
        figure_rows.append(
            [f.id, f.name, f.affiliation, f.field_of_work, f.year, f.status_label, f.citation]
        )
        figure_rows[-1] += [url, as_of]
    notice_rows: list[list[Cell]] = []
    for n in notices:
        decision = n.decision or {}
        notice = a.roster.notices[NoticeId(n.id)]
        for entry in n.entries:
            notice_rows.append(
                [
                    n.id, n.title, n.published.isoformat(), _iso(n.ends), n.state_label,
                    entry.unit or entry.figure, entry.name, entry.achievements,
                    entry_outcome(a, notice, entry.unit or entry.figure or ""),
                    decision.get("document"), page(n.url), as_of,
                ]
            )  # fmt: skip
    plaque_rows: list[list[Cell]] = []
    for holder in sorted([*units, *figures], key=lambda d: d.id):
        for p in holder.plaques:
            ended = p.voided
            plaque_rows.append(
                [
                    p.serial, p.check_code, holder.id, holder.name, FORM_LABELS.get(p.form, p.form),
                    _iso(p.issued_on), PLAQUE_STATUS_LABELS[p.status], p.status,
                    _iso(ended.date) if ended else None, ended.reason_label if ended else None,
                    page(holder.url), as_of,
                ]
            )  # fmt: skip
    plaque_rows.sort(key=lambda row: int(str(row[0])))
    return {
        "downloads/figures.csv": csv_bytes(FIGURE_CSV_HEADER, figure_rows),
        "downloads/plaques.csv": csv_bytes(PLAQUE_CSV_HEADER, plaque_rows),
        "downloads/notices.csv": csv_bytes(NOTICE_CSV_HEADER, notice_rows),
        "downloads/units.csv": csv_bytes(UNIT_CSV_HEADER, unit_rows),
    }
