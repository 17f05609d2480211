"""The unit, figure and notice templates speak Chinese, and the unit's field notes come from
one source: `shifan new unit` writes them and docs/templates/unit.example.yaml opens each
field's comment with them."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from shifan.model import KIND_LABELS
from shifan.operations.templates import FIELD_NOTES
from support import REPO
from support_operations import Run

TEMPLATES = sorted((REPO / "docs" / "templates").glob("*.example.yaml"))
CJK = re.compile("[\u4e00-\u9fff]")
KEY = re.compile(r"^(?:# )?([a-z_]+):(?: |$)")
"""A top-level key, written or commented out (`# address: …`)."""


def prose_comments(text: str) -> list[str]:
    """Comment lines that are prose: not the editor modeline, a rule, or commented-out YAML."""
    return [
        line
        for line in text.split("\n")
        if line.startswith("#")
        and not line.startswith("# yaml-language-server")
        and not re.fullmatch(r"# -+", line)
        and not KEY.match(line)
        and not line.startswith("  # - {")
        and not line.startswith("# - {")
        and not line.lstrip("# ").startswith("./run shifan")
    ]


def field_notes(text: str) -> dict[str, str]:
    """Top-level key → the first line of the comment block right above it."""
    lines = text.split("\n")
    notes: dict[str, str] = {}
    for i, line in enumerate(lines):
        if (match := KEY.match(line)) is None:
            continue
        j = i
        while j > 0 and lines[j - 1].startswith("#") and not KEY.match(lines[j - 1]):
            j -= 1
        if j < i:
            notes.setdefault(match[1], lines[j])
    return notes


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda p: p.name)
def test_template_comments_are_chinese(template: Path) -> None:
    """The unit template's comments were English; every prose comment line is Chinese now."""
    english = [c for c in prose_comments(template.read_text(encoding="utf-8")) if not CJK.search(c)]
    assert english == []


def test_example_unit_opens_each_fields_comment_with_the_shared_note() -> None:
    notes = field_notes((REPO / "docs" / "templates" / "unit.example.yaml").read_text("utf-8"))
    assert {k: notes.get(k) for k in FIELD_NOTES} == {k: f"# {v}" for k, v in FIELD_NOTES.items()}


@pytest.mark.parametrize(
    "args",
    [
        ("--kind", "enterprise", "--class", "service"),
        ("--kind", "park"),
        ("--kind", "township"),
    ],
)
def test_new_unit_writes_the_shared_notes_in_chinese(
    repo: Path, shifan: Run, args: tuple[str, ...]
) -> None:
    code, out, err = shifan("new", "unit", *args, "--district", "jinshui", today="2026-11-27")
    assert (code, err) == (0, "")
    path = re.search(r"registry/units/\S+\.yaml", out)
    assert path, out
    text = (repo / path[0]).read_text(encoding="utf-8")
    notes = field_notes(text)
    assert all(notes[k].startswith(f"# {FIELD_NOTES[k]}") for k in notes if k in FIELD_NOTES)
    assert {"id", "kind", "name", "district", "declared", "events"} <= set(notes)
    assert [c for c in prose_comments(text) if not CJK.search(c)] == []
    for name in KIND_LABELS.values():  # as the plaques print them; changed together
        text = text.replace(name, "")
    assert re.findall(r"[\u4e00-\u9fff][,;:()]|[,;:()][\u4e00-\u9fff]", text) == []
