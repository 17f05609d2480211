"""Links, special files and foreign folders: the registry walk never leaves the registry.

The roster arrives by pull request, file types included: a link to `/etc/passwd`, a linked
system folder or a FIFO must be reported (S109) without being opened, listed or waited on,
and a folder that is not a registry (`--registry /`) is refused before anything is read.
Commands that could block run in a child process with a timeout, so a regression fails
instead of hanging the suite.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from shifan.cli import main
from shifan.errors import Problem, RegistryError
from shifan.loader.registry import load_roster
from support import REPO, small_registry

SECRET = "s3cr3t-OUTSIDE-the-registry: do not print"
OUTSIDE_UNIT = "id: ZZ-PRK-0002\n" + "name: " + SECRET + "\n"


def _check(registry: Path, *extra: str) -> tuple[int, str, str]:
    """`shifan check` in a child process (a blocking read fails the test, not the suite)."""
    done = subprocess.run(
        [sys.executable, "-m", "shifan", "check", "--registry", str(registry), *extra],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=REPO,
        check=False,
    )
    return done.returncode, done.stdout, done.stderr


def _outside(tmp_path: Path) -> Path:
    outside = tmp_path / "outside"
    (outside / "sub").mkdir(parents=True)
    (outside / "secret.yaml").write_text(SECRET + "\n", encoding="utf-8")
    (outside / "ZZ-PRK-0002.yaml").write_text(OUTSIDE_UNIT, encoding="utf-8")
    return outside


def _s109(problems: list[Problem]) -> list[str]:
    return sorted(p.loc.path for p in problems if p.code == "S109")


@pytest.mark.parametrize(
    "link",
    [
        "units/park/ZZ-PRK-0002.yaml",  # a record that is a link to a file outside
        "districts.yaml",  # a top-level file
        "figures/ZZ-FIG-0009.yaml",
        "calendar/2030.yaml",
    ],
)
def test_check_follows_symlinks_out_of_registry_file(tmp_path: Path, link: str) -> None:
    outside = _outside(tmp_path)
    registry = small_registry(tmp_path / "repo")
    target = registry / link
    target.parent.mkdir(parents=True, exist_ok=True)
    target.unlink(missing_ok=True)
    target.symlink_to(outside / "secret.yaml")
    _, problems = load_roster(registry)
    assert _s109(problems) == [f"registry/{link}"]
    assert all(SECRET not in p.message and "s3cr3t" not in p.message for p in problems)
    code, out, err = _check(registry, "--format", "json")
    assert code == 1
    assert "s3cr3t" not in out + err


@pytest.mark.parametrize("link", ["units/park", "units", "notices", "standards"])
def test_check_follows_symlinks_out_of_registry_folder(tmp_path: Path, link: str) -> None:
    outside = _outside(tmp_path)
    registry = small_registry(tmp_path / "repo")
    target = registry / link
    for child in sorted(target.rglob("*"), reverse=True):
        child.unlink() if child.is_file() else child.rmdir()
    target.rmdir()
    target.symlink_to(outside, target_is_directory=True)
    _, problems = load_roster(registry)
    assert _s109(problems) == [f"registry/{link}"]
    listed = " ".join(f"{p.loc.path} {p.message}" for p in problems)
    for name in ("secret", "ZZ-PRK-0002", "sub"):
        assert name not in listed


def test_check_blocks_on_fifo_in_registry(tmp_path: Path) -> None:
    registry = small_registry(tmp_path)
    os.mkfifo(registry / "units" / "park" / "ZZ-PRK-0002.yaml")
    os.mkfifo(registry / "targets.yaml")
    code, out, err = _check(registry, "--today", "2026-11-27")
    assert code == 1, err
    assert "registry/units/park/ZZ-PRK-0002.yaml:1:1: error[S109]" in out
    assert "registry/targets.yaml:1:1: error[S109]" in out


def test_check_walks_the_file_system_from_root(tmp_path: Path) -> None:
    code, out, err = _check(Path("/"))
    assert code == 2
    assert out == ""
    assert "does not look like a registry folder" in err
    assert err.startswith("shifan: / 不像名册文件夹：")  # Chinese first, the English in brackets
    assert "提示：用 --registry DIR 指明名册文件夹" in err
    assert "Traceback" not in err


def test_check_registry_that_is_a_symlink(tmp_path: Path) -> None:
    real = small_registry(tmp_path / "real")
    (tmp_path / "repo").mkdir()
    link = tmp_path / "repo" / "registry"
    link.symlink_to(real, target_is_directory=True)
    with pytest.raises(RegistryError, match="symbolic link"):
        load_roster(link)
    assert main(["check", "--registry", str(link)]) == 2


def test_foreign_folder_is_refused_but_an_empty_one_is_not(tmp_path: Path) -> None:
    foreign = tmp_path / "etc"
    (foreign / "ssh").mkdir(parents=True)
    (foreign / "passwd").write_text("root:x:0:0\n", encoding="utf-8")
    with pytest.raises(RegistryError, match="does not look like a registry"):
        load_roster(foreign)
    empty = tmp_path / "registry"
    empty.mkdir()
    roster, problems = load_roster(empty)
    assert problems == []
    assert not roster.units
