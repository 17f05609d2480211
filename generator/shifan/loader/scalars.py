"""Scalar conversions for the binder: YAML tags to Python values, with problems not exceptions.

Shared state of one file's binding (`Ctx`), the failure sentinel, and one converter per
scalar type of the model (text, whole number, number, yes/no, date, choice). Conventions:
a text field takes an unquoted number or date verbatim, never a YAML 1.1 boolean or null;
a date is `YYYY-MM-DD` (quoted or not) without a time of day; numbers must be finite.
"""

from __future__ import annotations

import datetime as dt
import difflib
import math
import re
from collections.abc import Callable, Iterator, Mapping
from typing import Any

import yaml
from yaml.constructor import ConstructorError, SafeConstructor

from shifan.errors import Problem
from shifan.model import Loc

STR = "tag:yaml.org,2002:str"
INT = "tag:yaml.org,2002:int"
FLOAT = "tag:yaml.org,2002:float"
BOOL = "tag:yaml.org,2002:bool"
NULL = "tag:yaml.org,2002:null"
TIMESTAMP = "tag:yaml.org,2002:timestamp"
TEXT_TAGS = frozenset({STR, INT, FLOAT, TIMESTAMP})
_DATE_RE = re.compile(r"\d{4}-\d{2}-\d{2}")
_KIND_NAMES: dict[type[yaml.Node], str] = {
    yaml.MappingNode: "a mapping (`key: value` lines)",
    yaml.SequenceNode: "a list (`- item` lines)",
}


class FieldLocs(Mapping[str, Loc]):
    """A record's `field_locs`: 0-based (line, column) pairs, made into `Loc`s on access.

    Building a `Loc` per value up front was a third of the binding time on large rosters,
    and almost none of them is ever looked at.
    """

    __slots__ = ("_marks", "_path")

    def __init__(self, path: str, marks: dict[str, tuple[int, int]]) -> None:
        self._path = path
        self._marks = marks

    def __getitem__(self, key: str) -> Loc:
        line, col = self._marks[key]
        return Loc(self._path, line + 1, col + 1)

    def __iter__(self) -> Iterator[str]:
        return iter(self._marks)

    def __len__(self) -> int:
        return len(self._marks)

    def __repr__(self) -> str:
        return f"FieldLocs({self._path!r}, {len(self._marks)} fields)"


class Fail:
    """Sentinel: conversion failed (its problems are already recorded)."""


FAIL = Fail()
_constructor = SafeConstructor()


class Ctx:
    """Per-file binding state: the path for locations, problems found, current loc table."""

    __slots__ = ("field", "locs", "path", "problems")

    def __init__(self, path: str) -> None:
        self.path = path
        self.problems: list[Problem] = []
        self.locs: dict[str, tuple[int, int]] | None = None
        self.field = ""

    def loc(self, node: yaml.Node) -> Loc:
        mark = node.start_mark
        return Loc(self.path, mark.line + 1, mark.column + 1)

    def add(self, code: str, node: yaml.Node, message: str, hint: str = "") -> Fail:
        self.problems.append(Problem(code, self.loc(node), message, hint))
        return FAIL


Converter = Callable[[yaml.Node, Ctx], Any]


def describe(node: yaml.Node) -> str:
    if isinstance(node, yaml.ScalarNode):
        text = node.value if len(node.value) <= 40 else node.value[:37] + "..."
        if node.tag == NULL:
            return "nothing (an empty value)"
        if node.tag == BOOL:
            return f"the yes/no value `{text}`"
        if node.tag in (INT, FLOAT):
            return f"the number `{text}`"
        if node.tag == TIMESTAMP:
            return f"the date `{text}`"
        return f"the text {text!r}"
    return _KIND_NAMES.get(type(node), "something else")


def wrong(ctx: Ctx, node: yaml.Node, expected: str) -> Fail:
    if isinstance(node, yaml.ScalarNode) and node.tag == BOOL and "text" in expected:
        hint = f"YAML reads unquoted `{node.value}` as yes/no: write it in quotes, '{node.value}'"
    elif expected.startswith("a list"):
        hint = "write one `- item` line per entry, indented under the key"
    elif expected.startswith("a mapping"):
        hint = "write `key: value` lines, indented under the key"
    elif "number" in expected:
        hint = "write digits only, e.g. 12000 or 62.5 (no units, no thousands separators)"
    elif expected == "true or false":
        hint = "write true or false"
    else:
        hint = f"write {expected} here"
    return ctx.add("S203", node, f"expected {expected}, found {describe(node)}", hint)


# ---------------------------------------------------------------------------- scalars


def to_str(node: yaml.Node, ctx: Ctx) -> Any:
    if isinstance(node, yaml.ScalarNode) and node.tag in TEXT_TAGS:
        return node.value
    return wrong(ctx, node, "text")


def to_int(node: yaml.Node, ctx: Ctx) -> Any:
    if isinstance(node, yaml.ScalarNode) and node.tag == INT:
        text = node.value
        if text.isascii() and text.isdigit() and (text[0] != "0" or text == "0"):
            return int(text)  # the common case; the constructor handles 0x, 0o, 1_000, 1:30
        try:
            return int(_constructor.construct_yaml_int(node))
        except (ValueError, ConstructorError):
            pass
    return wrong(ctx, node, "a whole number")


def to_float(node: yaml.Node, ctx: Ctx) -> Any:
    if isinstance(node, yaml.ScalarNode) and node.tag in (INT, FLOAT):
        try:
            if node.tag == INT:
                return float(_constructor.construct_yaml_int(node))
            value = float(_constructor.construct_yaml_float(node))
        except (ValueError, ConstructorError, OverflowError):
            return wrong(ctx, node, "a number")
        if math.isfinite(value):
            return value
        return ctx.add(
            "S203",
            node,
            f"expected a finite number, found `{node.value}`",
            "write an ordinary number",
        )
    return wrong(ctx, node, "a number")


def to_bool(node: yaml.Node, ctx: Ctx) -> Any:
    if isinstance(node, yaml.ScalarNode) and node.tag == BOOL:
        return bool(_constructor.construct_yaml_bool(node))
    return wrong(ctx, node, "true or false")


def to_date(node: yaml.Node, ctx: Ctx) -> Any:
    if isinstance(node, yaml.ScalarNode):
        if node.tag == TIMESTAMP:
            text = node.value
            if len(text) == 10 and _DATE_RE.fullmatch(text):
                try:
                    return dt.date.fromisoformat(text)
                except ValueError:
                    return bad_date(ctx, node)
            try:
                value = _constructor.construct_yaml_timestamp(node)
            except (ValueError, ConstructorError, OverflowError):
                return bad_date(ctx, node)
            if isinstance(value, dt.datetime):
                return ctx.add(
                    "S401",
                    node,
                    f"expected a date, found the date and time `{node.value}`",
                    "write the date only, as YYYY-MM-DD",
                )
            return value
        if node.tag == STR and _DATE_RE.fullmatch(node.value.strip()):
            try:
                return dt.date.fromisoformat(node.value.strip())
            except ValueError:
                pass
    return bad_date(ctx, node)


def bad_date(ctx: Ctx, node: yaml.Node) -> Fail:
    return ctx.add(
        "S401",
        node,
        f"not a valid date: {describe(node)}",
        "write dates as YYYY-MM-DD, e.g. 2024-05-10",
    )


def choice(values: tuple[str, ...], make: Callable[[str], Any], what: str) -> Converter:
    allowed = ", ".join(values)
    valid = frozenset(values)

    def convert(node: yaml.Node, ctx: Ctx) -> Any:
        if isinstance(node, yaml.ScalarNode) and node.tag in TEXT_TAGS | {BOOL}:
            if node.value in valid:
                return make(node.value)
            close = difflib.get_close_matches(node.value, values, n=1)
            hint = f"did you mean `{close[0]}`?" if close else "check the spelling"
            name = f"`{ctx.field}`" if ctx.field else what
            return ctx.add(
                "S204", node, f"`{node.value}` is not a valid {name}; allowed: {allowed}", hint
            )
        return wrong(ctx, node, f"one of: {allowed}")

    return convert
