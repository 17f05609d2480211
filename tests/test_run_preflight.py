"""`./run test` checks for Chromium and the CJK font before anything else (`./run preflight`)."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from support import REPO

INSTALL_HINT = "sudo apt-get install chromium fonts-wqy-microhei"


def run_script(*args: str, chromium: Path, font: Path) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "SHIFAN_NO_INSTALL": "1",  # never apt-get from a test
        "SHIFAN_PREFLIGHT_CHROMIUM": str(chromium),
        "SHIFAN_PREFLIGHT_FONT": str(font),
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


def present(tmp_path: Path) -> tuple[Path, Path]:
    chromium = tmp_path / "chromium"
    chromium.write_text("#!/bin/sh\n")
    chromium.chmod(0o755)
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
    [("chromium", "Chromium at", "CJK font"), ("font", "fonts-wqy-microhei", "Chromium at")],
)
def test_something_missing_stops_with_the_install_command(
    tmp_path: Path, missing: str, named: str, not_named: str
) -> None:
    chromium, font = present(tmp_path)
    (chromium if missing == "chromium" else font).unlink()
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
