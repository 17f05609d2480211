"""A git work tree in a temporary folder, driven by the real `git` binary."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Callable
from pathlib import Path


class Repo:
    """A git work tree in a temporary folder; `commit` uses fixed author and committer dates."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.ticks = 0

    def git(self, *args: str) -> str:
        env = {
            **os.environ,
            "GIT_AUTHOR_DATE": f"2026-01-{1 + self.ticks:02d}T10:00:00+08:00",
            "GIT_COMMITTER_DATE": f"2026-01-{1 + self.ticks:02d}T10:00:00+08:00",
        }
        done = subprocess.run(
            [
                "git",
                "-C",
                str(self.root),
                "-c",
                "user.name=测试",
                "-c",
                "user.email=t@example.com",
                "-c",
                "commit.gpgsign=false",
                *args,
            ],
            capture_output=True,
            text=True,
            check=True,
            env=env,
        )
        return done.stdout

    def commit(self, message: str) -> str:
        self.ticks += 1
        self.git("add", "-A")
        self.git("commit", "-q", "--allow-empty", "-m", message)
        return self.git("rev-parse", "HEAD").strip()

    def edit(self, rel: str, change: Callable[[str], str]) -> None:
        path = self.root / rel
        path.write_text(change(path.read_text(encoding="utf-8")), encoding="utf-8")

    def append(self, rel: str, line: str) -> None:
        self.edit(rel, lambda text: text + line + "\n")
