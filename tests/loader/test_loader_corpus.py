"""The malformed-file corpus: each file yields exactly the codes and lines in its manifest."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from shifan.loader.registry import load_roster
from support import REPO, small_registry

CORPUS = REPO / "tests" / "corpus" / "malformed"
MANIFEST: dict[str, dict[str, object]] = json.loads((CORPUS / "manifest.json").read_text())
DEFAULT_PLACE = "units/park/ZZ-PRK-0001.yaml"


def test_manifest_covers_every_corpus_file() -> None:
    assert sorted(MANIFEST) == sorted(p.name for p in CORPUS.glob("*.yaml"))


@pytest.mark.parametrize("name", sorted(MANIFEST))
def test_corpus_file(tmp_path: Path, name: str) -> None:
    entry = MANIFEST[name]
    place = str(entry.get("place", DEFAULT_PLACE))
    registry = small_registry(tmp_path, {place: (CORPUS / name).read_bytes()})
    _, problems = load_roster(registry)
    found = [
        f"{p.code}:{p.loc.line}" for p in sorted(problems, key=lambda p: (p.loc.line, p.loc.col))
    ]
    assert found == entry["expect"], [str(p.loc) + " " + p.message for p in problems]
    assert {p.loc.path for p in problems} <= {f"registry/{place}"}
    assert all(p.message and p.hint for p in problems)
