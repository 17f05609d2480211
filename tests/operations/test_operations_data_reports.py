"""The data-report rule at its boundary dates: one report per calendar year from the award
year on, reported once the year has ended, owed for each year after the award year by
31 March of the next — in `data-report`, `due` and `check` (S528, S529, S906)."""

from __future__ import annotations

import re
from pathlib import Path

from support_operations import Run, changed

UNIT = "ZZ-ENT-0013"  # awarded 2025-06-24
UNIT_FILE = f"registry/units/enterprise/{UNIT}.yaml"
VALUES = ("--values", "电子商务交易额_万元=1200")


def report(shifan: Run, year: str, day: str) -> tuple[int, str, str]:
    return shifan("data-report", UNIT, "--year", year, "--date", day, *VALUES, today="2026-12-01")


def test_a_year_is_reported_from_the_first_day_of_the_next(repo: Path, shifan: Run) -> None:
    code, _, err = report(shifan, "2025", "2025-12-31")
    assert code == 1
    assert "2025 年度的数据不能在 2025-12-31 报送" in err
    code, _, err = report(shifan, "2024", "2026-01-02")
    assert code == 1, "before the award year"
    assert "报送年度应在 2025 至 2025 之间" in err
    assert changed(repo) == set()
    code, out, err = report(shifan, "2025", "2026-01-01")
    assert (code, err) == (0, ""), err
    assert "登记 2025 年度数据 (1 项)" in out
    assert changed(repo) == {UNIT_FILE}


def due_items(shifan: Run, today: str) -> list[str]:
    code, out, err = shifan("due", "--within", "0", today=today)
    assert (code, err) == (0, ""), err
    return [line.strip() for line in out.split("\n") if UNIT in line]


def test_a_year_is_owed_by_31_march_of_the_next(repo: Path, shifan: Run) -> None:
    # The award year (2025) is not owed; 2026 is, by 2027-03-31.
    assert due_items(shifan, "2027-03-30") == []
    assert due_items(shifan, "2027-03-31") == [
        f"2027-03-31  定期数据待报送  {UNIT} 郑州拓途物流信息科技有限公司: "
        "2026 年度数据应于 2027-03-31 前报送"
    ]
    [late] = due_items(shifan, "2027-04-01")
    assert late.startswith(f"2027-03-31  定期数据未报送  {UNIT}")


def check_codes(shifan: Run, repo: Path, *events: str, today: str) -> list[str]:
    with (repo / UNIT_FILE).open("a", encoding="utf-8") as f:
        for event in events:
            f.write(f"  - {{type: data_report, {event}, figures: {{交易额_万元: 1}}}}\n")
    _, out, _ = shifan("check", today=today)
    return re.findall(rf"{UNIT}\.yaml:\d+:\d+: (?:error|warning)\[(S5\d\d|S9\d\d)\]", out)


def test_check_reports_a_period_not_ended_or_before_the_award(repo: Path, shifan: Run) -> None:
    assert check_codes(
        shifan, repo, "date: 2025-12-31, period: 2025", "date: 2026-01-01, period: 2024",
        today="2026-12-01",
    ) == ["S528", "S528"]  # fmt: skip


def test_check_reports_a_period_twice(repo: Path, shifan: Run) -> None:
    assert check_codes(
        shifan, repo, "date: 2026-01-01, period: 2025", "date: 2026-02-01, period: '2025'",
        today="2026-12-01",
    ) == ["S529"]  # fmt: skip


def test_check_warns_of_a_report_after_31_march(repo: Path, shifan: Run) -> None:
    on_time = "date: 2026-03-31, period: 2025"
    assert check_codes(shifan, repo, on_time, today="2026-12-01") == []
    late = "date: 2027-04-01, period: 2026"
    assert check_codes(shifan, repo, late, today="2027-04-01") == ["S906"]
