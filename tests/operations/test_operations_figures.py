"""Leading figures (领军人物) through a notice: `notice open --figures`, objections, `award`;
a figure's file gets only its `awarded` event, the notice stands for its listing."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from shifan.assessment import assess
from shifan.status import State
from support_operations import Run, changed

FIGURE = "ZZ-FIG-0009"
FIGURE_FILE = f"registry/figures/{FIGURE}.yaml"
NOTICE_FILE = "registry/notices/GS-2026-02.yaml"
OPEN = (
    "notice", "open", "--figures", FIGURE, "--working-days", "5",
    "--department", "郑州市商务局电子商务处",
)  # fmt: skip


def new_figure(repo: Path, shifan: Run) -> None:
    """`shifan new figure`, filled in as a clerk would."""
    assert shifan("new", "figure", today="2026-12-01")[0] == 0
    path = repo / FIGURE_FILE
    text = path.read_text(encoding="utf-8")
    text = text.replace("\nname:\n", "\nname: 赵一鸣\n")
    text = text.replace("# affiliation_unit: ZZ-ENT-0001", "affiliation_unit: ZZ-ENT-0001")
    text = text.replace("\nfield_of_work:\n", "\nfield_of_work: 跨境电子商务\n")
    text = text.replace("\ncitation:\n", "\ncitation: 带动300余家企业开展跨境电商业务。\n")
    path.write_text(text, encoding="utf-8")
    assert shifan("check", today="2026-12-01")[0] == 0
    changed(repo)


def state(repo: Path, today: str) -> State:
    a = assess(repo / "registry", repo / "keys", dt.date.fromisoformat(today))
    return a.figures[FIGURE].state  # type: ignore[index]


def test_a_figure_from_notice_to_award(repo: Path, shifan: Run) -> None:
    new_figure(repo, shifan)

    def step(*args: str, today: str, files: set[str]) -> str:
        code, out, err = shifan(*args, today=today)
        assert (code, err) == (0, ""), (args, err)
        assert changed(repo) == files, args
        assert shifan("check", today=today)[0] == 0
        return out

    out = step(*OPEN, today="2026-12-02", files={NOTICE_FILE})
    assert f"{FIGURE} 赵一鸣: 列入公示 GS-2026-02 (领军人物)" in out
    notice = (repo / NOTICE_FILE).read_text(encoding="utf-8")
    assert 'title: "关于2026年度郑州市电子商务领军人物拟认定名单的公示"' in notice
    entry = f'  - figure: "{FIGURE}"\n    achievements: "带动300余家企业开展跨境电商业务。"\n'
    assert entry in notice
    # In the notice, not yet honoured (a figure with no event used to count as awarded).
    assert state(repo, "2026-12-02") is State.IN_NOTICE
    assert state(repo, "2026-12-09") is State.PENDING

    step(
        "notice", "object", "GS-2026-02", FIGURE, "--summary", "反映带动企业数量不实",
        "--received", "2026-12-03", today="2026-12-03", files={NOTICE_FILE},
    )  # fmt: skip
    assert f'    figure: "{FIGURE}"\n' in (repo / NOTICE_FILE).read_text(encoding="utf-8")
    step(
        "notice", "resolve", "GS-2026-02", FIGURE, "--result", "dismissed",
        "--resolution", "经核查属实", today="2026-12-07", files={NOTICE_FILE},
    )  # fmt: skip
    out = step(
        "award", "GS-2026-02", "--document", "郑商务〔2026〕140号",
        today="2026-12-09", files={NOTICE_FILE, FIGURE_FILE},
    )  # fmt: skip
    assert f"{FIGURE} 赵一鸣: 认定 (awarded) 郑商务〔2026〕140号" in out
    assert "认定1人为郑州市电子商务领军人物" in (repo / NOTICE_FILE).read_text(encoding="utf-8")
    awarded = '  - type: awarded\n    date: 2026-12-09\n    document: "郑商务〔2026〕140号"\n'
    assert (repo / FIGURE_FILE).read_text(encoding="utf-8").endswith("events:\n" + awarded)
    assert state(repo, "2026-12-09") is State.AWARDED


def test_a_figure_with_an_upheld_objection_is_not_awarded(repo: Path, shifan: Run) -> None:
    new_figure(repo, shifan)
    assert shifan(*OPEN, today="2026-12-02")[0] == 0
    objection = ("notice", "object", "GS-2026-02", FIGURE, "--summary", "反映事迹不实")
    assert shifan(*objection, "--received", "2026-12-03", today="2026-12-03")[0] == 0
    resolve = ("notice", "resolve", "GS-2026-02", FIGURE, "--result", "upheld")
    assert shifan(*resolve, "--resolution", "经核查不实", today="2026-12-04")[0] == 0
    changed(repo)
    award = ("award", "GS-2026-02", "--document", "郑商务〔2026〕140号")
    code, _, err = shifan(*award, "--units", FIGURE, today="2026-12-09")
    assert code == 1
    assert f"对 {FIGURE} 的异议成立, 不能认定" in err
    code, out, err = shifan("notice", "close", "GS-2026-02", "--document", "郑商务〔2026〕141号",
                            today="2026-12-09")  # fmt: skip
    assert (code, err) == (0, ""), err
    assert f"{FIGURE} 赵一鸣: 未予认定 (领军人物, 以公示的认定决定为准)" in out
    assert changed(repo) == {NOTICE_FILE}, "a figure's file gets no `rejected` event"
    assert state(repo, "2026-12-09") is State.REJECTED
    assert shifan("check", today="2026-12-09")[0] == 0


def test_notice_refuses_figures_already_honoured_or_listed(repo: Path, shifan: Run) -> None:
    opened = ("notice", "open", "--working-days", "5", "--department", "电子商务处")
    code, _, err = shifan(*opened, "--figures", "ZZ-FIG-0001", today="2026-12-02")
    assert code == 1
    assert "ZZ-FIG-0001 已认定为领军人物" in err
    code, _, err = shifan(*opened, "--figures", "ZZ-FIG-0099", today="2026-12-02")
    assert code == 1
    assert "名册中没有领军人物 'ZZ-FIG-0099'" in err
    code, _, err = shifan(*opened, today="2026-12-02")
    assert code == 1
    assert "请列出要公示的单位 (--units) 或领军人物 (--figures)" in err
    new_figure(repo, shifan)
    assert shifan(*opened, "--figures", FIGURE, today="2026-12-02")[0] == 0
    changed(repo)
    code, _, err = shifan(*opened, "--figures", FIGURE, today="2026-12-03")
    assert code == 1
    assert f"{FIGURE} 已列入公示 GS-2026-02" in err
    assert changed(repo) == set()
