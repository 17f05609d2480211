"""`shifan due`: per district, from the assessment, in text, CSV and Markdown."""

from __future__ import annotations

from pathlib import Path

from support_operations import Run


def test_due_lists_reviews_notices_reports_and_bars_per_district(repo: Path, shifan: Run) -> None:
    code, out, err = shifan("due", "--within", "300", today="2026-11-27")
    assert (code, err) == (0, "")
    blocks = {b.split("\n")[0]: b for b in out.split("\n\n")}
    assert "复审逾期  ZZ-PRK-0005" in blocks["荥阳市"]  # overdue since 2025-05-27
    assert "2027-01-10  复审到期  ZZ-ENT-0006" in blocks["郑州高新技术产业开发区"]
    assert "公示即将截止  GS-2026-01" in blocks["全市"]
    assert "2027-08-15  禁止申报期将满  ZZ-ENT-0004" in blocks["中牟县"]
    # ZZ-PRK-0001 (awarded 2017) reported 2022 only: 2021 is missing, 2022 is not.
    jinshui = blocks["金水区"]
    assert "ZZ-PRK-0001 郑州云谷电子商务产业园: 2021 年度数据应于 2022-03-31 前报送" in jinshui
    assert "ZZ-PRK-0001 郑州云谷电子商务产业园: 2022 年度数据" not in jinshui


def test_due_as_csv_and_markdown(repo: Path, shifan: Run) -> None:
    code, out, _ = shifan("due", "--format", "md", today="2026-11-27")
    assert code == 0
    assert "## 全市" in out
    assert "| 日期 | 事项 | 编号 | 名称 | 说明 |" in out
    code, _, _ = shifan("due", "--format", "csv", today="2026-11-27")
    assert code == 0
