"""`./run test` checks for Chromium, the CJK font, pdftotext, Node.js and npm before anything else
(`./run preflight`), then installs the old browser engines (`./run engines`)."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from support import REPO

INSTALL_HINT = "sudo apt-get install chromium fonts-wqy-microhei poppler-utils nodejs npm"


def run_script(
    *args: str, chromium: Path, font: Path, **extra_env: str
) -> subprocess.CompletedProcess[str]:
    folder = chromium.parent
    env = {
        **os.environ,
        "SHIFAN_NO_INSTALL": "1",  # never apt-get from a test
        "SHIFAN_PREFLIGHT_CHROMIUM": str(chromium),
        "SHIFAN_PREFLIGHT_FONT": str(font),
        "SHIFAN_PREFLIGHT_PDFTOTEXT": str(folder / "pdftotext"),
        "SHIFAN_PREFLIGHT_NODE": str(folder / "node"),
        "SHIFAN_PREFLIGHT_NPM": str(folder / "npm"),
        **extra_env,
    }
    return subprocess.run(
        ["bash", str(REPO / "run"), *args],
        env=env,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )


def fake_program(path: Path, script: str = "") -> Path:
    """An executable shell script that logs its arguments and folder to `<path>.log`."""
    path.write_text(f'#!/bin/sh\necho "$(pwd) $*" >> "{path}.log"\n{script}')
    path.chmod(0o755)
    return path


def present(tmp_path: Path) -> tuple[Path, Path]:
    """Stand-ins for Chromium, the font, pdftotext, node and npm in `tmp_path`."""
    chromium = fake_program(tmp_path / "chromium")
    fake_program(tmp_path / "pdftotext")
    fake_program(tmp_path / "node")
    fake_program(tmp_path / "npm")
    font = tmp_path / "font.ttc"
    font.write_bytes(b"ttcf")
    return chromium, font


def test_preflight_passes_when_both_are_there(tmp_path: Path) -> None:
    chromium, font = present(tmp_path)
    result = run_script("preflight", chromium=chromium, font=font)
    assert result.returncode == 0, result.stderr
    assert "in place" in result.stderr


@pytest.mark.parametrize(
    ("missing", "named", "not_named"),
    [
        ("chromium", "Chromium at", "CJK font"),
        ("font.ttc", "fonts-wqy-microhei", "Chromium at"),
        ("pdftotext", "Debian package poppler-utils", "CJK font"),
        ("node", "Debian package nodejs", "Debian package npm"),
        ("npm", "Debian package npm", "Debian package nodejs"),
    ],
)
def test_something_missing_stops_with_the_install_command(
    tmp_path: Path, missing: str, named: str, not_named: str
) -> None:
    chromium, font = present(tmp_path)
    (tmp_path / missing).unlink()
    result = run_script("preflight", chromium=chromium, font=font)
    assert result.returncode == 3
    assert named in result.stderr
    assert not_named not in result.stderr
    assert INSTALL_HINT in result.stderr


def test_a_chromium_that_is_not_executable_counts_as_missing(tmp_path: Path) -> None:
    chromium, font = present(tmp_path)
    chromium.chmod(0o644)
    result = run_script("preflight", chromium=chromium, font=font)
    assert result.returncode == 3
    assert INSTALL_HINT in result.stderr


def test_run_test_stops_before_pytest_when_something_is_missing(tmp_path: Path) -> None:
    result = run_script("test", chromium=tmp_path / "none", font=tmp_path / "none.ttc")
    assert result.returncode == 3
    assert INSTALL_HINT in result.stderr
    assert "passed" not in result.stdout
    assert "failed" not in result.stdout
    assert result.stdout == ""


def engines_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "oldengines"
    folder.mkdir()
    (folder / "package-lock.json").write_text("{}")
    return folder


def test_engines_runs_npm_ci_once_then_only_unpacks(tmp_path: Path) -> None:
    chromium, font = present(tmp_path)
    folder = engines_dir(tmp_path)
    # the stand-in npm installs like npm ci does: it writes the hidden lockfile
    fake_program(
        tmp_path / "npm", "mkdir -p node_modules && touch node_modules/.package-lock.json\n"
    )
    for _ in range(2):
        result = run_script(
            "engines",
            chromium=chromium,
            font=font,
            SHIFAN_NO_INSTALL="",
            SHIFAN_ENGINES_DIR=str(folder),
        )
        assert result.returncode == 0, result.stderr
    npm_calls = (tmp_path / "npm.log").read_text().splitlines()
    assert npm_calls == [f"{folder} ci --no-audit --no-fund --loglevel=error"]
    node_calls = (tmp_path / "node.log").read_text().splitlines()
    assert [call.split()[1:] for call in node_calls] == [[f"{folder}/unpack.js"]] * 2


def test_engines_without_install_permission_stops_with_the_command(tmp_path: Path) -> None:
    chromium, font = present(tmp_path)
    folder = engines_dir(tmp_path)
    result = run_script("engines", chromium=chromium, font=font, SHIFAN_ENGINES_DIR=str(folder))
    assert result.returncode == 3
    assert f"(cd {folder} && npm ci)" in result.stderr
    assert not (tmp_path / "npm.log").exists()
