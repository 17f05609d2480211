"""A bureau's repository in a temporary folder (real git): the demo roster and keys, the site
configuration and page sources, committed on `main`, then one roster change on `pr`."""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest

from changes.gitrepo import Repo
from shifan.cli import main
from support import REPO, SITE_TODAY

SITE_URL = "https://shifan.example.org/"
UNIT = "registry/units/enterprise/ZZ-ENT-0001.yaml"


@dataclass(frozen=True)
class BureauRepo:
    repo: Repo
    base: str  # main: the demo roster
    head: str  # pr: one unit's address changed


@pytest.fixture(scope="module")
def bureau_repo(tmp_path_factory: pytest.TempPathFactory) -> BureauRepo:
    root = tmp_path_factory.mktemp("bureau") / "repo"
    root.mkdir()
    for folder in ("registry", "keys", "site_src", "log"):  # the public log, when there is one
        if (REPO / folder).is_dir():
            shutil.copytree(REPO / folder, root / folder)
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    (root / ".gitignore").write_text("/site/\n/diff.md\n", encoding="utf-8")
    repo = Repo(root)
    repo.git("init", "-q", "-b", "main")
    base = repo.commit("demo roster")
    repo.git("checkout", "-q", "-b", "pr")
    repo.edit(UNIT, lambda t: t.replace("云栈大厦12层", "云栈大厦16层"))
    head = repo.commit("ZZ-ENT-0001 新址")
    return BureauRepo(repo, base, head)


def build_into(repo: Path, out: Path) -> None:
    """`shifan build` of the checked-out commit, as CI runs it."""
    args = ["build", "--registry", str(repo / "registry"), "--keys", str(repo / "keys")]
    args += ["--config-file", str(repo / "mkdocs.yml"), "--today", SITE_TODAY]
    args += ["--site-url", SITE_URL, "--out", str(out)]
    assert main(args) == 0


@pytest.fixture(scope="module")
def published(bureau_repo: BureauRepo, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The site CI published from `pr` (read-only: copy it before changing anything)."""
    out = tmp_path_factory.mktemp("published") / "site"
    build_into(bureau_repo.repo.root, out)
    return out
