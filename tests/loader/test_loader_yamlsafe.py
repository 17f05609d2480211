"""Safe YAML parsing: size limit, encoding, aliases, tags, syntax errors, duplicates."""

from __future__ import annotations

import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from shifan.loader.yamlsafe import MAX_FILE_BYTES, parse_yaml, plain_tag

PATH = "registry/x.yaml"


def test_plain_mapping_parses_with_marks() -> None:
    node, problems = parse_yaml(b"a: 1\nb:\n  - c\n", PATH)
    assert problems == []
    assert isinstance(node, yaml.MappingNode)
    (_, a), (_, b) = node.value
    assert (a.start_mark.line, a.start_mark.column) == (0, 3)
    assert b.value[0].start_mark.line == 2


def test_oversized_file_is_refused_before_parsing() -> None:
    data = b"a: " + b"x" * MAX_FILE_BYTES + b"\n"
    node, problems = parse_yaml(data, PATH)
    assert node is None
    assert [(p.code, p.loc.line) for p in problems] == [("S105", 1)]
    assert f"{MAX_FILE_BYTES:,}" in problems[0].message


def test_file_at_the_limit_is_accepted() -> None:
    data = b"a: " + b"x" * (MAX_FILE_BYTES - 4) + b"\n"
    assert len(data) == MAX_FILE_BYTES
    node, problems = parse_yaml(data, PATH)
    assert node is not None
    assert problems == []


def test_non_utf8_names_offset_line_and_column() -> None:
    data = "a: 1\nname: café\n".encode("latin-1")  # the column counts bytes
    node, problems = parse_yaml(data, PATH)
    assert node is None
    (problem,) = problems
    assert (problem.code, problem.loc.line, problem.loc.col) == ("S104", 2, 10)
    assert "byte 0xe9 at offset 14" in problem.message


def test_bom_is_tolerated() -> None:
    node, problems = parse_yaml(b"\xef\xbb\xbfa: 1\n", PATH)
    assert node is not None
    assert problems == []


def test_billion_laughs_is_refused_without_expansion() -> None:
    levels = ["a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    levels += [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]" for i in range(1, 10)]
    node, problems = parse_yaml("\n".join(levels).encode(), PATH)
    assert node is None
    assert {p.code for p in problems} == {"S103"}
    assert any("alias `*a8`" in p.message for p in problems)


def test_anchor_without_alias_is_reported_but_parsed() -> None:
    node, problems = parse_yaml(b"a: &x 1\nb: 2\n", PATH)
    assert node is not None
    assert [(p.code, p.loc.line, p.loc.col) for p in problems] == [("S103", 1, 4)]


def test_duplicate_keys_at_any_depth_name_both_lines() -> None:
    text = "a: 1\nb:\n  - {c: 1, c: 2}\na: 3\n"
    node, problems = parse_yaml(text.encode(), PATH)
    assert node is not None
    found = sorted((p.code, p.loc.line, p.message) for p in problems)
    assert found == [
        ("S102", 3, "duplicate key `c` (first at line 3, again at line 3)"),
        ("S102", 4, "duplicate key `a` (first at line 1, again at line 4)"),
    ]


def test_syntax_error_has_line_and_column() -> None:
    node, problems = parse_yaml(b"a: [1, 2\nb: 3\n", PATH)
    assert node is None
    (problem,) = problems
    assert problem.code == "S101"
    assert problem.loc.line == 2
    assert problem.hint


def test_custom_tags_are_refused() -> None:
    node, problems = parse_yaml(b"a: !!python/name:os.system x\nb: !local 1\n", PATH)
    assert node is None
    assert [(p.code, p.loc.line) for p in sorted(problems, key=lambda p: p.loc)] == [
        ("S107", 1),
        ("S107", 2),
    ]
    assert "!!python/name:os.system" in problems[0].message or "!!python" in problems[1].message


def test_even_a_standard_explicit_tag_is_refused_but_bang_in_text_is_fine() -> None:
    node, problems = parse_yaml(b"a: !!str 123\nb: Hello!\n", PATH)
    assert node is None
    assert [(p.code, p.loc.line, p.loc.col) for p in problems] == [("S107", 1, 4)]
    node, problems = parse_yaml(b"a: '123'\nb: Hello! !x\n", PATH)
    assert node is not None
    assert problems == []


def _tags(node: yaml.Node) -> list[tuple[str, str | None]]:
    out: list[tuple[str, str | None]] = []
    stack = [node]
    while stack:
        n = stack.pop()
        out.append((n.tag, n.value if isinstance(n, yaml.ScalarNode) else None))
        if isinstance(n, yaml.MappingNode):
            stack.extend(x for pair in n.value for x in pair)
        elif isinstance(n, yaml.SequenceNode):
            stack.extend(n.value)
    return out


def test_fast_resolver_matches_pyyaml_safe_resolver() -> None:
    from support import REPO

    assert not yaml.resolver.Resolver.yaml_path_resolvers  # the fast one tracks no paths
    files = [*REPO.glob("registry/**/*.yaml"), *REPO.glob("tests/corpus/**/*.yaml")]
    text = "a: [yes, No, ~, '', 0x1F, 1_0, 1:30, .5, -.inf, 2024-05-01, '1', \"x\", !!str 3]\n"
    sources = [text, *(p.read_bytes().decode("utf-8", "replace") for p in files)]
    compared = 0
    for source in sources:
        mine, _ = parse_yaml(source.encode(), PATH)
        if mine is None:
            continue
        reference = yaml.compose(source.lstrip("\ufeff"), Loader=yaml.SafeLoader)
        assert reference is not None
        assert _tags(mine) == _tags(reference)
        compared += 1
    assert compared >= 20


@settings(max_examples=500, deadline=None)
@given(
    st.one_of(
        st.from_regex(r"[-+]?[0-9_:.xoeE]{1,8}", fullmatch=True),
        st.sampled_from(["0", "-0", "012", "089", "1_000", "1:30", "+1", "00", "-", "9" * 30]),
        st.text(max_size=8),
    )
)
def test_plain_tag_is_the_safe_resolvers_tag(value: str) -> None:
    resolver = yaml.resolver.Resolver()
    reference = resolver.resolve(yaml.ScalarNode, value, (True, False))  # type: ignore[no-untyped-call]
    assert plain_tag(value) == reference
