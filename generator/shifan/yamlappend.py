"""Append one event to a record's YAML text without disturbing anything else in the file.

Roster files are hand-edited and reviewed as diffs, so a plaque issued or voided must add
exactly the lines of the new event: comments, key order, quoting and blank lines stay as
they were. The new text is parsed again and compared with the old one before anyone
writes it, so a file this cannot handle is refused rather than damaged.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Mapping
from typing import Any

import yaml

from shifan.errors import RegistryError

Scalar = str | int | dt.date | Mapping[str, int | float] | None
"""An event value: a scalar, or a name -> number mapping (a data report's `figures`)."""
_EVENTS = re.compile(r"events:[ \t]*(?P<rest>[^#]*?)[ \t]*(?:#.*)?")
_ITEM = re.compile(r"(?P<indent>[ ]*)- ")
_PLAIN = re.compile(r"[a-z][a-z_]*")
_RESERVED = frozenset({"y", "n", "yes", "no", "on", "off", "true", "false", "null"})


def _number(value: int | float) -> str:
    if isinstance(value, bool):
        raise TypeError(f"unsupported figure value {value!r}")
    text = repr(value)
    return f"{value:f}".rstrip("0") if isinstance(value, float) and "e" in text else text


def _scalar(value: Scalar) -> str:
    if isinstance(value, bool) or value is None:
        raise TypeError(f"unsupported event value {value!r}")
    if isinstance(value, Mapping):
        items = (f"{_scalar(str(k))}: {_number(v)}" for k, v in value.items())
        return "{" + ", ".join(items) + "}"
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, int):
        return str(value)
    if _PLAIN.fullmatch(value) and value not in _RESERVED:
        return value
    # JSON strings are valid YAML double-quoted scalars: digits stay strings, nothing is
    # interpreted, and any character is escaped safely.
    return json.dumps(value, ensure_ascii=False)


def event_lines(event: Mapping[str, Scalar], indent: int) -> list[str]:
    """The block-sequence item for `event`, `- ` at column `indent`."""
    lines = []
    for i, (key, value) in enumerate(event.items()):
        if value is None:
            continue
        lead = " " * indent + ("- " if i == 0 else "  ")
        lines.append(f"{lead}{key}: {_scalar(value)}")
    return lines


def load_mapping(text: str, where: str) -> dict[str, Any]:
    """The record file's top-level mapping (a `RegistryError` if it is not one)."""
    try:
        doc = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise RegistryError(f"{where}: not valid YAML: {exc}") from None
    if not isinstance(doc, dict):
        raise RegistryError(f"{where}: a record file holds one mapping")
    return doc


def _insert(lines: list[str], event: Mapping[str, Scalar], where: str) -> list[str]:
    found = [
        (i, m) for i, line in enumerate(lines) if (m := _EVENTS.fullmatch(line.rstrip("\r\n")))
    ]
    if not found:
        return [*lines, "events:\n", *(f"{item}\n" for item in event_lines(event, 2))]
    at, match = found[0]
    rest = match.group("rest")
    if rest == "[]":
        item = [f"{text}\n" for text in event_lines(event, 2)]
        return [*lines[:at], "events:\n", *item, *lines[at + 1 :]]
    if rest:
        raise RegistryError(
            f"{where}: `events:` is written in flow style; cannot append safely",
            hint="write the events as a block list (one `- type: …` item per event)",
        )
    last, indent = at, None
    for i in range(at + 1, len(lines)):
        line = lines[i]
        content = line.strip()
        if not content or content.startswith("#"):
            continue
        if not line.startswith((" ", "-")):
            break  # the next top-level key
        last = i
        dash = _ITEM.match(line)
        if dash is not None and indent is None:
            indent = len(dash.group("indent"))
    new = [f"{text}\n" for text in event_lines(event, 2 if indent is None else indent)]
    return [*lines[: last + 1], *new, *lines[last + 1 :]]


def _position(old_events: list[Any], day: object) -> int:
    """Index of the first dated event strictly after `day` (events stay in date order)."""
    if not isinstance(day, dt.date):
        return len(old_events)
    for index, old in enumerate(old_events):
        when = old.get("date") if isinstance(old, dict) else None
        if isinstance(when, dt.date) and when > day:
            return index
    return len(old_events)


def _insert_before(
    lines: list[str], text: str, index: int, event: Mapping[str, Scalar]
) -> list[str]:
    """Insert `event` as a new item just above item `index` of the block list `events:`."""
    root = yaml.compose(text, Loader=yaml.SafeLoader)
    assert isinstance(root, yaml.MappingNode)
    items = next(v for k, v in root.value if isinstance(k, yaml.ScalarNode) and k.value == "events")
    assert isinstance(items, yaml.SequenceNode)
    at = items.value[index].start_mark.line
    dash = _ITEM.match(lines[at])
    indent = len(dash.group("indent")) if dash is not None else 2
    while at > 0 and lines[at - 1].strip().startswith("#"):
        at -= 1  # keep a comment above the item it introduces
    new = [f"{line}\n" for line in event_lines(event, indent)]
    return [*lines[:at], *new, *lines[at:]]


def append_event(text: str, event: Mapping[str, Scalar], *, where: str = "record") -> str:
    """`text` with `event` added to its top-level `events:` list (created if absent).

    The event goes at the end, or, when later-dated events exist, just before the first of
    them, so that the list stays in date order. A file written with CRLF line endings
    (Windows editors) keeps them: the new lines end in CRLF too.
    """
    if "\r\n" in text and "\n" not in text.replace("\r\n", ""):
        return _append_event(text.replace("\r\n", "\n"), event, where).replace("\n", "\r\n")
    return _append_event(text, event, where)


def _append_event(text: str, event: Mapping[str, Scalar], where: str) -> str:
    before = load_mapping(text, where)
    old_events = before.get("events") or []
    if not isinstance(old_events, list):
        raise RegistryError(f"{where}: `events` is not a list")
    body = text if text.endswith("\n") or not text else text + "\n"
    lines = body.splitlines(keepends=True)
    index = _position(old_events, event.get("date"))
    if index < len(old_events):
        new = "".join(_insert_before(lines, body, index, event))
    else:
        new = "".join(_insert(lines, event, where))
    after = load_mapping(new, where)
    events = [*old_events[:index], load_item(event), *old_events[index:]]
    if after != {**before, "events": events}:
        raise RegistryError(
            f"{where}: could not add the event without changing other content",
            hint="check the file's `events:` list layout (block list, consistent indentation)",
        )
    return new


def load_item(event: Mapping[str, Scalar]) -> dict[str, Any]:
    """What `event_lines(event)` reads back as."""
    loaded = yaml.safe_load("\n".join(event_lines(event, 0)))
    assert isinstance(loaded, list)
    item: dict[str, Any] = loaded[0]
    return item
