"""libyaml's C parser and PyYAML's pure-Python parser give the same problems and trees.

The C parser is used when PyYAML has it; the pure one is the fallback. Every malformed file of
the corpus, the demo roster and random YAML-ish bytes must come out the same both ways: the
same codes at the same lines and columns with the same hints, and the same node trees.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from shifan.errors import Problem
from shifan.loader import yamlsafe
from shifan.loader.registry import load_roster
from shifan.loader.yamlsafe import parse_yaml
from support import REPO, small_registry

CORPUS = REPO / "tests" / "corpus" / "malformed"
MANIFEST: dict[str, dict[str, object]] = json.loads((CORPUS / "manifest.json").read_text())
DEFAULT_PLACE = "units/park/ZZ-PRK-0001.yaml"


def _shown(problems: list[Problem]) -> list[tuple[str, str, int, int, str]]:
    """What a reader is told, bar the parser's own wording of a syntax error."""
    return [(p.code, p.loc.path, p.loc.line, p.loc.col, p.hint) for p in problems]


def _tree(node: yaml.Node | None) -> object:
    if node is None:
        return None
    where = (node.start_mark.line, node.start_mark.column)
    if isinstance(node, yaml.ScalarNode):
        return (node.tag, node.value, node.style or None, where)  # plain: "" in C, None in pure
    if isinstance(node, yaml.SequenceNode):
        return (node.tag, bool(node.flow_style), where, [_tree(n) for n in node.value])
    assert isinstance(node, yaml.MappingNode)
    pairs = [(_tree(k), _tree(v)) for k, v in node.value]
    return (node.tag, bool(node.flow_style), where, pairs)


def _both(data: bytes) -> None:
    c_node, c_problems = parse_yaml(data, "registry/x.yaml", pure=False)
    pure_node, pure_problems = parse_yaml(data, "registry/x.yaml", pure=True)
    assert _shown(c_problems) == _shown(pure_problems)
    assert _tree(c_node) == _tree(pure_node)


def test_the_c_parser_is_there_here() -> None:
    # PyYAML's wheels ship libyaml: the speed of `check` depends on it.
    assert yamlsafe.C_PARSER


@pytest.mark.parametrize("name", sorted(MANIFEST))
def test_corpus_file_same_on_both_parsers(name: str) -> None:
    _both((CORPUS / name).read_bytes())


@pytest.mark.parametrize("name", sorted(MANIFEST))
def test_corpus_file_on_the_pure_parser(
    tmp_path: Path, name: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The whole loader without libyaml: the manifest's codes and lines, and the very
    problems (messages included) the C path gives past the YAML reading."""
    entry = MANIFEST[name]
    place = str(entry.get("place", DEFAULT_PLACE))
    registry = small_registry(tmp_path, {place: (CORPUS / name).read_bytes()})
    _, c_problems = load_roster(registry)
    monkeypatch.setattr(yamlsafe, "C_PARSER", False)
    _, pure_problems = load_roster(registry)
    found = [
        f"{p.code}:{p.loc.line}"
        for p in sorted(pure_problems, key=lambda p: (p.loc.line, p.loc.col))
    ]
    assert found == entry["expect"]
    assert _shown(pure_problems) == _shown(c_problems)
    same_words = [p for p in c_problems if not p.message.startswith("YAML syntax error")]
    assert [p for p in pure_problems if not p.message.startswith("YAML syntax error")] == (
        same_words
    )


def test_roster_same_on_both_parsers() -> None:
    for path in sorted((REPO / "registry").rglob("*.yaml")):
        _both(path.read_bytes())


# Pieces of registry files and of YAML's syntax, put together at random, tabs included (where
# a tab is white space libyaml passes it over and the pure parser refuses it: both paths
# refuse it).
_PIECES = st.sampled_from(
    [
        "id: ZZ-PRK-0001\n", "name: 园区\n", "events:\n", "  - {type: awarded, date: 2024-05-06}\n",
        "  - type: listed\n", "    notice: GS-2024-01\n", "declared:\n", "  office_area_m2: 5\n",
        "key: value\n", "key: value\n", "a: &x 1\n", "b: *x\n", "c: !!str 5\n", "d: !tag x\n",
        '"quoted: ', "'single\n", "{", "}", "[", "]", ", ", ": ", "- ", "-", "#", " # note\n",
        "\n", "  ", "    ", "---\n", "...\n", "|\n", ">-\n", "?", "%YAML 1.1\n", "@",
        "`", "：", "\u3000", "\u200b", "\x07", "\x85", "\ufeff", "é", "中文", "2024-02-30",
        "0x1F", "~", "null", "yes", "\\", '"', "'", "\r\n", "\t", "x\t", "\t\n",
    ]
)  # fmt: skip


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_PIECES, max_size=30), st.binary(max_size=4))
def test_random_yaml_same_on_both_parsers(pieces: list[str], tail: bytes) -> None:
    _both("".join(pieces).encode("utf-8") + tail)


@pytest.mark.parametrize(
    "data",
    [
        b"{", b"a: {b: 1", b"key: value\n{", b"\t", b"a: b\n\tc: d\n", b"events:\n- ",
        b"a: &x 1\n\t", b"{id: ZZ-PRK-0001\n?", b"[a\n?", b"a: [b\n", b"{a: b,\n? c\n",
        b"name: x\t\n", b"a: b\n\t\nc: d\n", b"J\tj", b"a: 'x\ty'\n",
    ],
)  # fmt: skip
def test_where_the_parsers_word_it_differently(data: bytes) -> None:
    """The end of a file without a final line break, a tab libyaml does not name, an anchor
    before a syntax error (libyaml reads further ahead), a flow collection left open (libyaml
    reads on to the end of the file: the pure parser places every syntax error)."""
    _both(data)
