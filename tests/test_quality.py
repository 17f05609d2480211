"""Static checks run as part of the suite: ruff (lint + format) and mypy --strict."""

from __future__ import annotations

import re
import subprocess
import sys
import tomllib

from support import REPO


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", *args], cwd=REPO, capture_output=True, text=True, check=False
    )


def test_ruff_lint_clean() -> None:
    result = _run("ruff", "check", "generator", "tests", "benchmarks")
    assert result.returncode == 0, result.stdout + result.stderr


def test_ruff_format_clean() -> None:
    result = _run("ruff", "format", "--check", "generator", "tests", "benchmarks")
    assert result.returncode == 0, result.stdout + result.stderr


def test_mypy_strict_clean() -> None:
    result = _run("mypy")
    assert result.returncode == 0, result.stdout + result.stderr


def test_only_the_crypto_module_imports_cryptography() -> None:
    """All cryptography sits behind `shifan.signing.crypto`."""
    import ast

    importers = []
    for path in sorted((REPO / "generator" / "shifan").rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = (
                [a.name for a in node.names]
                if isinstance(node, ast.Import)
                else [node.module or ""]
                if isinstance(node, ast.ImportFrom)
                else []
            )
            if any(n == "cryptography" or n.startswith("cryptography.") for n in names):
                importers.append(path.relative_to(REPO).as_posix())
    assert sorted(set(importers)) == ["generator/shifan/signing/crypto.py"]


def test_every_runtime_dependency_has_a_lower_and_an_upper_bound() -> None:
    # A lower bound the suite was run against, an upper bound at the next major release.
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    loose = [
        req
        for req in project["dependencies"]
        if not re.fullmatch(r"[A-Za-z0-9_.-]+>=[0-9][0-9.]*,<[0-9]+", req)
    ]
    assert loose == []


def test_qrcode_is_no_runtime_dependency() -> None:
    # The QR encoder owns its tables; the qrcode package is the tests' oracle only.
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert not [r for r in project["dependencies"] if r.startswith("qrcode")]
    assert [r for r in project["optional-dependencies"]["test"] if r.startswith("qrcode")]


def test_no_tracked_file_points_outside_the_repository() -> None:
    # Readers have only the repository: no path into the team's private notes.
    banned = [("../" + "shared").encode(), ("shared/" + "DESIGN").encode()]
    files = subprocess.run(
        ["git", "ls-files", "-z"], cwd=REPO, capture_output=True, check=True
    ).stdout.split(b"\0")
    hits = [
        name.decode()
        for name in files
        if name and any(b in (REPO / name.decode()).read_bytes() for b in banned)
    ]
    assert hits == []
