"""Per-record history from real git repositories; `fmt` and the S905 warning from the CLI."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
from pathlib import Path

import pytest

from changes.gitrepo import Repo
from shifan.assessment import assess
from shifan.changes.history import record_histories
from shifan.cli import main
from shifan.model import UnitId
from shifan.site.context import SiteContext, build_context
from shifan.site.pages.units import unit_body

PRK1 = "registry/units/park/ZZ-PRK-0001.yaml"
TODAY = dt.date(2026, 12, 20)


def _history_html(ctx: SiteContext) -> str:
    """The history section of ZZ-PRK-0001's page, as the site renders it."""
    page = unit_body(ctx, ctx.roster.units[UnitId("ZZ-PRK-0001")])
    return page[page.index('id="history"') :]


def test_history_says_what_each_commit_did_in_words(demo_repo: Repo) -> None:
    demo_repo.append(PRK1, "  - {type: plaque_voided, date: 2026-01-02, serial: 6, reason: lost}")
    voided = demo_repo.commit("void plaque 6")
    demo_repo.append(
        PRK1, "  - {type: revoked, date: 2026-01-03, reason: illegal, document: 郑商务〔2026〕3号}"
    )
    revoked = demo_repo.commit("revoke")
    a = assess(demo_repo.root / "registry", None, TODAY)
    history = record_histories(a)
    assert history.unavailable is None
    entries = history.records["ZZ-PRK-0001"]
    assert [e.commit for e in entries[:2]] == [revoked, voided]
    assert entries[0].day == dt.date(2026, 1, 4)  # the third commit's committer date
    assert "状态：有效 → 已撤销" in entries[0].texts
    assert "撤销称号：违法经营或欺诈（郑商务〔2026〕3号）" in entries[0].texts
    assert entries[1].texts == ("牌匾 No. 6 作废（遗失）",)
    assert entries[-1].texts[0].startswith("新增电子商务示范园区（基地） ZZ-PRK-0001")
    html = _history_html(build_context(a, "https://example.org/"))
    assert "牌匾 No. 6 作废（遗失）" in html
    assert revoked[:10] in html


def test_a_shallow_clone_and_a_tree_without_git_say_history_is_missing(
    demo_repo: Repo, tmp_path: Path
) -> None:
    demo_repo.append(PRK1, "  - {type: plaque_voided, date: 2026-01-02, serial: 6, reason: lost}")
    demo_repo.commit("second")
    shallow = tmp_path / "shallow"
    subprocess.run(
        ["git", "clone", "-q", "--depth", "1", f"file://{demo_repo.root}", str(shallow)],
        check=True,
    )
    plain = tmp_path / "plain"
    shutil.copytree(demo_repo.root / "registry", plain / "registry")
    shutil.copytree(demo_repo.root / "keys", plain / "keys")
    for root, says in ((shallow, "浅克隆"), (plain, "不在 git 仓库中")):
        a = assess(root / "registry", None, TODAY)
        ctx = build_context(a, "https://example.org/")
        assert ctx.history.unavailable is not None
        assert says in ctx.history.unavailable
        assert says in _history_html(ctx)


def test_fmt_check_reports_a_diff_then_fmt_rewrites_and_check_warns_s905(
    demo_repo: Repo, capsys: pytest.CaptureFixture[str]
) -> None:
    registry = demo_repo.root / "registry"
    demo_repo.edit(PRK1, lambda t: t.replace("kind: park\n", "").replace("id: ZZ-PRK-0001\n",
                   "id: ZZ-PRK-0001\n# kind follows\nkind: 'park'\n"))  # fmt: skip
    demo_repo.edit(PRK1, lambda t: t.replace("level: municipal\n", "") + "level: municipal\n")
    assert main(["check", "--registry", str(registry), "--today", "2026-11-27"]) == 0
    out = capsys.readouterr().out
    assert "registry/units/park/ZZ-PRK-0001.yaml:4:1: warning[S905]" in out
    before = (demo_repo.root / PRK1).read_text(encoding="utf-8")
    assert main(["fmt", "--check", "--registry", str(registry)]) == 1
    captured = capsys.readouterr()
    assert "+++ b/registry/units/park/ZZ-PRK-0001.yaml" in captured.out
    assert "1 file(s) not in the canonical layout" in captured.err
    assert (demo_repo.root / PRK1).read_text(encoding="utf-8") == before
    assert main(["fmt", "--registry", str(registry)]) == 0
    assert "formatted registry/units/park/ZZ-PRK-0001.yaml" in capsys.readouterr().out
    after = (demo_repo.root / PRK1).read_text(encoding="utf-8")
    assert after.splitlines()[1:5] == [
        "id: ZZ-PRK-0001",
        "# kind follows",
        'kind: "park"',
        "level: municipal",
    ]
    assert main(["fmt", "--check", "--registry", str(registry)]) == 0
    assert main(["check", "--registry", str(registry), "--today", "2026-11-27"]) == 0
    assert "S905" not in capsys.readouterr().out


def test_fmt_refuses_a_file_the_loader_refuses_and_leaves_it_alone(
    demo_repo: Repo, capsys: pytest.CaptureFixture[str]
) -> None:
    registry = demo_repo.root / "registry"
    demo_repo.append(PRK1, "name: twice")
    before = (demo_repo.root / PRK1).read_text(encoding="utf-8")
    assert main(["fmt", "--registry", str(registry)]) == 1
    assert "duplicate key `name`" in capsys.readouterr().err
    assert (demo_repo.root / PRK1).read_text(encoding="utf-8") == before


def test_check_does_not_add_a_layout_warning_to_a_file_with_errors(
    demo_repo: Repo, capsys: pytest.CaptureFixture[str]
) -> None:
    registry = demo_repo.root / "registry"
    demo_repo.edit(PRK1, lambda t: t.replace("kind: park\n", "") + "kind: park\nnmae: x\n")
    assert main(["check", "--registry", str(registry), "--today", "2026-11-27"]) == 1
    out = capsys.readouterr().out
    assert "ZZ-PRK-0001.yaml" in out
    assert "S905" not in out
