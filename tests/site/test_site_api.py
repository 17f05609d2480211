"""The JSON API files (docs/api.md): shape, status fields, plaques, determinism, escaping."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from shifan.site.api import api_files, csv_files, data_files, iter_data_files, site_path
from support import HOSTILE_TEXTS, all_strings, assessed, small_roster

TODAY = dt.date(2026, 11, 27)
SITE = "https://shifan.example.org/"


def _files(**kw: Any) -> dict[str, bytes]:
    return api_files(assessed(small_roster(**kw), TODAY), site_url=SITE)


def _doc(files: dict[str, bytes], path: str) -> Any:
    return json.loads(files[path].decode("utf-8"))


def test_unit_document_matches_the_documented_example() -> None:
    doc = _doc(_files(), "api/units/ZZ-ENT-0042.json")
    assert doc == {
        "id": "ZZ-ENT-0042",
        "name": "郑州某某网络科技有限公司",
        "kind": "enterprise",
        "kind_label": "电子商务示范企业",
        "enterprise_class": "service",
        "enterprise_class_label": "服务类",
        "level": "municipal",
        "level_label": "市级",
        "district": "jinshui",
        "district_name": "金水区",
        "credit_code": "91410100MA3X000000",
        "status": "awarded",
        "status_label": "有效",
        "awarded_on": "2025-05-10",
        "award_document": "郑商务〔2025〕12号",
        "next_review_due": "2027-05-10",
        "overdue_since": None,
        "notice": None,
        "revoked": None,
        "barred_until": None,
        "plaques": [
            {
                "serial": 42,
                "check_code": "000-042-7",
                "form": "plaque",
                "kid": "1",
                "issued_on": "2025-06-01",
                "status": "active",
                "voided": None,
            }
        ],
        "log": None,  # no public log kept (docs/log.md); tests/tlog cover it
        "revocations": [],
        "as_of": "2026-11-27",
        "url": "/units/ZZ-ENT-0042/",
    }


def test_every_status_document_has_every_field_with_null_not_omitted() -> None:
    files = _files()
    keys = set(_doc(files, "api/units/ZZ-ENT-0042.json"))
    for path in files:
        if path.startswith("api/units/"):
            assert set(_doc(files, path)) == keys, path


def test_revoked_unit_states_reason_document_bar_and_voided_plaque() -> None:
    doc = _doc(_files(), "api/units/ZZ-EDU-0007.json")
    assert doc["status"] == "revoked"
    assert doc["status_label"] == "已撤销"
    assert doc["revoked"] == {
        "date": "2025-03-01",
        "reason": "falsified",
        "reason_label": "申报材料弄虚作假",
        "document": "郑商务〔2025〕9号",
    }
    assert doc["barred_until"] == "2028-03-01"
    [plaque] = doc["plaques"]
    assert plaque["status"] == "voided"
    assert plaque["voided"] == {
        "date": "2025-03-02",
        "reason": "recalled",
        "reason_label": "已收回",
    }


def test_review_due_overdue_and_in_notice() -> None:
    files = _files()
    due = _doc(files, "api/units/ZZ-ENT-0050.json")
    assert (due["status"], due["next_review_due"]) == ("review_due", "2026-12-01")
    overdue = _doc(files, "api/units/ZZ-ENT-0051.json")
    assert (overdue["status"], overdue["overdue_since"]) == ("review_overdue", "2026-01-06")
    town = _doc(files, "api/units/ZZ-TWN-0003.json")
    assert town["status"] == "in_notice"
    assert town["notice"] == {"id": "GS-2026-02", "ends": "2026-12-04"}
    assert town["credit_code"] is None
    national = _doc(files, "api/units/ZZ-PRK-0001.json")
    assert (national["status"], national["next_review_due"]) == ("awarded", None)


def test_figure_document_has_no_unit_only_fields() -> None:
    doc = _doc(_files(), "api/figures/ZZ-FIG-0001.json")
    assert doc["kind"] == "figure"
    assert doc["kind_label"] == "电子商务领军人物"
    assert doc["affiliation"] == "郑州某某网络科技有限公司"  # from the affiliated unit
    assert "credit_code" not in doc
    assert "district" not in doc
    assert doc["plaques"][0]["form"] == "certificate"
    assert doc["url"] == "/figures/ZZ-FIG-0001/"


def test_plaque_documents_lead_from_a_check_code_to_the_status() -> None:
    files = _files()
    assert _doc(files, "api/plaques/42.json") == {
        "serial": 42,
        "check_code": "000-042-7",
        "subject": "ZZ-ENT-0042",
        "subject_type": "unit",
        "token": "0123",
        "status_url": "/api/units/ZZ-ENT-0042.json",
    }
    assert _doc(files, "api/plaques/7.json")["subject"] == "ZZ-EDU-0007"
    assert _doc(files, "api/plaques/100.json")["status_url"] == "/api/figures/ZZ-FIG-0001.json"


def test_lists_are_sorted_and_lean() -> None:
    files = _files()
    units = _doc(files, "api/units.json")
    assert [u["id"] for u in units] == sorted(u["id"] for u in units)
    assert len(units) == 6
    assert all("plaques" not in u for u in units)
    notices = _doc(files, "api/notices.json")
    assert [(n["id"], n["state"]) for n in notices] == [
        ("GS-2025-01", "closed"),
        ("GS-2026-02", "open"),
    ]
    assert notices[0]["decision"]["document"] == "郑商务〔2025〕12号"
    assert notices[1]["entries"][0]["name"] == "某某镇人民政府"
    assert [f["id"] for f in _doc(files, "api/figures.json")] == ["ZZ-FIG-0001"]


def test_events_after_today_are_not_published() -> None:
    files = api_files(assessed(small_roster(), dt.date(2025, 5, 1)), site_url=SITE)
    assert _doc(files, "api/units/ZZ-ENT-0042.json")["status"] == "pending"
    assert "api/plaques/42.json" not in files
    [notice] = _doc(files, "api/notices.json")
    assert (notice["id"], notice["decision"]) == ("GS-2025-01", None)


def test_output_is_deterministic_and_utf8() -> None:
    first, second = _files(), _files()
    assert first == second
    assert list(first) == sorted(first)
    assert "金水区".encode() in first["api/units/ZZ-ENT-0042.json"]


def test_hostile_text_is_literal_after_parsing_and_cannot_close_a_script() -> None:
    files = _files(hostile=True)
    strings = [s for b in files.values() for s in all_strings(json.loads(b.decode("utf-8")))]
    for text in HOSTILE_TEXTS:
        assert any(text in s for s in strings), text
    for path, body in files.items():
        assert b"</" not in body, path


def test_site_path_honours_a_sub_path() -> None:
    assert site_path("https://x.org/reg/", "units/A/") == "/reg/units/A/"
    assert site_path("https://x.org", "/api/units.json") == "/api/units.json"


def test_data_files_is_api_and_csv_files_together() -> None:
    a = assessed(small_roster(), TODAY)
    both = data_files(a, site_url=SITE)
    assert both == api_files(a, site_url=SITE) | csv_files(a, site_url=SITE)
    assert list(both) == sorted(both)
    one_by_one = list(iter_data_files(a, site_url=SITE))
    assert len(one_by_one) == len(both)  # every file once
    assert dict(one_by_one) == both
