"""Bind a YAML node tree to the frozen dataclasses of `shifan.model`, by their type hints.

One generic binder instead of a hand-written reader per record: the dataclasses stay the
single source of truth for the format. Each dataclass is compiled once into a table of
per-field converters (cached), so binding 10,000 files costs little more than walking them.

Every problem of a file is reported, not only the first. Codes:

| code | what |
|------|------|
| S102 | a repeated key in a mapping it binds (so the loader need not walk the tree twice) |
| S201 | unknown field (with a did-you-mean) |
| S202 | a required field is missing or empty |
| S203 | wrong type (including a YAML 1.1 `yes`/`no`/`on`/`off` where text is expected) |
| S204 | a value outside the allowed set (enum / literal), listing the allowed ones |
| S401 | a bad date |

and, through the scalar converters, S108 (invisible characters), S205 (numbers not in plain
decimal), S206 (numbers out of range) and S407 (dates and `year`s outside the window); a
required text field that is empty or only spaces is S202, as a missing one.

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
import types
import typing
from collections.abc import Callable, Mapping
from typing import Any, TypeVar

import yaml

from shifan.errors import Problem
from shifan.loader.scalars import (
    BOOL,
    FAIL,
    FLOAT,
    INT,
    NULL,
    SLOW,
    TEXT_TAGS,
    Converter,
    Ctx,
    Fail,
    FieldLocs,
    Quick,
    check_text,
    choice,
    quick_bool,
    quick_choice,
    quick_date,
    quick_float,
    quick_int,
    quick_required_text,
    quick_text,
    quick_year,
    to_bool,
    to_date,
    to_float,
    to_int,
    to_str,
    to_year,
    visible,
    wrong,
)
from shifan.loader.yamlsafe import duplicate_problems
from shifan.model import Node

T = TypeVar("T", bound=Node)


def bind(cls: type[T], node: yaml.Node, path: str) -> tuple[T | None, list[Problem]]:
    """Bind `node` to dataclass `cls`; None (and the problems) if anything was wrong."""
    ctx = Ctx(path)
    value = converter_for(cls)(node, ctx)
    if isinstance(value, Fail) or ctx.problems:
        return None, ctx.problems
    result: T = value
    return result, ctx.problems


# ---------------------------------------------------------------------------- containers


def _optional(inner: Converter) -> Converter:
    def convert(node: yaml.Node, ctx: Ctx) -> Any:
        if isinstance(node, yaml.ScalarNode) and node.tag == NULL:
            return None
        return inner(node, ctx)

    return convert


def _tuple(inner: Converter) -> Converter:
    def convert(node: yaml.Node, ctx: Ctx) -> Any:
        if not isinstance(node, yaml.SequenceNode):
            return wrong(ctx, node, "a list (`- item` lines)")
        locs, name = ctx.locs, ctx.field
        items: list[Any] = []
        failed = False
        for i, item in enumerate(node.value):
            value = inner(item, ctx)
            if locs is not None:
                mark = item.start_mark
                locs[f"{name}[{i}]"] = (mark.line, mark.column)
            if isinstance(value, Fail):
                failed = True
            else:
                items.append(value)
        return FAIL if failed else tuple(items)

    return convert


def _mapping(inner: Converter) -> Converter:
    quick = _QUICK.get(inner)

    def convert(node: yaml.Node, ctx: Ctx) -> Any:
        if not isinstance(node, yaml.MappingNode):
            return wrong(ctx, node, "a mapping (`key: value` lines)")
        locs, name = ctx.locs, ctx.field
        result: dict[str, Any] = {}
        failed = False
        repeats = duplicate_problems(node.value, ctx.path)
        if repeats:
            ctx.problems.extend(repeats)
            failed = True
        for key, item in node.value:
            if not isinstance(key, yaml.ScalarNode) or key.tag not in TEXT_TAGS:
                wrong(ctx, key, "a name as key")
                failed = True
                continue
            if not (visible(key.value) or check_text(key.value, key, ctx, "key")):
                failed = True
                continue
            value = SLOW if quick is None else quick(item)
            if value is SLOW:
                value = inner(item, ctx)
            if locs is not None:
                mark = item.start_mark
                locs[f"{name}.{key.value}"] = (mark.line, mark.column)
            if isinstance(value, Fail):
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
        by_tag[INT] = to_int if int in options else to_float
        by_tag[FLOAT] = to_float
        names.append("a number")
    elif int in options:
        by_tag[INT] = to_int
        names.append("a whole number")
    if bool in options:
        by_tag[BOOL] = to_bool
        names.append("true/false")
    if str in options:
        for tag in TEXT_TAGS:
            by_tag.setdefault(tag, to_str)
        names.append("text")
    for option in options:
        if dataclasses.is_dataclass(option):
            for_mapping = converter_for(option)
            label = getattr(option, "__name__", "record").lower()
            names.append(f"an {label} mapping" if label[0] in "aeiou" else f"a {label} mapping")
        elif option not in (int, float, bool, str):  # pragma: no cover - not in the model
            raise TypeError(f"unsupported union member {option!r}")
    expected = ", ".join(names[:-1]) + f" or {names[-1]}" if len(names) > 1 else names[0]

    quick_by_tag = {tag: _QUICK[conv] for tag, conv in by_tag.items() if conv in _QUICK}

    def quick(node: yaml.Node) -> Any:
        if type(node) is yaml.ScalarNode:
            chosen = quick_by_tag.get(node.tag)
            if chosen is not None:
                return chosen(node)
        return SLOW

    def convert(node: yaml.Node, ctx: Ctx) -> Any:
        if isinstance(node, yaml.MappingNode) and for_mapping is not None:
            return for_mapping(node, ctx)
        if isinstance(node, yaml.ScalarNode):
            chosen = by_tag.get(node.tag)
            if chosen is not None:
                return chosen(node, ctx)
        return wrong(ctx, node, expected)

    _QUICK[convert] = quick
    return convert


# ---------------------------------------------------------------------------- dataclasses


@dataclasses.dataclass(frozen=True, slots=True)
class FieldSpec:
    """How one field of a record binds."""

    name: str
    convert: Converter
    required: bool
    optional: bool  # accepts an explicit null
    quick: Quick | None  # the converter's quick path, if it has one
    hint: Any  # the field's type hint, without `None`


@dataclasses.dataclass(frozen=True, slots=True)
class RecordSpec:
    """How a record class binds: its fields by name, the required ones, its constructor."""

    fields: Mapping[str, FieldSpec]
    required: tuple[str, ...]
    build: Callable[[dict[str, Any]], Any]


def record_spec(cls: type[Node]) -> RecordSpec:
    """The compiled binding table of a record class (compiled on first use)."""
    converter_for(cls)
    return _SPECS[cls]


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
    table: dict[str, FieldSpec] = {}
    for f in dataclasses.fields(cls):
        if f.name in ("loc", "field_locs") or not f.init:
            continue
        tp = hints[f.name]
        required = f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING
        optional = accepts_none(tp)
        # An explicit null is handled here, so optional fields skip the `_optional` wrapper.
        hint = without_none(tp) if optional else tp
        inner = _compile(hint)
        if f.name == "year" and inner is to_int:
            inner = to_year
        elif inner is to_str and not optional:
            inner = _not_blank(f.name, cls.__name__)
            _QUICK[inner] = quick_required_text
        table[f.name] = FieldSpec(f.name, inner, required, optional, _QUICK.get(inner), hint)
    names = tuple(table)
    must = tuple(f.name for f in table.values() if f.required)
    label = cls.__name__
    build = _builder(cls)
    _SPECS[cls] = RecordSpec(table, must, build)
    scalar, null = yaml.ScalarNode, NULL

    def convert(node: yaml.Node, ctx: Ctx) -> Any:
        if type(node) is not yaml.MappingNode:
            return wrong(ctx, node, f"a mapping of {label} fields (`key: value` lines)")
        outer_locs, outer_field = ctx.locs, ctx.field
        locs: dict[str, tuple[int, int]] = {}
        ctx.locs = locs
        values: dict[str, Any] = {}
        failed = repeated = False
        try:
            for key, item in node.value:
                spec = table.get(key.value) if type(key) is scalar else None
                if spec is None:
                    _unknown(ctx, key, names, label)
                    failed = True
                    continue
                name = spec.name
                if name in locs:  # rare: report every repeated key of this mapping, once
                    if not repeated:
                        ctx.problems.extend(duplicate_problems(node.value, ctx.path))
                    failed = repeated = True
                    continue
                mark = item.start_mark
                locs[name] = (mark.line, mark.column)
                quick = spec.quick
                if quick is not None:  # a well-formed value, without the bookkeeping
                    value = quick(item)
                    if value is not SLOW:
                        values[name] = value
                        continue
                if item.tag == null:
                    if spec.optional:
                        values[name] = None
                        continue
                    ctx.add(
                        "S202",
                        item,
                        f"required field `{name}` of {label} is empty",
                        f"give `{name}` a value",
                        zh=(f"{label} 的必填字段 `{name}` 是空的", f"给 `{name}` 填上值"),
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
                    zh=(f"缺少 {label} 的必填字段 `{name}`", f"加上 `{name}:` 一行"),
                )
                failed = True
        if failed:
            return FAIL
        values["loc"] = ctx.loc(node)
        values["field_locs"] = FieldLocs(ctx.path, locs)
        return build(values)

    return convert


def _not_blank(name: str, label: str) -> Converter:
    """`to_str` for a required text field: empty or only spaces is as good as missing."""

    def convert(node: yaml.Node, ctx: Ctx) -> Any:
        value = to_str(node, ctx)
        if isinstance(value, str) and not value.strip():
            return ctx.add(
                "S202",
                node,
                f"required field `{name}` of {label} is blank",
                f"give `{name}` a value",
                zh=(f"{label} 的必填字段 `{name}` 只有空格", f"给 `{name}` 填上值"),
            )
        return value

    return convert


def _unknown(ctx: Ctx, key: yaml.Node, names: tuple[str, ...], label: str) -> None:
    name = key.value if isinstance(key, yaml.ScalarNode) else None
    if not isinstance(name, str):
        wrong(ctx, key, "a field name as key")
        return
    close = difflib.get_close_matches(name, names, n=1, cutoff=0.6)
    hint = f"did you mean `{close[0]}`?" if close else f"{label} fields are: {', '.join(names)}"
    hint_zh = f"是不是 `{close[0]}`？" if close else f"{label} 的字段有：{'、'.join(names)}"
    ctx.add(
        "S201",
        key,
        f"unknown field `{name}` in {label}",
        hint,
        zh=(f"{label} 中没有字段 `{name}`", hint_zh),
    )


def without_none(tp: Any) -> Any:
    """`X` of `X | None` (a union of the rest when there are several)."""
    rest = tuple(a for a in typing.get_args(tp) if a is not type(None))
    return rest[0] if len(rest) == 1 else typing.Union[rest]  # noqa: UP007 - built from a tuple


def accepts_none(tp: Any) -> bool:
    """Whether the type hint admits `None`."""
    union = typing.get_origin(tp) in (types.UnionType, typing.Union)
    return union and type(None) in typing.get_args(tp)


_CACHE: dict[Any, Converter] = {}
_SPECS: dict[type[Any], RecordSpec] = {}
_QUICK: dict[Converter, Quick] = {
    to_str: quick_text,
    to_int: quick_int,
    to_float: quick_float,
    to_bool: quick_bool,
    to_year: quick_year,
    to_date: quick_date,
}
"""Converters with a quick path (see `Quick`), filled in as enumerations are compiled."""


def quick_path(convert: Converter) -> Quick | None:
    """The quick path of a converter (see `Quick`), if it has one."""
    return _QUICK.get(convert)


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
        return to_str
    if tp is bool:
        return to_bool
    if tp is int:
        return to_int
    if tp is float:
        return to_float
    if tp is dt.date:
        return to_date
    if isinstance(tp, type) and issubclass(tp, enum.Enum):
        members = tuple(str(m.value) for m in tp)
        return _quickly(choice(members, tp, tp.__name__), quick_choice(members, tp))
    origin = typing.get_origin(tp)
    args = typing.get_args(tp)
    if origin is typing.Literal:
        values = tuple(str(a) for a in args)
        return _quickly(choice(values, str, "value"), quick_choice(values, str))
    if origin in (types.UnionType, typing.Union):
        rest = tuple(a for a in args if a is not type(None))
        inner = _compile(rest[0]) if len(rest) == 1 else _union(rest)
        return _optional(inner) if len(rest) < len(args) else inner
    if origin is tuple:
        return _tuple(_compile(args[0]))
    if origin in (Mapping, dict, typing.Mapping):
        return _mapping(_compile(args[1]))
    raise TypeError(f"unsupported type hint {tp!r}")


def _quickly(convert: Converter, quick: Quick) -> Converter:
    _QUICK[convert] = quick
    return convert
