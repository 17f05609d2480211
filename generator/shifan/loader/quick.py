"""A quick reader for registry files written in the plain layout, straight into records.

Almost every registry file uses a small part of YAML, the part `shifan new` and `shifan fmt`
write: `key: value` lines, nested blocks indented with spaces, `- ` list items, one-line
`{key: value, …}` mappings, and one-line values, plain or quoted without escapes. For such
a file `quick_record(cls, text, path)` builds the record directly, without a YAML node tree,
and gives the record `parse_yaml` + `bind` would give, with the same locations.

It never reports anything. Any other construct, and any value, key or shape the binder
would have a word to say about (an unknown or repeated key, a missing field, a null where
one is not allowed, a value its converter refuses), makes it answer None: the caller then
reads the file the full way, which finds and words every problem as before. So it only
ever speeds up files that are fine, and a test holds it to the full way on the demo
roster, synthetic rosters and fuzzed variations of them.

Values are converted by the binder's own converters (`bind.record_spec`); the answer for
each written value is remembered per field, since a roster repeats its dates, kinds,
districts and documents thousands of times.
"""

from __future__ import annotations

import dataclasses
import re
import typing
from collections.abc import Mapping
from typing import Any, TypeVar

import yaml

from shifan.loader.bind import RecordSpec, converter_for, quick_path, record_spec
from shifan.loader.scalars import (
    FAIL,
    NULL,
    SLOW,
    STR,
    TEXT_TAGS,
    Converter,
    Ctx,
    FieldLocs,
)
from shifan.loader.yamlsafe import full_width_slips, plain_tag
from shifan.model import Loc, Node

_KEY = r"[A-Za-z_][A-Za-z0-9_]*"
_KEY_LINE = re.compile(rf"( *)({_KEY}):(?: (\S.*))?")
_ITEM_KEY = re.compile(rf"{_KEY}:(?: |$)")
_ODD_LINE = re.compile(r"^ +(?:#|$)", re.MULTILINE)  # an indented comment or blank line
# One-line scalars that YAML reads one way only. Plain: no indicator first, no bracket,
# brace, comment sign, quote or backslash anywhere; in a flow mapping also no `,` or `:`.
_START = r"(?:-?[0-9]|[^\s\-?:,\[\]{}#&*!|>'\"%@`+~.])"
_BLOCK_PLAIN = re.compile(rf"{_START}[^\[\]{{}}#'\"\\]*")
_FLOW_PLAIN = rf"{_START}(?:[^,:\[\]{{}}#'\"\\]*[^\s,:\[\]{{}}#'\"\\])?"
_DOUBLE = r'"[^"\\]*"'
_SINGLE = r"'[^']*'"
_QUOTED = re.compile(rf"{_DOUBLE}|{_SINGLE}")
_FLOW_VALUE = rf"{_DOUBLE}|{_SINGLE}|{_FLOW_PLAIN}"
# `key: value` in a flow mapping of a record: a scalar, or a flat flow mapping (group 3).
_FLOW_PAIR = re.compile(rf"({_KEY}): (?:({_FLOW_VALUE})|(\{{[^{{}}]*\}}))(, |\}})")
# `key: value` in a flat flow mapping of any keys (`figures: {交易额_万元: 12800}`).
_FLOW_ENTRY = re.compile(
    rf"([^\s\-?:,\[\]{{}}#&*!|>'\"%@`][^\s:,\[\]{{}}#'\"\\]*): ({_FLOW_VALUE})(, |\}})"
)

_MEMO_MAX = 5_000  # values remembered per field (a few thousand dates, say)
_MEMO_LENGTH = 80  # characters: a longer value (a name, a citation) is converted each time
_NULL = object()  # a plain null was written
_MARK = yaml.Mark("", 0, 0, 0, "", 0)  # values with a problem are never kept


T = TypeVar("T", bound=Node)


class _NotSure(Exception):
    """The file leaves the part of YAML this module reads, or has a problem to report."""


# ---------------------------------------------------------------------------- shapes


class _Scalar:
    """A one-line value, bound by `convert`; what each written value gave is remembered."""

    __slots__ = ("block", "convert", "flow", "optional", "quick")

    def __init__(self, convert: Converter, optional: bool = False) -> None:
        self.convert = convert
        self.quick = quick_path(convert)  # the converter's own quick path, if any
        self.optional = optional  # an explicit null is None (only record fields)
        self.block: dict[str, Any] = {}  # written value → value, in block context
        self.flow: dict[str, Any] = {}  # the same inside `{…}`


class _Either(_Scalar):
    """A union of scalars and one record type (`DeclaredValue`)."""

    __slots__ = ("cls",)

    def __init__(self, cls: type[Node], convert: Converter) -> None:
        super().__init__(convert)
        self.cls = cls


@dataclasses.dataclass(frozen=True, slots=True)
class _Record:
    cls: type[Node]


@dataclasses.dataclass(frozen=True, slots=True)
class _List:
    item: _Shape


@dataclasses.dataclass(frozen=True, slots=True)
class _Map:
    item: _Shape


_Shape = _Scalar | _Record | _List | _Map


def _shape(hint: Any, convert: Converter, optional: bool = False) -> _Shape:
    """What a value of type `hint` looks like in a file; `convert` binds it as a scalar."""
    hint = getattr(hint, "__supertype__", hint)  # NewType
    if dataclasses.is_dataclass(hint):
        return _Record(hint)  # type: ignore[arg-type]
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if origin is tuple:
        return _List(_shape(args[0], converter_for(args[0])))
    if origin in (Mapping, dict):
        return _Map(_shape(args[1], converter_for(args[1])))
    records = [a for a in args if dataclasses.is_dataclass(a)]
    if records:
        return _Either(records[0], convert)  # type: ignore[arg-type]
    return _Scalar(convert, optional)


class _Plan:
    """A record class as this reader needs it: each field's shape, the required ones."""

    __slots__ = ("build", "required", "shapes")

    def __init__(self, spec: RecordSpec) -> None:
        self.build = spec.build
        self.required = frozenset(spec.required)
        self.shapes = {
            name: _shape(f.hint, f.convert, f.optional) for name, f in spec.fields.items()
        }


_PLANS: dict[type[Node], _Plan] = {}


def _plan(cls: type[Node]) -> _Plan:
    plan = _PLANS.get(cls)
    if plan is None:
        plan = _PLANS[cls] = _Plan(record_spec(cls))
    return plan


# ---------------------------------------------------------------------------- values


def _scalar(shape: _Scalar, raw: str, flow: bool) -> Any:
    """The value written as `raw`, as `shape` binds it (None for an allowed null)."""
    memo = shape.flow if flow else shape.block
    value = memo.get(raw)
    if value is not None:
        return value
    if raw[0] in "\"'":
        if _QUOTED.fullmatch(raw) is None:
            raise _NotSure
        text, tag, style = raw[1:-1], STR, raw[0]
    else:
        # (a value in a flow mapping was matched by a flow pattern already)
        if not flow and (_BLOCK_PLAIN.fullmatch(raw) is None or ": " in raw or raw[-1] in " :"):
            raise _NotSure
        text, tag, style = raw, plain_tag(raw), None
    if tag == NULL:
        if shape.optional:
            return None
        raise _NotSure
    node = yaml.ScalarNode(tag, text, _MARK, _MARK, style)
    value = SLOW if shape.quick is None else shape.quick(node)
    if value is SLOW:
        ctx = Ctx("")
        value = shape.convert(node, ctx)
        if value is FAIL or ctx.problems:
            raise _NotSure
    if len(raw) <= _MEMO_LENGTH and len(memo) < _MEMO_MAX:
        memo[raw] = value
    return value


_TEXT_KEYS: dict[str, bool] = {}


def _text_key(key: str) -> bool:
    """Whether `key`, written plain, is text to YAML (`yes` and `12` as keys are not)."""
    known = _TEXT_KEYS.get(key)
    if known is None:
        known = plain_tag(key) in TEXT_TAGS
        if len(_TEXT_KEYS) < _MEMO_MAX:
            _TEXT_KEYS[key] = known
    return known


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


class _Reader:
    """One file's lines (blank and comment lines left out) and the reading position."""

    __slots__ = ("lines", "path", "pos")

    def __init__(self, text: str, path: str) -> None:
        self.path = path
        self.pos = 0
        numbered = enumerate(text.split("\n"))
        if _ODD_LINE.search(text) is None:
            self.lines = [(n, line) for n, line in numbered if line and line[0] != "#"]
        else:
            self.lines = [
                (n, line)
                for n, line in numbered
                if line.strip(" ") and not line.lstrip(" ").startswith("#")
            ]

    def record(self, cls: type[Node], indent: int) -> Any:
        """A block mapping of `cls`'s fields whose keys start at column `indent`."""
        plan = _plan(cls)
        shapes = plan.shapes
        start = self.lines[self.pos][0]
        values: dict[str, Any] = {}
        locs: dict[str, tuple[int, int]] = {}
        while (found := self.key_line(indent)) is not None:
            number, name, raw = found
            shape = shapes.get(name)
            if shape is None or name in locs:
                raise _NotSure
            if raw is None:
                self.pos += 1
                locs[name] = self.nested_at()
                values[name] = self.nested(shape, name, locs)
                continue
            column = indent + len(name) + 2
            locs[name] = (number, column)
            value = shape.block.get(raw) if type(shape) is _Scalar else None
            values[name] = self.inline(shape, raw, number, column) if value is None else value
            self.pos += 1
        return self.build(plan, values, locs, number=start, column=indent)

    def key_line(self, indent: int) -> tuple[int, str, str | None] | None:
        """The next `key: value` or `key:` line at column `indent` as (line number, key,
        value); None where the block ends (the end, or a line less indented)."""
        if self.pos >= len(self.lines):
            return None
        number, line = self.lines[self.pos]
        match = _KEY_LINE.fullmatch(line)
        spaces = match.group(1) if match is not None else " " * _indent(line)
        if match is None or len(spaces) != indent:
            if len(spaces) < indent:
                return None
            raise _NotSure
        return number, match.group(2), match.group(3)

    def build(
        self,
        plan: _Plan,
        values: dict[str, Any],
        locs: dict[str, tuple[int, int]],
        *,
        number: int,
        column: int,
    ) -> Any:
        if not locs.keys() >= plan.required:
            raise _NotSure
        values["loc"] = Loc(self.path, number + 1, column + 1)
        values["field_locs"] = FieldLocs(self.path, locs)
        return plan.build(values)

    def nested_at(self) -> tuple[int, int]:
        """Where the block under a `key:` line starts: its first line, further indented."""
        if self.pos >= len(self.lines):
            raise _NotSure  # `key:` with nothing under it is a null
        number, line = self.lines[self.pos]
        return number, _indent(line)

    def nested(self, shape: _Shape, name: str, locs: dict[str, tuple[int, int]]) -> Any:
        """The block value under the `key:` line `lines[pos - 1]`."""
        line = self.lines[self.pos][1]
        indent = _indent(line)
        if indent <= _indent(self.lines[self.pos - 1][1]):
            raise _NotSure  # a null, or a list not indented under its key
        if line.startswith("- ", indent):
            if type(shape) is not _List:
                raise _NotSure
            return self.sequence(shape.item, indent, name, locs)
        if type(shape) is _Map:
            return self.mapping(shape.item, indent, name, locs)
        if type(shape) is _Record or type(shape) is _Either:
            return self.record(shape.cls, indent)
        raise _NotSure

    def inline(self, shape: _Shape, raw: str, number: int, column: int) -> Any:
        """A one-line value starting at `column` of line `number`."""
        if raw[0] == "{":
            if type(shape) is _Record or type(shape) is _Either:
                return self.flow(shape.cls, raw, number, column)
            raise _NotSure
        if type(shape) is _Scalar or type(shape) is _Either:
            return _scalar(shape, raw, False)
        raise _NotSure

    def flow(self, cls: type[Node], raw: str, number: int, column: int) -> Any:
        """A one-line flow mapping `{key: value, …}` of `cls`'s fields, nothing after it."""
        plan = _plan(cls)
        shapes = plan.shapes
        values: dict[str, Any] = {}
        locs: dict[str, tuple[int, int]] = {}
        at = column + 1  # the pairs must follow one another without a gap, to the end
        closed = False
        for name, written, inner, end in _FLOW_PAIR.findall(raw, 1):
            shape = shapes.get(name)
            if shape is None or name in locs or closed:
                raise _NotSure
            start = at + len(name) + 2
            locs[name] = (number, start)
            if written and type(shape) is _Scalar:
                value = shape.flow.get(written)
                values[name] = _scalar(shape, written, True) if value is None else value
                at = start + len(written) + len(end)
            elif inner and type(shape) is _Map:
                values[name] = self.flow_map(shape.item, inner, number, start, name, locs)
                at = start + len(inner) + len(end)
            else:
                raise _NotSure
            closed = end == "}"
        if not closed or at - column != len(raw) or not locs.keys() >= plan.required:
            raise _NotSure
        values["loc"] = Loc(self.path, number + 1, column + 1)
        values["field_locs"] = FieldLocs(self.path, locs)
        return plan.build(values)

    def flow_map(
        self,
        shape: _Shape,
        raw: str,
        number: int,
        column: int,
        name: str,
        locs: dict[str, tuple[int, int]],
    ) -> dict[str, Any]:
        """A flat `{key: value, …}` of any keys; each value's place is `name.key` in `locs`."""
        if type(shape) is not _Scalar:
            raise _NotSure
        result: dict[str, Any] = {}
        at = 1
        for match in _FLOW_ENTRY.finditer(raw, 1):
            key, written, end = match.groups()
            if match.start() != at or key in result or not _text_key(key):
                raise _NotSure
            value = _scalar(shape, written, True)
            if value is None:
                raise _NotSure
            locs[f"{name}.{key}"] = (number, column + match.start(2))
            result[key] = value
            at = match.end()
            if end == "}":
                break
        if at != len(raw) or raw[-1] != "}":
            raise _NotSure
        return result

    def sequence(
        self, shape: _Shape, indent: int, name: str, locs: dict[str, tuple[int, int]]
    ) -> tuple[Any, ...]:
        """`- item` lines at column `indent`; each item's place is `name[i]` in `locs`."""
        items: list[Any] = []
        lines = self.lines
        column = indent + 2
        while self.pos < len(lines):
            number, line = lines[self.pos]
            if not line.startswith("- ", indent) or _indent(line) != indent:
                if _indent(line) < indent:
                    break
                raise _NotSure
            rest = line[column:]
            if not rest or rest[0] == " ":
                raise _NotSure  # an empty item (a null), or more spaces after `-`
            locs[f"{name}[{len(items)}]"] = (number, column)
            if rest[0] == "{":
                if type(shape) is not _Record and type(shape) is not _Either:
                    raise _NotSure
                items.append(self.flow(shape.cls, rest, number, column))
            elif _ITEM_KEY.match(rest) is not None:
                if type(shape) is not _Record and type(shape) is not _Either:
                    raise _NotSure
                # The item's first key sits where `- ` was: read it as a block mapping there.
                lines[self.pos] = (number, " " * column + rest)
                items.append(self.record(shape.cls, column))
                continue
            elif type(shape) is _Scalar:
                value = _scalar(shape, rest, False)
                if value is None:
                    raise _NotSure
                items.append(value)
            else:
                raise _NotSure
            self.pos += 1
        return tuple(items)

    def mapping(
        self, shape: _Shape, indent: int, name: str, locs: dict[str, tuple[int, int]]
    ) -> dict[str, Any]:
        """`key: value` lines at column `indent`, any keys; each is `name.key` in `locs`."""
        result: dict[str, Any] = {}
        while (found := self.key_line(indent)) is not None:
            number, key, raw = found
            if key in result or not _text_key(key):
                raise _NotSure
            if raw is None:
                self.pos += 1
                locs[f"{name}.{key}"] = self.nested_at()
                result[key] = self.nested(shape, key, {})
                continue
            column = indent + len(key) + 2
            value = self.inline(shape, raw, number, column)
            if value is None:
                raise _NotSure
            locs[f"{name}.{key}"] = (number, column)
            result[key] = value
            self.pos += 1
        return result


def quick_read(cls: type[T], data: bytes, path: str) -> T | None:
    """The record of `cls` in the file `data` (at `path`), or None when not sure."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return None
    return quick_record(cls, text, path)


def quick_record(cls: type[T], text: str, path: str) -> T | None:
    """The record of `cls` in `text` (the file at `path`), or None when not sure."""
    # No tab, CR or other control or invisible character (the full reader words those).
    if not text.replace("\n", "").isprintable():
        return None
    if ("：" in text or "\u3000" in text) and full_width_slips(text, path):
        return None
    reader = _Reader(text, path)
    if not reader.lines or _indent(reader.lines[0][1]) != 0:
        return None
    try:
        record = reader.record(cls, 0)
    except _NotSure:
        return None
    if reader.pos != len(reader.lines):
        return None  # something left over at the top level
    result: T = record
    return result
