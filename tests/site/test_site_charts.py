"""Statistics charts: counted right, accessible markup, numbers in tables, text escaped."""

from __future__ import annotations

import datetime as dt
import re
import xml.etree.ElementTree as ET

from shifan.model import Roster, UnitId
from shifan.site.charts import stats_page_html, targets_summary_html
from shifan.status import Status, unit_status
from shifan.workdays import WorkCalendar
from support import small_roster

TODAY = dt.date(2026, 11, 27)


def _statuses(roster: Roster) -> dict[UnitId, Status]:
    cal = WorkCalendar(roster.calendar)
    return {uid: unit_status(u, roster, cal, TODAY) for uid, u in roster.units.items()}


SVG = "{http://www.w3.org/2000/svg}"


def _parse(html: str) -> ET.Element:
    """The fragment as XML: it must be well-formed (every tag closed, every text escaped)."""
    return ET.fromstring(f"<div>{html}</div>")


def _data_table(root: ET.Element, figure: ET.Element) -> ET.Element:
    """The chart's data table: in its own scroll box right after the figure."""
    children = list(root)
    box = children[children.index(figure) + 1]
    assert box.get("class") == "sf-table-wrap", box.attrib
    table = box.find("table")
    assert table is not None
    return table


def _table(root: ET.Element, figure_id: str) -> dict[str, list[str]]:
    figure = root.find(f"figure[@id='{figure_id}']")
    assert figure is not None, figure_id
    table = _data_table(root, figure)
    rows: dict[str, list[str]] = {}
    for tr in table.iter("tr"):
        cells = ["".join(c.itertext()) for c in tr]
        rows[cells[0]] = cells[1:]
    return rows


def test_counts_titles_held_including_overdue_but_not_revoked_or_pending() -> None:
    root = _parse(stats_page_html(small_roster(), _statuses(small_roster()), TODAY))
    kinds = _table(root, "chart-kind")
    assert kinds["电子商务示范企业"] == ["3"]  # awarded + review due + review overdue
    assert kinds["电子商务人才教育（培训）示范基地"] == ["0"]  # revoked
    assert kinds["电子商务示范乡（镇）"] == ["0"]  # in notice
    assert kinds["电子商务示范园区（基地）"] == ["1"]
    assert _table(root, "chart-level")["国家级"] == ["1"]
    districts = _table(root, "chart-district")
    assert districts["二七区"] == ["2"]
    assert districts["新郑市"] == ["0"]
    years = _table(root, "chart-year")
    assert years == {
        "年度": ["授牌数"],
        "2019年": ["1"],
        "2020年": ["0"],
        "2021年": ["0"],
        "2022年": ["0"],
        "2023年": ["1"],
        "2024年": ["2"],
        "2025年": ["1"],  # units only: the figure's award is not a unit title
    }
    states = _table(root, "chart-status")
    assert states["已撤销"] == ["1"]
    assert states["复审逾期"] == ["1"]


def test_progress_against_every_target() -> None:
    root = _parse(stats_page_html(small_roster(), _statuses(small_roster()), TODAY))
    targets = _table(root, "chart-targets-2020")
    assert targets["国家电子商务示范基地"] == ["1", "3", "33%"]
    assert targets["市级电子商务示范企业"] == ["3", "100", "3%"]
    assert targets["市级人才培训示范基地"] == ["0", "20", "0%"]
    home = _parse(targets_summary_html(small_roster(), _statuses(small_roster())))
    assert _table(home, "chart-targets-2020") == targets


def test_every_chart_is_an_accessible_figure_with_a_table() -> None:
    html = stats_page_html(small_roster(), _statuses(small_roster()), TODAY)
    assert "\n\n" not in html  # one raw HTML block inside Markdown
    root = _parse(html)
    figures = root.findall("figure")
    assert len(figures) == 6
    for figure in figures:
        svg = figure.find(SVG + "svg")
        assert svg is not None
        assert svg.get("role") == "img"
        title = svg.find(SVG + "title")
        assert title is not None
        assert svg.get("aria-labelledby") == title.get("id")
        desc = svg.find(SVG + "desc")
        assert desc is not None
        assert svg.get("aria-describedby") == desc.get("id")
        assert figure.find("figcaption") is not None
        table = _data_table(root, figure)
        assert table.find("caption") is not None
        assert table.find("thead/tr/th[@scope='col']") is not None
    ids = re.findall(r'id="([^"]+)"', html)
    assert len(ids) == len(set(ids))


def test_no_external_reference_and_hostile_text_escaped() -> None:
    html = stats_page_html(small_roster(hostile=True), _statuses(small_roster(hostile=True)), TODAY)
    root = _parse(html)
    assert root.find(".//script") is None
    text = "".join(root.itertext())
    assert "<script>alert(1)</script>金水区" in text
    assert "&lt;script&gt;" in html
    assert "http://" not in html.replace("http://www.w3.org/2000/svg", "")
    assert "https://" not in html


def test_empty_roster_draws_empty_charts() -> None:
    from dataclasses import replace

    roster = replace(small_roster(), units={}, targets=())
    root = _parse(stats_page_html(roster, _statuses(roster), TODAY))
    assert "暂无数据" in "".join(root.itertext())
    assert targets_summary_html(roster, _statuses(roster)) == ""
