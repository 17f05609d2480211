"""One unit from recommendation to revocation with commands alone, each step a clean diff;
and the single-unit commands' refusals (review, revoke, data-report, new)."""

from __future__ import annotations

import re
from pathlib import Path

from shifan.cli import main
from support_operations import Run, changed, fill_template

UNIT = "ZZ-ENT-0022"
UNIT_FILE = f"registry/units/enterprise/{UNIT}.yaml"


def test_a_unit_from_recommendation_to_revocation(
    repo: Path, shifan: Run, tmp_path: Path, capsys: object
) -> None:
    def step(*args: str, today: str, files: set[str]) -> str:
        code, out, err = shifan(*args, today=today)
        assert (code, err) == (0, ""), (args, err)
        assert changed(repo) == files, args
        checked = shifan("check", today=today)
        assert checked[0] == 0, checked
        assert "S905" not in checked[1], ("every file a command writes is canonical", checked)
        return out

    # The district recommends: the clerk writes the unit from the template and fills it in.
    code, out, _ = shifan(
        "new", "unit", "--kind", "enterprise", "--class", "platform_business",
        "--district", "jinshui", "--applied-on", "2026-11-20", "--recommended-on", "2026-11-26",
        today="2026-11-27",
    )  # fmt: skip
    assert code == 0
    assert f"新建 {UNIT} 的模板" in out
    fill_template(repo / UNIT_FILE, name="郑州示例平台网络科技有限公司", serial=7)
    assert changed(repo) == {UNIT_FILE}
    assert shifan("check", today="2026-11-27")[0] == 0

    out = step(
        "notice", "open", "--units", UNIT, "--working-days", "5",
        "--department", "郑州市商务局电子商务处", "--phone", "0371-67180000",
        today="2026-12-02", files={"registry/notices/GS-2026-02.yaml", UNIT_FILE},
    )  # fmt: skip
    assert "新建公示 GS-2026-02: 2026-12-02 发布, 5 个工作日, 截止 2026-12-08" in out
    step(
        "notice", "object", "GS-2026-02", UNIT, "--summary", "反映会员数量不实",
        "--received", "2026-12-04",
        today="2026-12-04", files={"registry/notices/GS-2026-02.yaml"},
    )  # fmt: skip
    step(
        "notice", "resolve", "GS-2026-02", UNIT, "--result", "dismissed",
        "--resolution", "经核查, 会员数量属实",
        today="2026-12-07", files={"registry/notices/GS-2026-02.yaml"},
    )  # fmt: skip
    # GS-2026-01 ended on 2026-12-01; award it first so that the demo stays tidy, then ours.
    step(
        "award", "GS-2026-02", "--document", "郑商务〔2026〕140号",
        today="2026-12-09", files={"registry/notices/GS-2026-02.yaml", UNIT_FILE},
    )  # fmt: skip

    keys = tmp_path / "outside"
    keys.mkdir(mode=0o700)
    assert main(
        ["keygen", "--kid", "9", "--out", str(keys / "k9.pem"),
         "--keys", str(repo / "keys"), "--today", "2026-12-09"]
    ) == 0  # fmt: skip
    changed(repo)
    out = step(
        "plaque", "issue", UNIT, "--key", str(keys / "k9.pem"),
        today="2026-12-10", files={UNIT_FILE},
    )  # fmt: skip
    serial = re.search(r"牌匾编号 (\d+)", out)
    assert serial is not None

    out = step(
        "review", UNIT, "--result", "fail", "--document", "郑商务〔2026〕150号",
        today="2026-12-20", files={UNIT_FILE},
    )  # fmt: skip
    assert f"shifan revoke {UNIT} --reason failed-review" in out
    out = step(
        "revoke", UNIT, "--reason", "failed-review", "--document", "郑商务〔2026〕151号",
        today="2026-12-21", files={UNIT_FILE},
    )  # fmt: skip
    assert f"shifan plaque void {serial.group(1)} --reason recalled" in out
    assert "不再受理" not in out  # a failed review bars nothing
    step(
        "plaque", "void", serial.group(1), "--reason", "recalled",
        today="2026-12-22", files={UNIT_FILE},
    )  # fmt: skip
    events = (repo / UNIT_FILE).read_text(encoding="utf-8").split("events:\n")[1]
    types = re.findall(r"type: (\w+)", events)
    assert types == [
        "recommended", "listed", "awarded", "plaque_issued", "review", "revoked",
        "plaque_voided",
    ]  # fmt: skip


def test_revoke_for_falsified_data_bars_the_unit_for_three_years(repo: Path, shifan: Run) -> None:
    revoke = ("revoke", "ZZ-ENT-0007", "--reason", "falsified", "--document", "郑商务〔2026〕132号")
    code, out, _ = shifan(*revoke, today="2026-11-27")
    assert code == 0
    assert "3 年内不再受理其申报: 至 2029-11-27 (含)" in out
    assert changed(repo) == {"registry/units/enterprise/ZZ-ENT-0007.yaml"}
    code, _, err = shifan(*revoke, today="2026-11-28")
    assert code == 1
    assert "不持有称号" in err


def test_revoke_for_a_failed_review_needs_the_failed_review(repo: Path, shifan: Run) -> None:
    revoke = (
        "revoke",
        "ZZ-ENT-0001",
        "--reason",
        "failed-review",
        "--document",
        "郑商务〔2026〕1号",
    )
    code, _, err = shifan(*revoke, today="2026-11-27")
    assert code == 1
    assert "shifan review ZZ-ENT-0001 --result fail" in err
    assert changed(repo) == set()


def test_review_pass_moves_the_next_review(repo: Path, shifan: Run) -> None:
    review = ("review", "ZZ-PRK-0005", "--result", "pass", "--document", "郑商务〔2026〕160号")
    code, out, _ = shifan(*review, today="2026-11-27")
    assert code == 0
    assert "下次复审: 2028-11-27 前" in out
    assert changed(repo) == {"registry/units/park/ZZ-PRK-0005.yaml"}


def test_review_of_a_national_title_is_refused(repo: Path, shifan: Run) -> None:
    review = ("review", "ZZ-ENT-0017", "--result", "pass", "--document", "郑商务〔2026〕160号")
    code, _, err = shifan(*review, today="2026-11-27")
    assert code == 1
    assert "市级不复审" in err


def test_data_report_records_the_figures_once_per_year(repo: Path, shifan: Run) -> None:
    report = ("data-report", "ZZ-PRK-0001", "--year", "2025")
    values = ("--values", "电子商务交易额_万元=301000", "电子商务从业人员_人=3300")
    code, out, _ = shifan(*report, *values, today="2026-11-27")
    assert code == 0
    assert "登记 2025 年度数据 (2 项)" in out
    assert changed(repo) == {"registry/units/park/ZZ-PRK-0001.yaml"}
    text = (repo / "registry/units/park/ZZ-PRK-0001.yaml").read_text(encoding="utf-8")
    assert text.endswith(
        '    period: "2025"\n'
        '    figures: {"电子商务交易额_万元": 301000, "电子商务从业人员_人": 3300}\n'
    )
    code, _, err = shifan(*report, *values, today="2026-11-28")
    assert code == 1
    assert "已登记 2025 年度的数据" in err
    code, _, err = shifan(*report[:3], "2026", *values, today="2026-11-28")
    assert code == 1
    assert "已结束的自然年度" in err
    code, _, err = shifan(*report, "--values", "交易额=很多", today="2026-11-28")
    assert code == 2
    assert "不是数字" in err


def test_new_figure_takes_the_next_free_id(repo: Path, shifan: Run) -> None:
    code, out, _ = shifan("new", "figure", today="2026-11-27")
    assert code == 0
    assert "ZZ-FIG-0009" in out
    assert changed(repo) == {"registry/figures/ZZ-FIG-0009.yaml"}
    code, _, err = shifan("new", "figure", today="2026-11-27")
    assert code == 1
    assert "未写入任何内容" in err


def test_new_unit_of_a_township_has_no_credit_code_and_no_class(repo: Path, shifan: Run) -> None:
    code, _, err = shifan(
        "new", "unit", "--kind", "township", "--class", "service", today="2026-11-27"
    )  # fmt: skip
    assert code == 1
    assert "--class 只适用于示范企业" in err
    code, _, _ = shifan(
        "new", "unit", "--kind", "township", "--district", "gongyi", today="2026-11-27"
    )  # fmt: skip
    assert code == 0
    text = (repo / "registry/units/township/ZZ-TWN-0007.yaml").read_text(encoding="utf-8")
    assert "credit_code" not in text
    assert "enterprise_class" not in text
