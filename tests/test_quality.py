"""Static checks run as part of the suite: ruff (lint + format) and mypy --strict."""

from __future__ import annotations

import subprocess
import sys

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
