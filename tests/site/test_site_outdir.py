"""`shifan build --out DIR` never empties a folder it did not make.

MkDocs empties its site folder before building, so `--out registry` used to delete the
roster. Every refusal is checked against a snapshot of the whole repository copy.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from shifan.cli import main
from shifan.outdir import (
    MARKER,
    MARKER_TEXT,
    OutFolderRefused,
    check_out_folder,
    replacing,
    standard_guards,
)
from support import REPO, SITE_TODAY


def make_repo(root: Path) -> Path:
    """A git work tree holding copies of the roster, keys, page sources and mkdocs.yml."""
    repo = root / "repo"
    repo.mkdir()
    for name in ("registry", "keys", "site_src"):
        shutil.copytree(REPO / name, repo / name)
    shutil.copy(REPO / "mkdocs.yml", repo / "mkdocs.yml")
    subprocess.run(["git", "init", "-q", str(repo)], check=True)
    return repo


def build(repo: Path, out: Path | str) -> int:
    args = ["build", "--registry", str(repo / "registry"), "--keys", str(repo / "keys")]
    args += ["--config-file", str(repo / "mkdocs.yml"), "--today", SITE_TODAY, "--out", str(out)]
    return main(args)


def snapshot(root: Path) -> dict[str, bytes | None]:
    """Every path under `root` (outside .git) with the bytes of each file."""
    found: dict[str, bytes | None] = {}
    for path in sorted(root.rglob("*")):
        rel = path.relative_to(root)
        if rel.parts[0] == ".git":
            continue
        is_file = path.is_file() and not path.is_symlink()
        found[rel.as_posix()] = path.read_bytes() if is_file else None
    return found


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    return make_repo(tmp_path)


REFUSED: dict[str, Callable[[Path], Path]] = {
    "the registry": lambda repo: repo / "registry",
    "a folder inside the registry": lambda repo: repo / "registry" / "site",
    "a record folder": lambda repo: repo / "registry" / "units",
    "the keys": lambda repo: repo / "keys",
    "a folder inside the keys": lambda repo: repo / "keys" / "site",
    "the page sources": lambda repo: repo / "site_src",
    "a folder inside the page sources": lambda repo: repo / "site_src" / "built",
    "the repository root": lambda repo: repo,
    "the repository root, relative": lambda repo: repo / "registry" / "..",
    "a parent of the repository": lambda repo: repo.parent,
    "the .git folder": lambda repo: repo / ".git",
    "a folder inside .git": lambda repo: repo / ".git" / "site",
    "the home folder": lambda repo: Path(os.environ["HOME"]),
    "a parent of the home folder": lambda repo: Path(os.environ["HOME"]).parent,
}


@pytest.mark.parametrize("family", sorted(REFUSED))
def test_build_out_refuses_the_operators_folders(
    family: str, repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Defect: `shifan build --out registry` (or keys, or the repository) emptied it."""
    out = REFUSED[family](repo)
    before = snapshot(repo.parent)
    assert build(repo, out) == 2
    err = capsys.readouterr().err
    assert "refusing --out" in err
    assert "提示：build into a new folder" in err
    assert "Traceback" not in err
    assert snapshot(repo.parent) == before


def test_build_out_refuses_a_folder_that_shifan_did_not_make(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A folder with a private key (or anything else) in it, and no marker, stays as it was."""
    folder = repo.parent / "secret"
    folder.mkdir()
    (folder / "9.pem").write_bytes(b"not really a key\n")
    assert build(repo, folder) == 2
    assert "was not made by `shifan build`" in capsys.readouterr().err
    assert (folder / "9.pem").read_bytes() == b"not really a key\n"
    (folder / "9.pem").unlink()
    file = repo.parent / "a-file"
    file.write_text("x")
    assert build(repo, file) == 2
    assert "it is not a folder" in capsys.readouterr().err
    assert file.read_text() == "x"


def test_build_out_refuses_a_symlink_to_the_registry(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    link = repo.parent / "site"
    link.symlink_to(repo / "registry", target_is_directory=True)
    before = snapshot(repo)
    assert build(repo, link) == 2
    assert "it is the registry folder" in capsys.readouterr().err
    assert snapshot(repo) == before
    assert link.is_symlink()


@pytest.mark.parametrize("where", ["/", "home", "registry parent"])
def test_the_root_and_home_folders_are_guarded(where: str, repo: Path) -> None:
    """Checked without building (a regression here must not be able to delete anything)."""
    config, docs = repo / "mkdocs.yml", repo / "site_src"
    guards = standard_guards(
        registry=repo / "registry", keys=repo / "keys", config_file=config, docs_dir=docs
    )
    target = {"/": Path("/"), "home": Path("~"), "registry parent": repo / "registry/.."}[where]
    with pytest.raises(OutFolderRefused):
        check_out_folder(target, guards)


def test_a_previous_shifan_site_is_replaced(built_site: Path, repo: Path) -> None:
    out = repo / "site"
    shutil.copytree(built_site, out)
    assert (out / MARKER).read_bytes() == MARKER_TEXT
    (out / "stale.html").write_text("from an older build")
    assert build(repo, out) == 0
    assert not (out / "stale.html").exists()
    assert (out / MARKER).read_bytes() == MARKER_TEXT
    assert (out / "index.html").is_file()
    assert sorted(p.name for p in repo.iterdir() if "shifan-" in p.name) == []


def test_a_failed_build_leaves_the_old_site_intact(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = repo / "site"
    out.mkdir()
    (out / MARKER).write_bytes(MARKER_TEXT)
    (out / "index.html").write_text("the site people see today")
    before = snapshot(out)
    (repo / "site_src" / "lists").mkdir()
    (repo / "site_src" / "lists" / "index.md").write_text("# clashes with a generated page\n")
    assert build(repo, out) == 1
    assert "the site build failed" in capsys.readouterr().err
    assert snapshot(out) == before
    assert sorted(p.name for p in repo.iterdir() if "shifan-" in p.name) == []


def test_replacing_swaps_only_on_success(tmp_path: Path) -> None:
    target = tmp_path / "site"
    target.mkdir()
    (target / MARKER).write_bytes(MARKER_TEXT)
    (target / "old.html").write_text("old")

    def broken_build() -> None:
        with replacing(target) as new:
            (new / "half.html").write_text("half")
            raise RuntimeError("the build broke")

    with pytest.raises(RuntimeError):
        broken_build()
    assert sorted(p.name for p in target.iterdir()) == [MARKER, "old.html"]
    assert [p.name for p in tmp_path.iterdir()] == ["site"]
    with replacing(target) as new:
        (new / "new.html").write_text("new")
    assert sorted(p.name for p in target.iterdir()) == [MARKER, "new.html"]
    assert [p.name for p in tmp_path.iterdir()] == ["site"]


def test_an_empty_folder_or_a_new_path_is_accepted(tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    assert check_out_folder(empty, []) == empty.resolve()
    deep = tmp_path / "a" / "b" / "site"
    assert check_out_folder(deep, []) == deep.resolve()
    with replacing(deep) as new:
        (new / "index.html").write_text("x")
    assert (deep / MARKER).is_file()


def test_serve_writes_nothing_into_the_operators_folders(repo: Path) -> None:
    """`shifan serve` builds into a temporary folder of its own (never `site_dir`, never the
    roster, keys or page sources): after serving a page, the repository is unchanged."""
    import signal
    import socket
    import sys
    import time
    import urllib.request

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    before = snapshot(repo)
    argv = [sys.executable, "-m", "shifan", "serve", "--today", SITE_TODAY]
    argv += ["--dev-addr", f"127.0.0.1:{port}"]
    log = repo.parent / "serve.log"
    with log.open("w") as errors:
        server = subprocess.Popen(argv, cwd=repo, stdout=subprocess.DEVNULL, stderr=errors)
    try:
        deadline = time.monotonic() + 180
        page = b""
        while time.monotonic() < deadline and server.poll() is None and not page:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5) as response:
                    page = response.read()
            except OSError:
                time.sleep(0.5)
        assert b"<html" in page, log.read_text()
    finally:
        server.send_signal(signal.SIGINT)
        server.wait(timeout=60)
    assert snapshot(repo) == before
