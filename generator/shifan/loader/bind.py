"""Bind a YAML node tree to the frozen dataclasses of `shifan.model`, by their type hints.

One generic binder instead of a hand-written reader per record: the dataclasses stay the
single source of truth for the format. Each dataclass is compiled once into a table of
per-field converters (cached), so binding 10,000 files costs little more than walking them.

Every problem of a file is reported, not only the first. Codes:

| code | what |
|------|------|
| S201 | unknown field (with a did-you-mean) |
| S202 | a required field is missing or empty |
| S203 | wrong type (including a YAML 1.1 `yes`/`no`/`on`/`off` where text is expected) |
| S204 | a value outside the allowed set (enum / literal), listing the allowed ones |
| S401 | a bad date |

Conventions worth knowing:
- A text field accepts an unquoted number or date verbatim (`period: 2024` is the text
  "2024"; the source characters are kept), but never a YAML boolean or null: `no` in a text
  field is an error telling you to quote it.
- A date is a YAML date (`2024-05-10`) or a quoted `'2024-05-10'`; a time of day is refused.
- Besides each field, `field_locs` holds `"<field>.<key>"` for entries of a mapping field
  (e.g. `declared.office_area`) and `"<field>[<i>]"` for items of a sequence field, so a
  problem about one declared value can point at its own line.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import difflib
import enum
import math
import re
import types
import typing
from collections.abc import Callable, Iterator, Mapping
from typing import Any, TypeVar

import yaml
from yaml.constructor import ConstructorError, SafeConstructor

from shifan.errors import Problem
from shifan.model import Loc, Node

T = TypeVar("T", bound=Node)

_STR = "tag:yaml.org,2002:str"
_INT = "tag:yaml.org,2002:int"
_FLOAT = "tag:yaml.org,2002:float"
_BOOL = "tag:yaml.org,2002:bool"
_NULL = "tag:yaml.org,2002:null"
_TIMESTAMP = "tag:yaml.org,2002:timestamp"
_TEXT_TAGS = frozenset({_STR, _INT, _FLOAT, _TIMESTAMP})
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


class _Fail:
    """Sentinel: conversion failed (its problems are already recorded)."""


FAIL = _Fail()
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

    def add(self, code: str, node: yaml.Node, message: str, hint: str = "") -> _Fail:
        self.problems.append(Problem(code, self.loc(node), message, hint))
        return FAIL


Converter = Callable[[yaml.Node, Ctx], Any]


def bind(cls: type[T], node: yaml.Node, path: str) -> tuple[T | None, list[Problem]]:
    """Bind `node` to dataclass `cls`; None (and the problems) if anything was wrong."""
    ctx = Ctx(path)
    value = converter_for(cls)(node, ctx)
    if isinstance(value, _Fail) or ctx.problems:
        return None, ctx.problems
    result: T = value
    return result, ctx.problems


def _describe(node: yaml.Node) -> str:
    if isinstance(node, yaml.ScalarNode):
        text = node.value if len(node.value) <= 40 else node.value[:37] + "..."
        if node.tag == _NULL:
            return "nothing (an empty value)"
        if node.tag == _BOOL:
            return f"the yes/no value `{text}`"
        if node.tag in (_INT, _FLOAT):
            return f"the number `{text}`"
        if node.tag == _TIMESTAMP:
            return f"the date `{text}`"
        return f"the text {text!r}"
    return _KIND_NAMES.get(type(node), "something else")


def _wrong(ctx: Ctx, node: yaml.Node, expected: str) -> _Fail:
    if isinstance(node, yaml.ScalarNode) and node.tag == _BOOL and "text" in expected:
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
    return ctx.add("S203", node, f"expected {expected}, found {_describe(node)}", hint)


# ---------------------------------------------------------------------------- scalars


def _to_str(node: yaml.Node, ctx: Ctx) -> Any:
    if isinstance(node, yaml.ScalarNode) and node.tag in _TEXT_TAGS:
        return node.value
    return _wrong(ctx, node, "text")


def _to_int(node: yaml.Node, ctx: Ctx) -> Any:
    if isinstance(node, yaml.ScalarNode) and node.tag == _INT:
        text = node.value
        if text.isascii() and text.isdigit() and (text[0] != "0" or text == "0"):
            return int(text)  # the common case; the constructor handles 0x, 0o, 1_000, 1:30
        try:
            return int(_constructor.construct_yaml_int(node))
        except (ValueError, ConstructorError):
            pass
    return _wrong(ctx, node, "a whole number")


def _to_float(node: yaml.Node, ctx: Ctx) -> Any:
    if isinstance(node, yaml.ScalarNode) and node.tag in (_INT, _FLOAT):
        try:
            if node.tag == _INT:
                return float(_constructor.construct_yaml_int(node))
            value = float(_constructor.construct_yaml_float(node))
        except (ValueError, ConstructorError, OverflowError):
            return _wrong(ctx, node, "a number")
        if math.isfinite(value):
            return value
        return ctx.add(
            "S203",
            node,
            f"expected a finite number, found `{node.value}`",
            "write an ordinary number",
        )
    return _wrong(ctx, node, "a number")


def _to_bool(node: yaml.Node, ctx: Ctx) -> Any:
    if isinstance(node, yaml.ScalarNode) and node.tag == _BOOL:
        return bool(_constructor.construct_yaml_bool(node))
    return _wrong(ctx, node, "true or false")


def _to_date(node: yaml.Node, ctx: Ctx) -> Any:
    if isinstance(node, yaml.ScalarNode):
        if node.tag == _TIMESTAMP:
            text = node.value
            if len(text) == 10 and _DATE_RE.fullmatch(text):
                try:
                    return dt.date.fromisoformat(text)
                except ValueError:
                    return _bad_date(ctx, node)
            try:
                value = _constructor.construct_yaml_timestamp(node)
            except (ValueError, ConstructorError, OverflowError):
                return _bad_date(ctx, node)
            if isinstance(value, dt.datetime):
                return ctx.add(
                    "S401",
                    node,
                    f"expected a date, found the date and time `{node.value}`",
                    "write the date only, as YYYY-MM-DD",
                )
            return value
        if node.tag == _STR and _DATE_RE.fullmatch(node.value.strip()):
            try:
                return dt.date.fromisoformat(node.value.strip())
            except ValueError:
                pass
    return _bad_date(ctx, node)


def _bad_date(ctx: Ctx, node: yaml.Node) -> _Fail:
    return ctx.add(
        "S401",
        node,
        f"not a valid date: {_describe(node)}",
        "write dates as YYYY-MM-DD, e.g. 2024-05-10",
    )


def _choice(values: tuple[str, ...], make: Callable[[str], Any], what: str) -> Converter:
    allowed = ", ".join(values)
    valid = frozenset(values)

    def convert(node: yaml.Node, ctx: Ctx) -> Any:
        if isinstance(node, yaml.ScalarNode) and node.tag in _TEXT_TAGS | {_BOOL}:
            if node.value in valid:
                return make(node.value)
            close = difflib.get_close_matches(node.value, values, n=1)
            hint = f"did you mean `{close[0]}`?" if close else "check the spelling"
            name = f"`{ctx.field}`" if ctx.field else what
            return ctx.add(
                "S204", node, f"`{node.value}` is not a valid {name}; allowed: {allowed}", hint
            )
        return _wrong(ctx, node, f"one of: {allowed}")

    return convert


# ---------------------------------------------------------------------------- containers


def _optional(inner: Converter) -> Converter:
    def convert(node: yaml.Node, ctx: Ctx) -> Any:
        if isinstance(node, yaml.ScalarNode) and node.tag == _NULL:
            return None
        return inner(node, ctx)

    return convert


def _tuple(inner: Converter) -> Converter:
    def convert(node: yaml.Node, ctx: Ctx) -> Any:
        if not isinstance(node, yaml.SequenceNode):
            return _wrong(ctx, node, "a list (`- item` lines)")
        locs, name = ctx.locs, ctx.field
        items: list[Any] = []
        failed = False
        for i, item in enumerate(node.value):
            value = inner(item, ctx)
            if locs is not None:
                mark = item.start_mark
                locs[f"{name}[{i}]"] = (mark.line, mark.column)
            if isinstance(value, _Fail):
                failed = True
            else:
                items.append(value)
        return FAIL if failed else tuple(items)

    return convert


def _mapping(inner: Converter) -> Converter:
    def convert(node: yaml.Node, ctx: Ctx) -> Any:
        if not isinstance(node, yaml.MappingNode):
            return _wrong(ctx, node, "a mapping (`key: value` lines)")
        locs, name = ctx.locs, ctx.field
        result: dict[str, Any] = {}
        failed = False
        for key, item in node.value:
            if not isinstance(key, yaml.ScalarNode) or key.tag not in _TEXT_TAGS:
                _wrong(ctx, key, "a name as key")
                failed = True
                continue
            value = inner(item, ctx)
            if locs is not None:
                mark = item.start_mark
                locs[f"{name}.{key.value}"] = (mark.line, mark.column)
            if isinstance(value, _Fail):
                failed = True
            elif key.value not in result:
                result[key.value] = value
        return FAIL if failed else result

    return convert


def _union(options: tuple[Any, ...]) -> Converter:
    """A union of scalars and at most one dataclass, chosen by the node's YAML type."""
    by_tag: dict[str, Converter] = {}
    for_mapping: Converter | None = None
    names: list[str] = []
    if float in options:
        by_tag[_INT] = _to_int if int in options else _to_float
        by_tag[_FLOAT] = _to_float
        names.append("a number")
    elif int in options:
        by_tag[_INT] = _to_int
        names.append("a whole number")
    if bool in options:
        by_tag[_BOOL] = _to_bool
        names.append("true/false")
    if str in options:
        for tag in _TEXT_TAGS:
            by_tag.setdefault(tag, _to_str)
        names.append("text")
    for option in options:
        if dataclasses.is_dataclass(option):
            for_mapping = converter_for(option)
            label = getattr(option, "__name__", "record").lower()
            names.append(f"an {label} mapping" if label[0] in "aeiou" else f"a {label} mapping")
        elif option not in (int, float, bool, str):  # pragma: no cover - not in the model
            raise TypeError(f"unsupported union member {option!r}")
    expected = ", ".join(names[:-1]) + f" or {names[-1]}" if len(names) > 1 else names[0]

    def convert(node: yaml.Node, ctx: Ctx) -> Any:
        if isinstance(node, yaml.MappingNode) and for_mapping is not None:
            return for_mapping(node, ctx)
        if isinstance(node, yaml.ScalarNode):
            chosen = by_tag.get(node.tag)
            if chosen is not None:
                return chosen(node, ctx)
        return _wrong(ctx, node, expected)

    return convert


# ---------------------------------------------------------------------------- dataclasses


@dataclasses.dataclass(frozen=True, slots=True)
class _Field:
    name: str
    convert: Converter
    required: bool
    optional: bool  # accepts an explicit null


def _builder(cls: type[Any]) -> Callable[[dict[str, Any]], Any]:
    """A fast constructor for a frozen dataclass: defaults + values into a fresh `__dict__`.

    A frozen dataclass's `__init__` sets every field through `object.__setattr__`, which
    dominated binding time for 20-field events. When the class has a plain `__dict__` and
    no `__post_init__`, filling the dict directly gives an identical object; otherwise the
    real constructor is used.
    """
    if hasattr(cls, "__post_init__") or "__slots__" in cls.__dict__:
        return lambda values: cls(**values)
    constants: dict[str, Any] = {}
    factories: list[tuple[str, Callable[[], Any]]] = []
    for f in dataclasses.fields(cls):
        if f.default is not dataclasses.MISSING:
            constants[f.name] = f.default
        elif f.default_factory is not dataclasses.MISSING:
            factories.append((f.name, f.default_factory))
    new = object.__new__

    def build(values: dict[str, Any]) -> Any:
        obj = new(cls)
        state = obj.__dict__
        state.update(constants)
        for name, factory in factories:
            state[name] = factory()
        state.update(values)
        return obj

    return build


def _record(cls: type[Any]) -> Converter:
    hints = typing.get_type_hints(cls)
    table: dict[str, _Field] = {}
    for f in dataclasses.fields(cls):
        if f.name in ("loc", "field_locs") or not f.init:
            continue
        tp = hints[f.name]
        required = f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING
        table[f.name] = _Field(f.name, _compile(tp), required, _accepts_none(tp))
    names = tuple(table)
    must = tuple(f.name for f in table.values() if f.required)
    label = cls.__name__
    build = _builder(cls)
    scalar, null = yaml.ScalarNode, _NULL

    def convert(node: yaml.Node, ctx: Ctx) -> Any:
        if type(node) is not yaml.MappingNode:
            return _wrong(ctx, node, f"a mapping of {label} fields (`key: value` lines)")
        outer_locs, outer_field = ctx.locs, ctx.field
        locs: dict[str, tuple[int, int]] = {}
        ctx.locs = locs
        values: dict[str, Any] = {}
        failed = False
        try:
            for key, item in node.value:
                spec = table.get(key.value) if type(key) is scalar else None
                if spec is None:
                    _unknown(ctx, key, names, label)
                    failed = True
                    continue
                name = spec.name
                if name in locs:
                    continue  # a duplicate key: reported by yamlsafe (S102)
                mark = item.start_mark
                locs[name] = (mark.line, mark.column)
                if item.tag == null and not spec.optional:
                    ctx.add(
                        "S202",
                        item,
                        f"required field `{name}` of {label} is empty",
                        f"give `{name}` a value",
                    )
                    failed = True
                    continue
                ctx.field = name
                value = spec.convert(item, ctx)
                if value is FAIL:
                    failed = True
                else:
                    values[name] = value
        finally:
            ctx.locs, ctx.field = outer_locs, outer_field
        for name in must:
            if name not in locs:
                ctx.add(
                    "S202",
                    node,
                    f"missing required field `{name}` of {label}",
                    f"add a `{name}:` line",
                )
                failed = True
        if failed:
            return FAIL
        values["loc"] = ctx.loc(node)
        values["field_locs"] = FieldLocs(ctx.path, locs)
        return build(values)

    return convert


def _unknown(ctx: Ctx, key: yaml.Node, names: tuple[str, ...], label: str) -> None:
    name = key.value if isinstance(key, yaml.ScalarNode) else None
    if not isinstance(name, str):
        _wrong(ctx, key, "a field name as key")
        return
    close = difflib.get_close_matches(name, names, n=1, cutoff=0.6)
    hint = f"did you mean `{close[0]}`?" if close else f"{label} fields are: {', '.join(names)}"
    ctx.add("S201", key, f"unknown field `{name}` in {label}", hint)


def _accepts_none(tp: Any) -> bool:
    union = typing.get_origin(tp) in (types.UnionType, typing.Union)
    return union and type(None) in typing.get_args(tp)


_CACHE: dict[Any, Converter] = {}


def converter_for(tp: Any) -> Converter:
    """The (cached) converter for a type hint."""
    try:
        return _CACHE[tp]
    except KeyError:
        pass
    except TypeError:  # unhashable hint
        return _compile(tp)
    if dataclasses.is_dataclass(tp):
        # Register a forwarding stub first so recursive types terminate.
        box: list[Converter] = []
        _CACHE[tp] = lambda node, ctx: box[0](node, ctx)
        box.append(_record(tp))  # type: ignore[arg-type]
        _CACHE[tp] = box[0]
        return box[0]
    conv = _compile(tp)
    _CACHE[tp] = conv
    return conv


def _compile(tp: Any) -> Converter:
    if dataclasses.is_dataclass(tp):
        return converter_for(tp)
    supertype = getattr(tp, "__supertype__", None)
    if supertype is not None:  # NewType
        return _compile(supertype)
    if tp is str:
        return _to_str
    if tp is bool:
        return _to_bool
    if tp is int:
        return _to_int
    if tp is float:
        return _to_float
    if tp is dt.date:
        return _to_date
    if isinstance(tp, type) and issubclass(tp, enum.Enum):
        members = tuple(str(m.value) for m in tp)
        return _choice(members, tp, tp.__name__)
    origin = typing.get_origin(tp)
    args = typing.get_args(tp)
    if origin is typing.Literal:
        return _choice(tuple(str(a) for a in args), str, "value")
    if origin in (types.UnionType, typing.Union):
        rest = tuple(a for a in args if a is not type(None))
        inner = _compile(rest[0]) if len(rest) == 1 else _union(rest)
        return _optional(inner) if len(rest) < len(args) else inner
    if origin is tuple:
        return _tuple(_compile(args[0]))
    if origin in (Mapping, dict, typing.Mapping):
        return _mapping(_compile(args[1]))
    raise TypeError(f"unsupported type hint {tp!r}")
