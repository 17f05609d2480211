"""`shifan diff` on the public log: appended entries are news, rewritten history is risky."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from shifan.cli import main
from support_operations import git
from support_tlog import TODAY


def diff(repo: Path, base: str, capsys: Any) -> str:
    capsys.readouterr()
    code = main(["diff", base, "HEAD", "--registry", str(repo / "registry"), "--today", TODAY])
    assert code == 0
    out: str = capsys.readouterr().out
    return out


def test_appended_entries_are_news_and_a_rewritten_line_is_risky(repo: Path, capsys: Any) -> None:
    base = git(repo, "rev-parse", "HEAD").strip()
    revoke = ["revoke", "ZZ-ENT-0007", "--reason", "falsified", "--document", "郑商务〔2026〕132号"]
    code = main([*revoke, "--registry", str(repo / "registry"), "--today", TODAY])
    assert code == 0
    git(repo, "commit", "-qam", "revoke")
    out = diff(repo, base, capsys)
    assert "公开日志追加了 1 条" in out
    assert "日志只能追加" not in out

    log = repo / "log" / "entries.jsonl"
    log.write_text(log.read_text(encoding="utf-8").replace("86号", "88号", 1), encoding="utf-8")
    git(repo, "commit", "-qam", "rewrite history")
    out = diff(repo, base, capsys)
    assert "log/entries.jsonl" in out
    assert "日志只能追加" in out
