"""Every problem `shifan check` can report has a Simplified Chinese message and hint.

Three views of "every": the source (each `Problem(...)` names its Chinese text; the helpers
that build problems require it), the documentation (the codes in docs/problems.md are the
codes the source can emit) and real runs (the malformed corpus, every problem in Chinese).
"""

from __future__ import annotations

import ast
import json
import re
from pathlib import Path

import pytest

from shifan.errors import Problem
from shifan.loader.registry import load_roster
from support import REPO, small_registry

SOURCE = REPO / "generator" / "shifan"
CORPUS = REPO / "tests" / "corpus" / "malformed"
CJK = re.compile(r"[\u4e00-\u9fff]")
CODE = re.compile(r"^S\d{3}$")


def _calls(name: str) -> list[tuple[Path, ast.Call]]:
    found = []
    for file in sorted(SOURCE.rglob("*.py")):
        for node in ast.walk(ast.parse(file.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call):
                func = node.func
                called = func.id if isinstance(func, ast.Name) else getattr(func, "attr", "")
                if called == name:
                    found.append((file, node))
    return found


def test_every_problem_made_in_the_source_names_its_chinese_text() -> None:
    calls = _calls("Problem")
    assert len(calls) > 30
    missing = [
        f"{file.relative_to(REPO)}:{call.lineno}"
        for file, call in calls
        if not {"message_zh", "hint_zh"} <= {k.arg for k in call.keywords}
    ]
    assert missing == []


def _source_codes() -> set[str]:
    codes = set()
    for file in SOURCE.rglob("*.py"):
        for node in ast.walk(ast.parse(file.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and CODE.fullmatch(str(node.value)):
                codes.add(str(node.value))
    return codes


def test_documented_codes_are_the_codes_the_source_emits() -> None:
    documented = set(
        re.findall(r"^\| (S\d{3}) \|", (REPO / "docs" / "problems.md").read_text(), re.M)
    )
    assert documented == _source_codes()


def chinese(problem: Problem) -> bool:
    """A Chinese message, and a Chinese hint whenever there is an English one."""
    return bool(CJK.search(problem.message_zh)) and (
        not problem.hint or bool(CJK.search(problem.hint_zh))
    )


@pytest.mark.parametrize("name", sorted(p.name for p in CORPUS.glob("*.yaml")))
def test_every_corpus_problem_is_in_chinese(tmp_path: Path, name: str) -> None:
    manifest = json.loads((CORPUS / "manifest.json").read_text())
    place = str(manifest[name].get("place", "units/park/ZZ-PRK-0001.yaml"))
    _, problems = load_roster(small_registry(tmp_path, {place: (CORPUS / name).read_bytes()}))
    assert [p.code for p in problems if not chinese(p)] == []
