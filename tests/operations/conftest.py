"""A copy of the demo roster in a real git repository, and a way to run `shifan` on it."""

from __future__ import annotations

from pathlib import Path

import pytest

from shifan.cli import main
from support_operations import Run, demo_repo


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    return demo_repo(tmp_path / "repo")


@pytest.fixture
def shifan(repo: Path, capsys: pytest.CaptureFixture[str]) -> Run:
    """`shifan ARGS --registry repo/registry --today TODAY` → (exit code, stdout, stderr)."""

    def run(*args: str, today: str) -> tuple[int, str, str]:
        capsys.readouterr()
        code = main([*args, "--registry", str(repo / "registry"), "--today", today])
        out, err = capsys.readouterr()
        return code, out, err

    return run
