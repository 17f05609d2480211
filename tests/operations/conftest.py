"""A copy of the demo roster in a real git repository, and a way to run `shifan` on it."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from shifan.cli import main
from support import REPO
from support_operations import Run, git


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    root.mkdir()
    shutil.copytree(REPO / "registry", root / "registry")
    shutil.copytree(REPO / "keys", root / "keys")
    shutil.copy(REPO / ".gitignore", root / ".gitignore")  # the registry lock stays out
    git(root, "init", "-q")
    git(root, "config", "user.email", "test@example.com")
    git(root, "config", "user.name", "test")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "demo roster")
    return root


@pytest.fixture
def shifan(repo: Path, capsys: pytest.CaptureFixture[str]) -> Run:
    """`shifan ARGS --registry repo/registry --today TODAY` → (exit code, stdout, stderr)."""

    def run(*args: str, today: str) -> tuple[int, str, str]:
        capsys.readouterr()
        code = main([*args, "--registry", str(repo / "registry"), "--today", today])
        out, err = capsys.readouterr()
        return code, out, err

    return run
