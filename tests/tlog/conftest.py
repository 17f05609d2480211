"""A copy of the demo roster with its public log, in a real git repository."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from support import REPO
from support_operations import git


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    root.mkdir()
    shutil.copytree(REPO / "registry", root / "registry")
    shutil.copytree(REPO / "keys", root / "keys")
    shutil.copytree(REPO / "log", root / "log")
    shutil.copy(REPO / ".gitignore", root / ".gitignore")
    git(root, "init", "-q", "-b", "main")
    git(root, "config", "user.email", "test@example.com")
    git(root, "config", "user.name", "test")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "demo roster with its log")
    return root
