"""A real git repository holding a copy of the demo roster, for the change tests."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from changes.gitrepo import Repo
from support import REPO


@pytest.fixture
def demo_repo(tmp_path: Path) -> Repo:
    """The demo roster and keys committed once on `main`, then on a branch `pr`."""
    root = tmp_path / "repo"
    root.mkdir()
    shutil.copytree(REPO / "registry", root / "registry")
    shutil.copytree(REPO / "keys", root / "keys")
    repo = Repo(root)
    repo.git("init", "-q", "-b", "main")
    repo.commit("demo roster")
    repo.git("checkout", "-q", "-b", "pr")
    return repo
