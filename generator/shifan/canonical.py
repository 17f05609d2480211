"""One canonical layout for registry files, so that a diff shows only real changes.

`canonical_text(text, where=...)` returns the file in that layout; `is_canonical` says whether
it already is. The layout is the one the demo roster is written in:

- keys in the order of the record's fields in `shifan.model` (an event's keys in
  `EVENT_KEY_ORDER`, the order the roster has always used); unknown keys keep their place
  after the known ones (`check` reports them);
- two-space indentation, list items indented under their key (`events:` then `  - …`);
- flow mappings (`- {type: awarded, …}`) stay flow, block ones stay block;
- dates unquoted (`2024-05-06`); quoted strings keep double quotes (single quotes become
  double), plain strings stay plain; no `---`, no byte-order mark, `\\n` line ends, one
  final newline;
- every comment and blank line is kept.

A file the loader refuses (syntax errors, duplicate keys, anchors and aliases, tags) is
refused here too, rather than silently "fixed"; so is any rewrite that would change what
the file means (the result is parsed again and compared with the input).
"""

from __future__ import annotations

import dataclasses
import io
import types
import typing
from collections.abc import Iterator
from typing import Any

import yaml
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import YAMLError as RuamelError
from ruamel.yaml.scalarstring import DoubleQuotedScalarString, SingleQuotedScalarString

from shifan.errors import RegistryError
from shifan.loader.registry import DistrictsFile, TargetsFile
from shifan.loader.yamlsafe import parse_yaml
from shifan.model import Attestation, CalendarYear, Event, Figure, Node, Notice, Standard, Unit

EVENT_KEY_ORDER = (
    "type",
    "date",
    "notice",
    "district",
    "period",
    "figures",
    "result",
    "amount_cny",
    "year",
    "serial",
    "kid",
    "form",
    "valid_until",
    "token",
    "reason",
    "document",
    "project",
    "by",
    "note",
)
"""An event's keys: what happened and when first, its document and free text last."""

ROOTS: tuple[tuple[str, type[Node]], ...] = (
    ("/units/", Unit),
    ("/figures/", Figure),
    ("/notices/", Notice),
    ("/standards/", Standard),
    ("/calendar/", CalendarYear),
    ("districts.yaml", DistrictsFile),
    ("targets.yaml", TargetsFile),
)


def canonical_text(text: str, *, where: str) -> str:
    """`text` (one registry file) in the canonical layout.

    `where` names the file in messages and selects the record type by its path
    (`registry/units/park/ZZ-PRK-0001.yaml`); an unrecognised path is matched by its keys.
    Raises RegistryError (a ShifanError) when the file cannot be loaded as the registry
    loader would load it, or could not be rewritten without changing its meaning.
    """
    body = text.removeprefix("\ufeff").replace("\r\n", "\n")
    problems = [p for p in parse_yaml(body.encode("utf-8"), where)[1] if p.is_error]
    if problems:
        first = problems[0]
        raise RegistryError(
            f"cannot format: {first.message}",
            hint=f"fix this first (`shifan check` lists every problem); {first.hint}",
            loc=first.loc,
        )
    try:
        doc = _yaml().load(body)
    except (RuamelError, ValueError, TypeError, OverflowError, RecursionError) as err:
        # ruamel.yaml builds dates and numbers itself: 2024-02-30 is a ValueError there
        raise RegistryError(
            f"{where}: cannot format: {err}",
            hint="fix this first (`shifan check` lists every problem)",
        ) from None
    if isinstance(doc, CommentedMap):
        _arrange(doc, _root_class(where, doc))
    out = io.StringIO()
    _yaml().dump(doc, out)
    result = out.getvalue().rstrip("\n") + "\n"
    try:
        same = _meaning(result) == _meaning(body)
    except (yaml.YAMLError, ValueError, TypeError, OverflowError, RecursionError) as err:
        # PyYAML's safe reading refuses what ruamel.yaml took (`=` is YAML 1.1's `value`)
        raise RegistryError(
            f"{where}: cannot format: {err}".splitlines()[0],
            hint="fix this first (`shifan check` lists every problem)",
        ) from None
    if not same:
        raise RegistryError(
            f"{where}: cannot format: the rewritten file would mean something else",
            hint="format this file by hand like the others, then run `shifan fmt` again",
        )
    return result


def _meaning(text: str) -> Any:
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # the pure one without libyaml
    return yaml.load(text, Loader=loader)  # the loader's own reading (YAML 1.1)


def is_canonical(text: str, where: str) -> bool:
    """The file is already in the canonical layout (raises like `canonical_text`)."""
    return canonical_text(text, where=where) == text


def _yaml() -> YAML:
    rt = YAML(typ="rt")
    rt.preserve_quotes = True
    rt.indent(mapping=2, sequence=4, offset=2)
    rt.width = 1_000_000  # never fold a long value (tokens, achievements) onto two lines
    rt.allow_duplicate_keys = False
    return rt


def _root_class(where: str, doc: CommentedMap) -> type[Node] | None:
    path = "/" + where.replace("\\", "/")
    for marker, cls in ROOTS:
        if marker in path:
            return cls
    keys = set(doc)
    best = max(ROOTS, key=lambda root: len(keys & _field_names(root[1])))[1]
    return best if keys & _field_names(best) else None


def _field_names(cls: type[Node]) -> set[str]:
    return {f.name for f in dataclasses.fields(cls) if f.name not in ("loc", "field_locs")}


def _order(cls: type[Node]) -> tuple[str, ...]:
    if cls is Event:
        return EVENT_KEY_ORDER
    return tuple(f.name for f in dataclasses.fields(cls) if f.name not in ("loc", "field_locs"))


_ORDERS: dict[str, dict[str, int]] = {}


def key_order(cls: type[Node]) -> dict[str, int]:
    """Field name -> its place in the canonical key order of a `cls` mapping."""
    known = _ORDERS.get(cls.__qualname__)
    if known is None:
        known = _ORDERS[cls.__qualname__] = {name: i for i, name in enumerate(_order(cls))}
    return known


_NESTED: dict[str, dict[str, type[Node]]] = {}


def nested_types(cls: type[Node]) -> dict[str, type[Node]]:
    """Field name -> the record type of its value (or of its list's items)."""
    known = _NESTED.get(cls.__qualname__)
    if known is None:
        known = _NESTED[cls.__qualname__] = _find_nested(cls)
    return known


def _find_nested(cls: type[Node]) -> dict[str, type[Node]]:
    hints = typing.get_type_hints(cls)
    found: dict[str, type[Node]] = {}
    for name, hint in hints.items():
        for candidate in _flatten(hint):
            if isinstance(candidate, type) and issubclass(candidate, Node):
                found[name] = candidate
    return found


def _flatten(hint: Any) -> Iterator[Any]:
    origin = typing.get_origin(hint)
    if origin in (typing.Union, types.UnionType, tuple):
        for arg in typing.get_args(hint):
            if arg is not Ellipsis:
                yield from _flatten(arg)
    elif origin is None:
        yield hint


def _arrange(node: Any, cls: type[Node] | None) -> None:
    """Reorder `node`'s keys (recursively) and normalise its quoting, in place."""
    if isinstance(node, CommentedMap):
        if cls is not None:
            order = key_order(cls)
            wanted = sorted(node, key=lambda k: (0, order[k]) if k in order else (1, 0))
            if list(node) != wanted:
                for key in wanted:
                    node.move_to_end(key)
        nested = nested_types(cls) if cls is not None else {}
        for key in node:
            node[key] = _requote(node[key])
            if key == "declared" and isinstance(node[key], CommentedMap):
                for name in node[key]:  # the standard's keys, in the author's order
                    _arrange(node[key][name], Attestation)
            else:
                _arrange(node[key], nested.get(key))
    elif isinstance(node, CommentedSeq):
        for index, item in enumerate(node):
            node[index] = _requote(item)
            _arrange(item, cls)


def _requote(value: Any) -> Any:
    if isinstance(value, SingleQuotedScalarString):
        return DoubleQuotedScalarString(str(value))
    return value
