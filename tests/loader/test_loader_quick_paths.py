"""The binder's quick paths give exactly what the full converters give, or step aside."""

from __future__ import annotations

import yaml
from hypothesis import example, given, settings
from hypothesis import strategies as st

from shifan.loader import bind as binder
from shifan.loader.scalars import BLANK_LETTERS, SLOW, Ctx, visible
from shifan.loader.yamlsafe import parse_yaml
from shifan.model import CalendarYear, Figure, Notice, Standard, Unit

for _root in (Unit, Figure, Notice, Standard, CalendarYear):
    binder.converter_for(_root)  # compiles every converter (and registers its quick path)

_TOKENS = [
    "2024-05-10", "2024-02-30", "1989-12-31", "2100-01-01", "2024-5-1", "2024-05-10 10:00:00",
    "12", "-3", "+4", "012", "0x1F", "1_000", "1:30", "9" * 17, "999999999999999", "1e3", "1.5",
    "yes", "no", "on", "off", "true", "false", "null", "~", "", " ", "park", "municipal",
    "awarded", "passed", "jinshui", "市级", "a\u200bb", "\u3164", "x\ty", "郑州市示例路1号",
]  # fmt: skip
_SCALARS = st.one_of(st.sampled_from(_TOKENS), st.text(max_size=12))


def _node(text: str, style: str) -> yaml.Node:
    """The value node of `v: <text>` written plain, single- or double-quoted."""
    if style == "plain":
        written = text
    elif style == "single":
        written = "'" + text.replace("'", "''") + "'"
    else:
        written = '"' + "".join(f"\\u{ord(c):04x}" if not c.isalnum() else c for c in text) + '"'
    root, _ = parse_yaml(f"v: {written}\n".encode(), "x.yaml", pure=True)
    assert isinstance(root, yaml.MappingNode), written
    node: yaml.Node = root.value[0][1]
    return node


@settings(max_examples=300, deadline=None)
@given(_SCALARS, st.sampled_from(["plain", "single", "double"]))
@example("郑州\u3164", "double")
def test_quick_paths_agree_with_the_full_converters(text: str, style: str) -> None:
    try:
        node = _node(text, style)
    except AssertionError:
        return  # not a one-value mapping when written plain (`: `, `#`, …): nothing to bind
    assert binder._QUICK  # enumerations, required text, dates and numbers have quick paths
    for full, quick in binder._QUICK.items():
        value = quick(node)
        if value is SLOW:
            continue
        for field in ("", "name", "note"):
            ctx = Ctx("x.yaml")
            ctx.field = field
            assert full(node, ctx) == value
            assert type(full(node, ctx)) is type(value)
            assert ctx.problems == []


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=20))
@example("\u115f")
@example("a\u2800")
def test_visible_is_the_printable_text_without_blank_letters(text: str) -> None:
    assert visible(text) == (text.isprintable() and not BLANK_LETTERS.intersection(text))


def test_collections_and_nulls_take_the_full_path() -> None:
    root, _ = parse_yaml(b"a: [1]\nb: {c: d}\nc: null\nd: ~\n", "x.yaml")
    assert isinstance(root, yaml.MappingNode)
    for _, node in root.value:
        assert all(quick(node) is SLOW for quick in binder._QUICK.values())
