"""`shifan diff`: every kind of change line and every risky-change flag, on real git repos."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from pathlib import Path

import pytest

from changes.gitrepo import Repo
from shifan.changes.between import changes_between
from shifan.changes.engine import Change
from shifan.changes.render import md_escape
from shifan.cli import main

TODAY = dt.date(2026, 12, 20)
PRK1 = "registry/units/park/ZZ-PRK-0001.yaml"
PRK6 = "registry/units/park/ZZ-PRK-0006.yaml"

NEW_NOTICE = """\
id: GS-2026-02
title: 关于2026年度第二批拟认定名单的公示
published: 2026-12-15
working_days: 7
channel:
  department: 郑州市商务局电子商务处
entries:
  - unit: ZZ-ENT-0099
    achievements: 新平台
"""


def _diff(repo: Repo, base: str = "main", head: str = "pr") -> list[Change]:
    return changes_between(
        repo.root,
        repo.git("rev-parse", base).strip(),
        repo.git("rev-parse", head).strip(),
        registry="registry",
        keys="keys",
        today=TODAY,
    )


def _lines(changes: list[Change]) -> list[str]:
    return [f"{'!' if c.risky else '-'} {c.subject}: {c.text}" for c in changes]


def test_every_kind_of_change_line(demo_repo: Repo) -> None:
    r = demo_repo
    unit = (r.root / "registry/units/enterprise/ZZ-ENT-0015.yaml").read_text(encoding="utf-8")
    (r.root / "registry/units/enterprise/ZZ-ENT-0099.yaml").write_text(
        unit.replace("ZZ-ENT-0015", "ZZ-ENT-0099").replace("GS-2026-01", "GS-2026-02"),
        encoding="utf-8",
    )
    (r.root / "registry/notices/GS-2026-02.yaml").write_text(NEW_NOTICE, encoding="utf-8")
    r.edit(
        "registry/notices/GS-2026-01.yaml",
        lambda t: t + "decision:\n  date: 2026-12-05\n  document: 郑商务〔2026〕99号\n",
    )
    r.append(PRK6, "  - {type: awarded, date: 2026-12-05, document: 郑商务〔2026〕99号}")
    r.append(
        PRK6,
        f"  - {{type: plaque_issued, date: 2026-12-10, serial: 99, kid: '2', token: '{'1' * 40}'}}",
    )
    r.append(
        PRK1, "  - {type: review, date: 2026-12-01, result: passed, document: 郑商务〔2026〕5号}"
    )
    r.append(PRK1, "  - {type: plaque_voided, date: 2026-12-02, serial: 6, reason: lost}")
    figure = (r.root / "registry/figures/ZZ-FIG-0001.yaml").read_text(encoding="utf-8")
    (r.root / "registry/figures/ZZ-FIG-0009.yaml").write_text(
        figure.replace("ZZ-FIG-0001", "ZZ-FIG-0009"), encoding="utf-8"
    )
    r.edit("registry/standards/park.yaml", lambda t: t.replace("office_area_m2", "office_m2", 1))
    r.edit("registry/targets.yaml", lambda t: t.replace("count: 3}", "count: 4}", 1))
    r.commit("a bit of everything")
    lines = _lines(_diff(r))
    expected = [
        "- ZZ-ENT-0099: 新增电子商务示范企业 ZZ-ENT-0099",
        "- ZZ-ENT-0099: 列入公示 GS-2026-02",
        "- GS-2026-02: 新增公示 GS-2026-02《关于2026年度第二批拟认定名单的公示》",
        "- GS-2026-02: 公示状态：公示中",
        "- GS-2026-01: 作出认定决定（郑商务〔2026〕99号）",
        "- ZZ-PRK-0006: 状态：评审中 → 有效",
        "- ZZ-PRK-0006: 授予称号（郑商务〔2026〕99号）",
        "- ZZ-PRK-0006: 新增牌匾 No. 99",
        "- ZZ-PRK-0001: 复审通过（郑商务〔2026〕5号）",
        "- ZZ-PRK-0001: 牌匾 No. 6 作废（遗失）",
        "- ZZ-FIG-0009: 新增领军人物 ZZ-FIG-0009 李明远",
        "- standards/park: 创建标准已修改：电子商务示范园区（基地）",
        "- targets: 工作目标已修改",
    ]
    for want in expected:
        assert any(line.startswith(want) for line in lines), (want, lines)
    assert not any("删除" in line for line in lines), lines


def _award_without_document(r: Repo) -> None:
    r.append(PRK6, "  - {type: awarded, date: 2026-12-05}")


def _revocation_without_document(r: Repo) -> None:
    r.append(PRK1, "  - {type: revoked, date: 2026-12-05, reason: illegal}")


def _notice_edited_after_close(r: Repo) -> None:
    r.edit(
        "registry/notices/GS-2017-01.yaml",
        lambda t: t.replace("working_days: 7", "working_days: 8"),
    )


def _token_changed(r: Repo) -> None:
    r.edit(PRK1, lambda t: t.replace('token: "0175', 'token: "0176'))


def _plaque_removed(r: Repo) -> None:
    r.edit(PRK1, lambda t: re.sub(r"  - type: plaque_issued\n(    .*\n)+", "", t))


def _record_deleted(r: Repo) -> None:
    (r.root / "registry/figures/ZZ-FIG-0002.yaml").unlink()


def _unloadable_file_deleted(r: Repo) -> None:
    (r.root / "registry/figures/ZZ-FIG-0002.yaml").write_text("id: [\n", encoding="utf-8")
    r.commit("broken")
    r.git("branch", "-f", "main")
    (r.root / "registry/figures/ZZ-FIG-0002.yaml").unlink()


def _key_changed(r: Repo) -> None:
    key = sorted((r.root / "keys").iterdir())[0]
    key.write_bytes(key.read_bytes() + b"\n")


@pytest.mark.parametrize(
    ("edit", "flag"),
    [
        (_award_without_document, "ZZ-PRK-0006: 授予称号，但没有决定文件"),
        (_revocation_without_document, "ZZ-PRK-0001: 撤销称号：违法经营或欺诈，但没有决定文件"),
        (_notice_edited_after_close, "GS-2017-01: 公示已结束后又被修改"),
        (_token_changed, "ZZ-PRK-0001: 牌匾 No. 6 的令牌被修改"),
        (_plaque_removed, "ZZ-PRK-0001: 牌匾 No. 6 被删除"),
        (_record_deleted, "ZZ-FIG-0002: 删除了领军人物 ZZ-FIG-0002"),
        (_unloadable_file_deleted, "registry/figures/ZZ-FIG-0002.yaml: 删除了名册文件"),
        (_key_changed, "keys/"),
    ],
)
def test_every_risky_change_is_flagged(
    demo_repo: Repo, edit: Callable[[Repo], None], flag: str
) -> None:
    edit(demo_repo)
    demo_repo.commit("risky")
    risky = [line for line in _lines(_diff(demo_repo)) if line.startswith("!")]
    assert any(line[2:].startswith(flag) for line in risky), (flag, risky)


def test_an_unchanged_roster_says_so_and_base_defaults_to_the_merge_base(
    demo_repo: Repo, capsys: pytest.CaptureFixture[str]
) -> None:
    demo_repo.commit("nothing")
    registry = str(demo_repo.root / "registry")
    assert main(["diff", "--registry", registry, "--today", "2026-12-20"]) == 0
    assert "对公开记录没有影响" in capsys.readouterr().out


def test_markdown_escapes_roster_values(
    demo_repo: Repo, capsys: pytest.CaptureFixture[str]
) -> None:
    hostile = "云谷 <img src=x> **粗** [链接](http://x) | `code` _i_"
    demo_repo.edit(PRK1, lambda t: t.replace("name: 郑州云谷电子商务产业园", f'name: "{hostile}"'))
    demo_repo.commit("hostile")
    registry = str(demo_repo.root / "registry")
    code = main(
        [
            "diff",
            "main",
            "pr",
            "--registry",
            registry,
            "--format",
            "markdown",
            "--today",
            "2026-12-20",
        ]
    )
    out = capsys.readouterr().out
    assert code == 0
    assert md_escape(hostile) in out
    for raw in ("<img", "**粗**", "[链接]", "| `code`", " _i_"):
        assert raw not in out
    assert "\x1b" not in md_escape("a\x1b[31mb")


@pytest.mark.parametrize(
    ("args", "message"),
    [(["no-such-rev", "HEAD"], "no such git revision"), (["--", "-x"], "not a revision")],
)
def test_bad_revisions_are_usage_errors(
    demo_repo: Repo, capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    registry = str(demo_repo.root / "registry")
    assert main(["diff", "--registry", registry, *args]) == 2
    assert message in capsys.readouterr().err


def test_outside_git_is_a_usage_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "registry").mkdir()
    assert main(["diff", "--registry", str(tmp_path / "registry")]) == 2
    assert "not in a git repository" in capsys.readouterr().err
