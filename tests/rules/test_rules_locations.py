"""Rule problems point at the exact line of a loaded file, through `shifan check`."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from shifan.cli import main
from support import REPO

UNIT = "units/park/ZZ-PRK-0001.yaml"


def _mutated(tmp_path: Path, rel: str, old: str, new: str) -> tuple[Path, int]:
    registry = tmp_path / "registry"
    shutil.copytree(REPO / "registry", registry)
    shutil.copytree(REPO / "keys", tmp_path / "keys")
    path = registry / rel
    text = path.read_text(encoding="utf-8")
    assert old in text
    line = text[: text.index(old)].count("\n") + 1
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return registry, line


def _errors(registry: Path, capsys: pytest.CaptureFixture[str]) -> list[str]:
    assert (
        main(["check", "--lang", "en", "--registry", str(registry), "--today", "2026-11-27"]) == 1
    )
    return [line for line in capsys.readouterr().out.splitlines() if ": error[" in line]


def test_threshold_points_at_the_declared_value(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = (REPO / "registry" / UNIT).read_text(encoding="utf-8")
    old = next(line for line in text.splitlines() if "office_area_m2:" in line)
    registry, line = _mutated(tmp_path, UNIT, old, "  office_area_m2: 9000")
    assert _errors(registry, capsys) == [
        f"registry/{UNIT}:{line}:19: error[S604]: ZZ-PRK-0001: 园区办公使用面积 is 9000m², "
        "the standard needs more than 10000m²"
    ]


def test_award_date_points_at_the_event(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    old = "{type: awarded, date: 2017-06-28"
    registry, line = _mutated(tmp_path, UNIT, old, "{type: awarded, date: 2017-06-20")
    errors = _errors(registry, capsys)
    assert len(errors) == 1
    assert errors[0].startswith(f"registry/{UNIT}:{line}:")
    assert "error[S516]" in errors[0]
    assert "GS-2017-01 runs until 2017-06-20" in errors[0]


def test_credit_code_points_at_the_code(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = (REPO / "registry" / UNIT).read_text(encoding="utf-8")
    code = text.split('credit_code: "', 1)[1][:18]
    bad = code[:5] + ("1" if code[5] != "1" else "2") + code[6:]
    registry, line = _mutated(tmp_path, UNIT, code, bad)
    errors = _errors(registry, capsys)
    assert [e.split(": error")[0] for e in errors] == [f"registry/{UNIT}:{line}:14"]
    assert "error[S311]" in errors[0]
