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
from collections.abc import Callable, Mapping
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
        self.locs: dict[str, Loc] | None = None
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


def _wrong(ctx: Ctx, node: yaml.Node, expected: str, hint: str = "") -> _Fail:
    if not hint and isinstance(node, yaml.ScalarNode) and node.tag == _BOOL:
        hint = f"YAML reads unquoted `{node.value}` as yes/no: write it in quotes, '{node.value}'"
    return ctx.add("S203", node, f"expected {expected}, found {_describe(node)}", hint)


# ---------------------------------------------------------------------------- scalars


def _to_str(node: yaml.Node, ctx: Ctx) -> Any:
    if isinstance(node, yaml.ScalarNode) and node.tag in _TEXT_TAGS:
        return node.value
    return _wrong(ctx, node, "text")


def _to_int(node: yaml.Node, ctx: Ctx) -> Any:
    if isinstance(node, yaml.ScalarNode) and node.tag == _INT:
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
        return ctx.add("S203", node, f"expected a finite number, found `{node.value}`")
    return _wrong(ctx, node, "a number")


def _to_bool(node: yaml.Node, ctx: Ctx) -> Any:
    if isinstance(node, yaml.ScalarNode) and node.tag == _BOOL:
        return bool(_constructor.construct_yaml_bool(node))
    return _wrong(ctx, node, "true or false")


def _to_date(node: yaml.Node, ctx: Ctx) -> Any:
    if isinstance(node, yaml.ScalarNode):
        if node.tag == _TIMESTAMP:
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
                locs[f"{name}[{i}]"] = ctx.loc(item)
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
                locs[f"{name}.{key.value}"] = ctx.loc(item)
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
    for option in options:
        if option is bool:
            by_tag[_BOOL] = _to_bool
            names.append("true/false")
        elif option is int:
            by_tag.setdefault(_INT, _to_int)
            names.append("a whole number")
        elif option is float:
            if int not in options:
                by_tag[_INT] = _to_float
            by_tag[_FLOAT] = _to_float
            names.append("a number")
        elif option is str:
            for tag in _TEXT_TAGS:
                by_tag.setdefault(tag, _to_str)
            names.append("text")
        elif dataclasses.is_dataclass(option):
            for_mapping = converter_for(option)
            names.append(f"a mapping ({getattr(option, '__name__', 'record')})")
        else:  # pragma: no cover - the model has no other unions
            raise TypeError(f"unsupported union member {option!r}")
    expected = " or ".join(names)

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
    label = cls.__name__

    def convert(node: yaml.Node, ctx: Ctx) -> Any:
        if not isinstance(node, yaml.MappingNode):
            return _wrong(ctx, node, f"a mapping of {label} fields (`key: value` lines)")
        outer_locs, outer_field = ctx.locs, ctx.field
        locs: dict[str, Loc] = {}
        ctx.locs = locs
        values: dict[str, Any] = {}
        failed = False
        seen: set[str] = set()
        try:
            for key, item in node.value:
                name = key.value if isinstance(key, yaml.ScalarNode) else None
                spec = table.get(name) if isinstance(name, str) else None
                if spec is None:
                    _unknown(ctx, key, name, names, label)
                    failed = True
                    continue
                if spec.name in seen:
                    continue  # a duplicate key: reported by yamlsafe (S102)
                seen.add(spec.name)
                locs[spec.name] = ctx.loc(item)
                if not spec.optional and isinstance(item, yaml.ScalarNode) and item.tag == _NULL:
                    ctx.add(
                        "S202",
                        item,
                        f"required field `{spec.name}` of {label} is empty",
                        f"give `{spec.name}` a value",
                    )
                    failed = True
                    continue
                ctx.field = spec.name
                value = spec.convert(item, ctx)
                if isinstance(value, _Fail):
                    failed = True
                else:
                    values[spec.name] = value
        finally:
            ctx.locs, ctx.field = outer_locs, outer_field
        for spec in table.values():
            if spec.required and spec.name not in seen:
                ctx.add(
                    "S202",
                    node,
                    f"missing required field `{spec.name}` of {label}",
                    f"add a `{spec.name}:` line",
                )
                failed = True
        if failed:
            return FAIL
        return cls(loc=ctx.loc(node), field_locs=locs, **values)

    return convert


def _unknown(
    ctx: Ctx, key: yaml.Node, name: str | None, names: tuple[str, ...], label: str
) -> None:
    if name is None:
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
