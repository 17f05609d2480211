"""The site's static JSON API and CSV exports, exactly as `docs/api.md` specifies.

Pure: `data_files` returns `{site path: bytes}`; the MkDocs plugin writes them. Every file is
serialised from the typed documents of `shifan.documents`, built from the assessment.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

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
from shifan.paths import plaque_api, status_api
from shifan.site.encode import Cell, csv_bytes, json_bytes

__all__ = ["api_files", "csv_files", "data_files", "site_path"]


def api_files(a: Assessment, *, site_url: str) -> dict[str, bytes]:
    """Every JSON file under `api/`, keyed by its path in the site."""
    return _api(a, site_url, *documents_of(a, site_url=site_url))


def csv_files(a: Assessment, *, site_url: str) -> dict[str, bytes]:
    """`downloads/units.csv`, `downloads/figures.csv`, `downloads/notices.csv`."""
    return _csv(*documents_of(a, site_url=site_url))


def data_files(a: Assessment, *, site_url: str) -> dict[str, bytes]:
    """`api_files` and `csv_files` together, from one set of documents (what a build needs)."""
    docs = documents_of(a, site_url=site_url)
    return dict(sorted({**_api(a, site_url, *docs), **_csv(*docs)}.items()))


def _api(
    a: Assessment,
    site_url: str,
    units: Sequence[UnitDocument],
    figures: Sequence[FigureDocument],
    notices: Sequence[NoticeDocument],
) -> dict[str, bytes]:
    files: dict[str, bytes] = {}
    for unit in units:
        files[status_api(unit.id, figure=False)] = json_bytes(to_json(unit))
    for figure in figures:
        files[status_api(figure.id, figure=True)] = json_bytes(to_json(figure))
    for lookup in plaque_lookups(a, site_url=site_url):
        files[plaque_api(lookup.serial)] = json_bytes(to_json(lookup))
    files["api/units.json"] = json_bytes([to_json(d, plaques=False) for d in units])
    files["api/figures.json"] = json_bytes([to_json(d, plaques=False) for d in figures])
    files["api/notices.json"] = json_bytes([to_json(n) for n in notices])
    return dict(sorted(files.items()))


UNIT_CSV_HEADER = (
    "编号", "名称", "类别", "企业类型", "级别", "县(市、区)", "统一社会信用代码", "状态",
    "授牌日期", "授牌文号", "下次复审", "复审逾期自", "撤销日期", "撤销原因", "撤销文号",
    "地址", "网站", "页面",
)  # fmt: skip
FIGURE_CSV_HEADER = ("编号", "姓名", "单位", "领域", "年度", "状态", "事迹", "页面")
PLAQUE_CSV_HEADER = (
    "牌匾编号", "核验码", "对象编号", "对象名称", "形式", "颁发日期", "状态", "状态代码",
    "终止日期", "终止原因", "页面",
)  # fmt: skip
NOTICE_CSV_HEADER = (
    "公示编号", "标题", "发布日期", "截止日期", "公示状态", "对象编号", "对象名称",
    "主要工作业绩", "决定文号", "页面",
)  # fmt: skip


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day is not None else None


def _csv(
    units: Sequence[UnitDocument],
    figures: Sequence[FigureDocument],
    notices: Sequence[NoticeDocument],
) -> dict[str, bytes]:
    unit_rows: list[list[Cell]] = []
    for d in units:
        revoked = d.revoked
        unit_rows.append(
            [
                d.id, d.name, d.kind_label, d.enterprise_class_label, d.level_label,
                d.district_name or d.district, d.credit_code, d.status_label, _iso(d.awarded_on),
                d.award_document, _iso(d.next_review_due), _iso(d.overdue_since),
                _iso(revoked.date) if revoked else None, revoked.reason_label if revoked else None,
                revoked.document if revoked else None, d.address, d.website, d.url,
            ]
        )  # fmt: skip
    figure_rows: list[list[Cell]] = [
        [d.id, d.name, d.affiliation, d.field_of_work, d.year, d.status_label, d.citation, d.url]
        for d in figures
    ]
    notice_rows: list[list[Cell]] = []
    for n in notices:
        decision = n.decision or {}
        for entry in n.entries:
            notice_rows.append(
                [
                    n.id, n.title, n.published.isoformat(), _iso(n.ends), n.state_label,
                    entry.unit or entry.figure, entry.name, entry.achievements,
                    decision.get("document"), n.url,
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
                    holder.url,
                ]
            )  # fmt: skip
    plaque_rows.sort(key=lambda row: int(str(row[0])))
    return {
        "downloads/figures.csv": csv_bytes(FIGURE_CSV_HEADER, figure_rows),
        "downloads/plaques.csv": csv_bytes(PLAQUE_CSV_HEADER, plaque_rows),
        "downloads/notices.csv": csv_bytes(NOTICE_CSV_HEADER, notice_rows),
        "downloads/units.csv": csv_bytes(UNIT_CSV_HEADER, unit_rows),
    }
