"""`shifan annual-report`: counts follow what the commands record, year boundaries, the
year-end holders against the targets, refusals, the PDF (A4, font embedded, tables that run
over pages) and the site's pages of years."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import subprocess
from pathlib import Path

from shifan.assessment import assess
from shifan.operations.annual import annual_report, event_years
from shifan.site.charts import target_bars
from shifan.site.context import build_context
from shifan.site.pages.annual import annual_pages
from shifan.status import unit_status
from support_operations import Run, changed

TODAY = "2026-12-01"
Cells = list[tuple[str, ...]]  # (table, row number, row label, column, value)


def report(shifan: Run, year: int, today: str = TODAY) -> Cells:
    code, out, err = shifan("annual-report", "--year", str(year), "--format", "csv", today=today)
    assert (code, err) == (0, ""), err
    rows = list(csv.reader(io.StringIO(out.removeprefix("\ufeff"))))
    assert rows[0] == ["表", "行", "项目", "列", "值"]
    return [tuple(row) for row in rows[1:]]


def cell(cells: Cells, table: str, row: str, column: str) -> int:
    [found] = [int(v.replace(",", "")) for t, _, r, c, v in cells
               if t.startswith(table) and r == row and c == column]  # fmt: skip
    return found


def test_the_report_counts_what_the_commands_record(repo: Path, shifan: Run) -> None:
    before, last_year = report(shifan, 2026), report(shifan, 2025)
    code, _, err = shifan(
        "revoke", "ZZ-ENT-0007", "--reason", "falsified", "--document", "郑商务〔2026〕132号",
        today=TODAY,
    )  # fmt: skip
    assert code == 0, err
    code, _, err = shifan(
        "review", "ZZ-PRK-0005", "--result", "pass", "--document", "郑商务〔2026〕160号",
        today=TODAY,
    )  # fmt: skip
    assert code == 0, err
    after = report(shifan, 2026)
    assert changed(repo) == {
        "registry/units/enterprise/ZZ-ENT-0007.yaml",
        "registry/units/park/ZZ-PRK-0005.yaml",
    }, "the report writes nothing"

    def grew(table: str, row: str, column: str) -> int:
        return cell(after, table, row, column) - cell(before, table, row, column)

    assert grew("撤销称号", "申报材料弄虚作假", "撤销数") == 1
    assert grew("撤销称号", "违法经营或欺诈", "撤销数") == 0
    assert grew("示范单位（按类别）", "电子商务示范企业", "撤销") == 1
    assert grew("示范单位（按类别）", "电子商务示范园区（基地）", "复审通过") == 1
    assert grew("示范单位（按级别）", "市级", "撤销") == 1
    assert grew("示范单位（按县（市、区））", "二七区", "撤销") == 1  # ZZ-ENT-0007's district
    assert grew("示范单位（按县（市、区））", "合计", "复审通过") == 1
    # Holders on the report's date: one enterprise fewer this year; last year's end unchanged.
    assert grew("目标完成情况", "市级电子商务示范企业", f"{TODAY} 持有称号") == -1
    assert report(shifan, 2025) == last_year
    today = [v for t, _, r, c, v in after if t == "明细" and r == TODAY and c == "编号"]
    assert sorted(today) == ["ZZ-ENT-0007", "ZZ-PRK-0005"]


FUNDING = (
    "  - {{type: funding, date: {day}, amount_cny: {amount}, year: {year}, "
    "document: 郑商务〔{year}〕99号, project: 测试项目}}\n"
)


def test_an_event_counts_in_the_year_of_its_date(repo: Path, shifan: Run) -> None:
    path = repo / "registry/units/park/ZZ-PRK-0001.yaml"
    with path.open("a", encoding="utf-8") as f:
        f.write(FUNDING.format(day="2025-12-31", amount=300000, year=2025))
        f.write(FUNDING.format(day="2026-01-01", amount=200000, year=2026))
    last, this = report(shifan, 2025), report(shifan, 2026)
    parks = ("示范单位（按类别）", "电子商务示范园区（基地）", "资金扶持金额（元）")
    assert cell(last, *parks) == 300000
    assert cell(this, *parks) == 200000
    assert cell(this, "示范单位（按县（市、区））", "金水区", "资金扶持笔数") == 1
    # The current year is counted up to the report's date.
    code, md, _ = shifan("annual-report", "--year", "2026", "--format", "md", today=TODAY)
    assert code == 0
    assert "统计截至 2026-12-01" in md
    assert "2026年1月1日至12月1日：" in md


def test_years_that_have_no_report_are_refused(repo: Path, shifan: Run) -> None:
    def refused(year: str, today: str, *more: str) -> str:
        code, out, err = shifan("annual-report", "--year", year, *more, today=today)
        assert (code, out) == (2, ""), err
        return err

    assert "早于郑州市电子商务示范体系的创建" in refused("2015", TODAY, "--format", "md")
    assert "2027 年还没有到来 (今天是 2026-12-01)" in refused("2027", TODAY, "--format", "md")
    err = refused("2027", "2027-01-05", "--format", "md")
    assert "2027 年的法定节假日安排未知" in err
    assert "registry/calendar/2027.yaml" in err
    assert "需要用 --out 指定输出文件" in refused("2025", TODAY)
    (repo / "registry/calendar").mkdir()
    (repo / "registry/calendar/2027.yaml").write_text(
        "year: 2027\ndocument: 国办发明电〔2026〕7号\nholidays: [2027-01-01]\n", encoding="utf-8"
    )
    assert report(shifan, 2027, today="2027-01-05")


def test_a_roster_with_an_error_is_refused(repo: Path, shifan: Run, tmp_path: Path) -> None:
    unit = repo / "registry/units/park/ZZ-PRK-0001.yaml"
    unit.write_text(unit.read_text(encoding="utf-8").replace("level: ", "level: regional#"))
    out = tmp_path / "r.pdf"
    code, _, err = shifan("annual-report", "--year", "2025", "--out", str(out), today=TODAY)
    assert code == 1
    assert "名册有 1 处错误" in err
    assert not out.exists()


def pdf_text(pdf: Path) -> list[str]:
    """The text of each page, white space removed (poppler's pdftotext: what a reader's
    copy gives)."""
    done = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True, text=True
    )
    return [re.sub(r"\s+", "", page) for page in done.stdout.split("\f")[:-1]]


def test_pdf_is_a4_with_the_font_embedded_and_tables_run_over_pages(
    repo: Path, shifan: Run, tmp_path: Path
) -> None:
    unit = repo / "registry/units/enterprise/ZZ-ENT-0012.yaml"
    hostile = '<b>茶</b>&"x")Tj/Evil'  # short: a wrapped cell's lines interleave in the text
    text = unit.read_text(encoding="utf-8")
    unit.write_text(re.sub(r"\nname: .*\n", f"\nname: '{hostile}'\n", text), encoding="utf-8")
    out = tmp_path / "2025.pdf"
    code, stdout, err = shifan("annual-report", "--year", "2025", "--out", str(out), today=TODAY)
    assert code == 0, err
    assert "已写出 2025 年度统计报告 (统计截至 2025-12-31)" in stdout
    pdf = out.read_bytes()
    assert pdf.startswith(b"%PDF-")
    assert b"/MediaBox [ 0 0 595.2756 841.8898 ]" in pdf  # A4 portrait
    assert b"/FontFile2" in pdf
    assert re.search(rb"/BaseFont /[A-Z]{6}\+WenQuanYiMicroHei", pdf)
    assert b"Helvetica" not in pdf
    assert b"/Evil" not in pdf
    pages = pdf_text(out)
    assert len(pages) >= 3
    assert "郑州市电子商务示范体系2025年度统计报告" in pages[0]
    for number, page in enumerate(pages, start=1):
        assert f"第{number}页" in page
    # The details table runs over its pages, each headed by the column names again.
    running = [p for p in pages if "ZZ-" in p]
    assert len(running) >= 2
    for page in running:
        assert "日期事项编号名称" in page, page[:300]
    assert hostile in "".join(pages)
    code, md, _ = shifan("annual-report", "--year", "2025", "--format", "md", today=TODAY)
    assert "&lt;b&gt;茶&lt;/b&gt;&amp;&quot;x&quot;)Tj/Evil" in md
    assert "<b>" not in md


def test_site_has_a_page_per_year_with_any_event(repo: Path) -> None:
    a = assess(repo / "registry", repo / "keys", dt.date(2026, 12, 1))
    pages = dict(annual_pages(build_context(a, "https://zzsw.example.cn/")))
    assert set(pages) == {"annual/index.md"} | {f"annual/{y}.md" for y in range(2017, 2027)}
    index = pages["annual/index.md"]
    assert 'href="../annual/2025/"' in index
    year = pages["annual/2025.md"]
    assert 'id="chart-annual-targets-0"' in year
    assert "<td><code>ZZ-FIG-0007</code></td>" in year
    assert "<td><time>2025-06-24</time></td>" in year


def test_target_progress_counts_the_holders_of_every_unit(repo: Path) -> None:
    """Only units awarded by the year's end are walked; the bars are those of every unit."""
    a = assess(repo / "registry", repo / "keys", dt.date(2026, 12, 1))
    for year in event_years(a):
        as_of = min(dt.date(year, 12, 31), a.today)
        every = {uid: unit_status(u, a.roster, a.cal, as_of) for uid, u in a.roster.units.items()}
        targets = sorted(a.roster.targets, key=lambda t: t.year)
        expected = [tuple(target_bars(a.roster, every, t)) for t in targets]
        assert [p.bars for p in annual_report(a, year).targets] == expected, year
