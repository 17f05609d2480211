"""A copy of the demo roster with its public log in a real git repository, and its site files."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from shifan.assessment import assess
from shifan.signing.crypto import SigningKey
from shifan.site.api import api_files
from shifan.tlog.publish import site_files
from support import REPO
from support_operations import git

TODAY = "2026-12-01"


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


def publish(repo: Path, out: Path, signer: SigningKey | None = None) -> Path:
    """What a build writes for the log: the status documents and log/ (MkDocs not needed)."""
    a = assess(repo / "registry", None, dt.date.fromisoformat(TODAY))
    assert a.ok, a.errors
    assert a.log is not None
    for rel, data in {**api_files(a, site_url="/"), **site_files(a.log, signer)}.items():
        path = out / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    return out
