"""`shifan notice …` and `shifan award` on a copy of the demo roster (as of its demo dates).

The demo notice GS-2026-01 was published 2026-11-23 for 7 working days: it runs through
2026-12-01. ZZ-ENT-0004 was revoked for falsified data: barred until 2027-08-15.
"""

from __future__ import annotations

from pathlib import Path

from support_operations import Run, changed, fill_template

NOTICE = "GS-2026-01"
AWARD = ("award", NOTICE, "--document", "郑商务〔2026〕120号")


def test_award_before_the_period_ends_is_refused(repo: Path, shifan: Run) -> None:
    code, out, err = shifan(*AWARD, today="2026-12-01")
    assert code == 1
    assert "公示期至 2026-12-01 结束" in err
    assert "还不能认定" in err
    assert "Traceback" not in err
    assert out == ""
    assert changed(repo) == set()


def test_award_after_the_period_awards_every_listed_unit(repo: Path, shifan: Run) -> None:
    code, out, err = shifan(*AWARD, today="2026-12-02")
    assert (code, err) == (0, "")
    assert "认定 (awarded)" in out
    assert changed(repo) == {
        "registry/notices/GS-2026-01.yaml",
        "registry/units/park/ZZ-PRK-0006.yaml",
        "registry/units/enterprise/ZZ-ENT-0015.yaml",
        "registry/units/enterprise/ZZ-ENT-0016.yaml",
        "registry/units/training_base/ZZ-EDU-0007.yaml",
    }
    notice = (repo / "registry/notices/GS-2026-01.yaml").read_text(encoding="utf-8")
    assert notice.endswith(
        'decision:\n  date: 2026-12-02\n  document: "郑商务〔2026〕120号"\n'
        '  summary: "公示期满, 认定4家单位为郑州市电子商务示范单位"\n'
    )
    assert shifan("check", today="2026-12-02")[0] == 0
    code, _, err = shifan(*AWARD, today="2026-12-03")
    assert code == 1
    assert "已于 2026-12-02 作出认定决定" in err


def test_award_refuses_while_an_objection_is_unresolved(repo: Path, shifan: Run) -> None:
    objection = ("notice", "object", NOTICE, "ZZ-ENT-0016", "--summary", "反映销售占比不实")
    assert shifan(*objection, "--received", "2026-11-25", today="2026-11-27")[0] == 0
    assert changed(repo) == {"registry/notices/GS-2026-01.yaml"}
    code, _, err = shifan(*AWARD, today="2026-12-02")
    assert code == 1
    assert "未处理的异议: ZZ-ENT-0016 (2026-11-25)" in err
    assert changed(repo) == set()


def test_award_with_an_upheld_objection_is_refused_and_close_rejects_the_unit(
    repo: Path, shifan: Run
) -> None:
    objection = ("notice", "object", NOTICE, "ZZ-ENT-0016", "--summary", "反映销售占比不实")
    assert shifan(*objection, "--received", "2026-11-25", today="2026-11-27")[0] == 0
    resolve = ("notice", "resolve", NOTICE, "ZZ-ENT-0016", "--result", "upheld")
    code, out, _ = shifan(*resolve, "--resolution", "线上销售占比不足", today="2026-11-30")
    assert code == 0
    assert "异议成立" in out
    changed(repo)
    code, _, err = shifan(*AWARD, "--units", "ZZ-ENT-0016", today="2026-12-02")
    assert code == 1
    assert "对 ZZ-ENT-0016 的异议成立, 不能认定" in err
    assert changed(repo) == set()
    code, out, _ = shifan(*AWARD, today="2026-12-02")
    assert code == 0
    assert "ZZ-ENT-0016: 未认定" in out
    assert "registry/units/enterprise/ZZ-ENT-0016.yaml" not in changed(repo)
    code, out, _ = shifan("notice", "close", NOTICE, today="2026-12-02")
    assert code == 0
    assert "ZZ-ENT-0016" in out
    assert changed(repo) == {"registry/units/enterprise/ZZ-ENT-0016.yaml"}
    unit = (repo / "registry/units/enterprise/ZZ-ENT-0016.yaml").read_text(encoding="utf-8")
    assert unit.endswith(
        '  - type: rejected\n    date: 2026-12-02\n    document: "郑商务〔2026〕120号"\n'
        '    note: "公示期间异议成立"\n'
    )
    assert shifan("check", today="2026-12-02")[0] == 0


def test_objection_outside_the_period_is_refused(repo: Path, shifan: Run) -> None:
    objection = ("notice", "object", NOTICE, "ZZ-ENT-0016", "--summary", "逾期异议")
    code, _, err = shifan(*objection, "--received", "2026-12-02", today="2026-12-02")
    assert code == 1
    assert "不在公示期内" in err
    assert changed(repo) == set()


def test_notice_for_a_barred_unit_is_refused(repo: Path, shifan: Run) -> None:
    opened = ("notice", "open", "--units", "ZZ-ENT-0004", "--working-days", "5")
    code, _, err = shifan(*opened, "--department", "郑州市商务局电子商务处", today="2026-12-02")
    assert code == 1
    assert "至 2027-08-15 前不受理其申报" in err
    assert changed(repo) == set()


def test_notice_for_a_unit_already_awarded_is_refused(repo: Path, shifan: Run) -> None:
    opened = ("notice", "open", "--units", "ZZ-ENT-0001", "--working-days", "5")
    code, _, err = shifan(*opened, "--department", "郑州市商务局电子商务处", today="2026-12-02")
    assert code == 1
    assert "只有已推荐、尚未公示的单位可以公示" in err


def test_notice_in_a_year_with_no_known_calendar_is_refused(repo: Path, shifan: Run) -> None:
    # The demo's chinese-calendar knows years through 2026; 2030 has no schedule anywhere.
    new = ("new", "unit", "--kind", "enterprise", "--class", "platform_business")
    assert shifan(*new, "--district", "jinshui", today="2030-03-02")[0] == 0
    draft = repo / "registry/units/enterprise/ZZ-ENT-0022.yaml"
    fill_template(
        draft, name="郑州示例平台网络科技有限公司", serial=3
    )  # 1 is the template's own example code
    assert shifan("check", today="2030-03-02")[0] == 0, shifan("check", today="2030-03-02")
    changed(repo)
    opened = ("notice", "open", "--units", "ZZ-ENT-0022", "--working-days", "5")
    code, _, err = shifan(*opened, "--department", "郑州市商务局电子商务处", today="2030-03-04")
    assert code == 1
    assert "2030 年的法定节假日安排未知" in err
    assert "registry/calendar/2030.yaml" in err
    assert changed(repo) == set()


def test_nothing_is_written_while_the_roster_has_an_error(repo: Path, shifan: Run) -> None:
    unit = repo / "registry/units/park/ZZ-PRK-0001.yaml"
    unit.write_text(unit.read_text(encoding="utf-8").replace("kind: park", "kind: parc"), "utf-8")
    objection = ("notice", "object", NOTICE, "ZZ-ENT-0016", "--summary", "异议")
    code, _, err = shifan(*objection, "--received", "2026-11-25", today="2026-11-27")
    assert code == 1
    assert "名册有" in err
    assert "未写入任何内容" in err
    assert changed(repo) == {"registry/units/park/ZZ-PRK-0001.yaml"}
