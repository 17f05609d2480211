"""S315: a unit copied from the template whose example values were never replaced."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from shifan.cli import main
from shifan.rules.template import PLACEHOLDERS
from support import REPO, small_registry

TEMPLATE = REPO / "docs" / "templates" / "unit.example.yaml"


def test_placeholders_are_the_templates_values() -> None:
    values = yaml.safe_load(TEMPLATE.read_text(encoding="utf-8"))
    assert {field: values[field] for field in PLACEHOLDERS} == PLACEHOLDERS


def test_unedited_template_values_are_errors(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    registry = small_registry(
        tmp_path, {"units/enterprise/ZZ-ENT-0042.yaml": TEMPLATE.read_text(encoding="utf-8")}
    )
    assert main(["check", "--registry", str(registry), "--today", "2026-11-27"]) == 1
    out = capsys.readouterr().out
    flagged = {line.split("`")[1] for line in out.splitlines() if "error[S315]" in line}
    assert flagged == set(PLACEHOLDERS)
    assert "还是模板里的示例值“91410105MA00000016”" in out


def test_example_names_and_websites_of_the_demo_roster_are_allowed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Only the exact placeholders: `示例` in a name or an `example.com` site is no error."""
    text = (REPO / "docs" / "templates" / "unit.example.yaml").read_text(encoding="utf-8")
    text = text.replace("郑州示例网络科技有限公司", "郑州示例二号网络科技有限公司")
    text = text.replace("https://www.example.com", "https://demo2.example.com")
    registry = small_registry(tmp_path, {"units/enterprise/ZZ-ENT-0042.yaml": text})
    main(["check", "--registry", str(registry), "--today", "2026-11-27"])
    out = capsys.readouterr().out
    flagged = {line.split("`")[1] for line in out.splitlines() if "error[S315]" in line}
    assert flagged == set(PLACEHOLDERS) - {"name", "website"}
