"""A quick, conservative test that a registry file is already in the canonical layout.

`canonical_text` round-trips every file through ruamel.yaml, which costs tens of
milliseconds a file; on a roster of ten thousand units that is minutes. Almost every file
is written in a small, regular subset of YAML — the one `shifan new` and `shifan fmt` write —
so `surely_canonical(text, where)` reads that subset line by line and says True only when
the file is in it *and* already laid out as `canonical_text` would lay it out: keys in the
record's field order, two-space indentation, list items under their key, flow mappings
spaced as `{a: b, c: d}`, plain or double-quoted one-line scalars.

False means "not sure": the caller asks `canonical_text`. The promise (tested against
`canonical_text` on the roster, a synthetic roster and random variations) is one way only:
True implies `canonical_text(text, where=where) == text`.
"""

from __future__ import annotations

import re

from shifan.canonical import ROOTS, key_order, nested_types
from shifan.model import Attestation, Node

_MAX_LINE = 10_000
_KEY = r"[A-Za-z_][A-Za-z0-9_]*"
# A one-line plain scalar with nothing YAML could read another way: no indicator first, no
# bracket, comment sign, quote or `: ` inside, no space at either end.
_PLAIN = r"(?:-?[0-9]|[^\s\-?:,\[\]{}#&*!|>'\"%@`+~.])[^\[\]{}#'\"\\]*"
_DOUBLE = r'"[^"\\]*"'
_SCALAR = re.compile(rf"(?:{_PLAIN}|{_DOUBLE})")
_NULLS = frozenset({"null", "Null", "NULL"})
_LINE = re.compile(rf"( *)(- )?({_KEY}):(?: (.*))?")
_ITEM = re.compile(r"( *)- (.*)")
_KEY_VALUE = re.compile(rf"{_KEY}:(?: .*)?")
# In a flow mapping a plain scalar also stops at `,` and `:` (a URL there is left to ruamel).
_FLOW_PLAIN = (
    r"(?:-?[0-9]|[^\s\-?:,\[\]{}#&*!|>'\"%@`+~.])(?:[^,:\[\]{}#'\"\\]*[^\s,:\[\]{}#'\"\\])?"
)
_FLOW_SCALAR = re.compile(rf"{_FLOW_PLAIN}(?=[,}}])|{_DOUBLE}")
_FLOW_KEY = r"[^\s\-?:,\[\]{}#&*!|>'\"%@`][^\s:,\[\]{}#'\"]*"
_FLOW_ITEM = rf"({_FLOW_KEY}): (?:{_FLOW_PLAIN}|{_DOUBLE})"
_FLAT_FLOW = re.compile(rf"\{{{_FLOW_ITEM}(?:, {_FLOW_ITEM})*\}}")
_FLOW_KEYS = re.compile(rf"[{{ ]({_FLOW_KEY}): ")
_FLOW_NULL = re.compile(r": (?:null|Null|NULL)[,}]")
_FLOW_PAIR = re.compile(rf"({_KEY}|[^\s\-?:,\[\]{{}}#&*!|>'\"%@`][^\s:,\[\]{{}}#'\"]*): ")


_VALUES: dict[tuple[str, type[Node] | None], bool] = {}
_VALUES_MAX = 50_000  # one-line values remembered (a few MB at most)
_VALUE_REMEMBERED = 300  # characters: a longer value is judged each time


class _NotSure(Exception):
    """The file leaves the subset this module reads (or is not canonical)."""


def surely_canonical(text: str, where: str) -> bool:
    """True only when `canonical_text(text, where=where)` would return `text` unchanged."""
    root = _root(where)
    if root is None or not text.endswith("\n") or "\r" in text or "\t" in text:
        return False
    lines = text[:-1].split("\n")
    start = 1 if lines and lines[0].startswith("# ") else 0
    try:
        end = _Reader(lines).mapping(start, 0, root)
    except _NotSure:
        return False
    return end == len(lines)


def _root(where: str) -> type[Node] | None:
    path = "/" + where.replace("\\", "/")
    for marker, cls in ROOTS:
        if marker in path:
            return cls
    return None


def _scalar(value: str) -> bool:
    return (
        _SCALAR.fullmatch(value) is not None
        and value not in _NULLS
        and ": " not in value
        and not value.endswith((" ", ":"))
    )


_IN_ORDER: dict[tuple[type[Node] | None, tuple[str, ...]], bool] = {}
_IN_ORDER_MAX = 10_000  # key sequences remembered (a roster has a few hundred)


def _check_order(keys: list[str], cls: type[Node] | None) -> None:
    """Refuse repeated keys, and keys out of `cls`'s canonical order."""
    shape = (cls, tuple(keys))
    known = _IN_ORDER.get(shape)
    if known is None:
        known = _in_order(keys, cls)
        if len(_IN_ORDER) < _IN_ORDER_MAX:
            _IN_ORDER[shape] = known
    if not known:
        raise _NotSure


def _in_order(keys: list[str], cls: type[Node] | None) -> bool:
    if len(set(keys)) != len(keys):
        return False
    if cls is None:
        return True
    order = key_order(cls)
    ranks = [order.get(key, len(order)) for key in keys]
    return ranks == sorted(ranks)


class _Reader:
    def __init__(self, lines: list[str]) -> None:
        if max(map(len, lines), default=0) > _MAX_LINE:
            raise _NotSure
        self.lines = lines

    def mapping(
        self,
        i: int,
        indent: int,
        cls: type[Node] | None,
        *,
        item: bool = False,
        every: type[Node] | None = None,
    ) -> int:
        """Read a block mapping whose keys start at column `indent`, from line `i`; return
        the line after it. With `item` its first line is a list item (`- ` before the key);
        with `every`, each value is of that record type (the keys are not fields)."""
        keys: list[str] = []
        nested = nested_types(cls) if cls is not None else {}
        while i < len(self.lines):
            match = _LINE.fullmatch(self.lines[i])
            if match is None:
                break
            spaces, dash, key, value = match.groups()
            if item and not keys:
                if dash is None or len(spaces) != indent - 2:
                    raise _NotSure
            elif dash is None and len(spaces) == indent:
                pass
            elif len(spaces) + (2 if dash else 0) > indent:
                raise _NotSure
            else:
                break
            keys.append(key)
            i += 1
            child = every if every is not None else nested.get(key)
            if key == "declared" and every is None:
                if value is not None:
                    if value.startswith("{"):
                        raise _NotSure  # a flow `declared:` is rare: leave it to ruamel
                    self.value(value, None)
                else:
                    i = self.mapping(self.need(i), indent + 2, None, every=Attestation)
            elif value is not None:
                self.value(value, child)
            else:
                i = self.block(self.need(i), indent + 2, child)
        if not keys:
            raise _NotSure
        _check_order(keys, cls)
        return i

    def need(self, i: int) -> int:
        if i >= len(self.lines):
            raise _NotSure  # `key:` with nothing under it (null): leave it to ruamel
        return i

    def block(self, i: int, indent: int, cls: type[Node] | None) -> int:
        """The block value of a `key:` line: a mapping or a list at `indent`."""
        if self.lines[i].startswith(" " * indent + "- "):
            return self.sequence(i, indent, cls)
        return self.mapping(i, indent, cls)

    def sequence(self, i: int, indent: int, cls: type[Node] | None) -> int:
        while i < len(self.lines):
            match = _ITEM.fullmatch(self.lines[i])
            if match is None or len(match.group(1)) != indent:
                break
            rest = match.group(2)
            if _KEY_VALUE.fullmatch(rest) is not None:
                i = self.mapping(i, indent + 2, cls, item=True)
            else:
                self.value(rest, cls)
                i += 1
        return i

    def value(self, text: str, cls: type[Node] | None) -> None:
        """A one-line value: a plain or double-quoted scalar, or a flow mapping of `cls`.

        Its verdict depends on nothing else, and values repeat across a roster (enum
        values, attestations, districts), so verdicts are remembered."""
        known = _VALUES.get((text, cls))
        if known is None:
            try:
                known = not self.flow(text, cls) if text.startswith("{") else _scalar(text)
            except _NotSure:
                known = False
            if len(_VALUES) < _VALUES_MAX and len(text) <= _VALUE_REMEMBERED:
                _VALUES[text, cls] = known
        if not known:
            raise _NotSure

    def flow(self, text: str, cls: type[Node] | None) -> str:
        """Read `{k: v, …}` at the start of `text`; return what follows it."""
        flat = _FLAT_FLOW.match(text)
        if flat is not None and _FLOW_NULL.search(flat.group()) is None:
            found = _FLOW_KEYS.findall(flat.group())
            if "declared" in found:
                raise _NotSure
            _check_order(found, cls)
            return text[flat.end() :]
        keys: list[str] = []
        nested = nested_types(cls) if cls is not None else {}
        rest = text[1:]
        while True:
            match = _FLOW_PAIR.match(rest)
            if match is None:
                raise _NotSure
            key = match.group(1)
            keys.append(key)
            rest = rest[match.end() :]
            if key == "declared":
                raise _NotSure
            if rest.startswith("{"):
                rest = self.flow(rest, nested.get(key))
            else:
                scalar = _FLOW_SCALAR.match(rest)
                if scalar is None or rest[: scalar.end()] in _NULLS:
                    raise _NotSure
                rest = rest[scalar.end() :]
            if rest.startswith(", "):
                rest = rest[2:]
            elif rest.startswith("}"):
                _check_order(keys, cls)
                return rest[1:]
            else:
                raise _NotSure
