"""Text of notice files (`registry/notices/<id>.yaml`): a new notice, and the three edits
of an existing one — an objection received, an objection resolved, the decision.

Notice files are hand-edited and reviewed as diffs, so an edit adds exactly its own lines
and leaves comments, key order and quoting as they were. Every edited text is parsed again
and compared with the original plus the intended change; a layout this cannot edit safely
is refused rather than damaged.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

import yaml

from shifan.errors import RegistryError
from shifan.yamlappend import Scalar, event_lines, load_item, load_mapping

SCHEMA_LINE = "# yaml-language-server: $schema=../../schemas/notice.schema.json"


def mapping_lines(mapping: Mapping[str, Scalar], indent: int) -> list[str]:
    """`key: value` lines of a block mapping at column `indent` (None values left out)."""
    return [" " * indent + line[indent + 2 :] for line in event_lines(mapping, indent)]


def _refuse(where: str, what: str) -> RegistryError:
    return RegistryError(
        f"{where}: 无法在不改动其他内容的情况下写入{what} (cannot edit this layout safely)",
        hint="请把该部分写成块格式 (每项一行 `- key: …`), 或手工修改后再运行 `shifan check`",
    )


def new_notice_text(
    *,
    notice_id: str,
    title: str,
    published: dt.date,
    working_days: int,
    channel: Mapping[str, Scalar],
    entries: list[tuple[str, str, str]],
) -> str:
    """A new notice file: `entries` are (`unit` or `figure`, its id, 主要工作业绩) in listing
    order."""
    lines = [
        SCHEMA_LINE,
        *mapping_lines(
            {"id": notice_id, "title": title, "published": published, "working_days": working_days},
            0,
        ),
        "channel:",
        *mapping_lines(channel, 2),
        "entries:",
    ]
    for field, record_id, achievements in entries:
        lines.extend(event_lines({field: record_id, "achievements": achievements}, 2))
    return "\n".join(lines) + "\n"


def _compose(text: str) -> yaml.MappingNode:
    root = yaml.compose(text, Loader=yaml.SafeLoader)
    assert isinstance(root, yaml.MappingNode)
    return root


def _top(root: yaml.MappingNode, key: str) -> tuple[yaml.ScalarNode, yaml.Node] | None:
    for k, v in root.value:
        if isinstance(k, yaml.ScalarNode) and k.value == key:
            return k, v
    return None


def _last_line(node: yaml.Node) -> int:
    """0-based index of the last line holding part of `node` (its deepest last value)."""
    while isinstance(node, yaml.SequenceNode | yaml.MappingNode) and node.value:
        if node.flow_style:
            break
        last = node.value[-1]
        node = last[1] if isinstance(last, tuple) else last
    end = node.end_mark
    return end.line - 1 if end.column == 0 and end.line > node.start_mark.line else end.line


def _splice(text: str, after: int, new: list[str]) -> str:
    lines = text.splitlines(keepends=True)
    return "".join([*lines[: after + 1], *(f"{line}\n" for line in new), *lines[after + 1 :]])


def _with_newline(text: str) -> str:
    return text if text.endswith("\n") or not text else text + "\n"


def _verify(new: str, where: str, what: str, expected: dict[str, Any]) -> str:
    if load_mapping(new, where) != expected:
        raise _refuse(where, what)
    return new


def add_objection(text: str, objection: Mapping[str, Scalar], *, where: str) -> str:
    """`text` with `objection` appended to its `objections:` list (created if absent)."""
    text = _with_newline(text)
    before = load_mapping(text, where)
    root = _compose(text)
    found = _top(root, "objections")
    old = before.get("objections") or []
    if found is None:
        lines = ["objections:", *event_lines(objection, 2)]
        decision = _top(root, "decision")
        at = decision[0].start_mark.line if decision is not None else len(text.splitlines())
        new = _splice(text, at - 1, lines)
    else:
        node = found[1]
        if not isinstance(node, yaml.SequenceNode) or node.flow_style or not node.value:
            raise _refuse(where, "异议")
        indent = node.value[0].start_mark.column - 2
        new = _splice(text, _last_line(node), event_lines(objection, max(indent, 0)))
    expected = {**before, "objections": [*old, load_item(objection)]}
    return _verify(new, where, "异议", expected)


def resolve_objection(
    text: str,
    index: int,
    *,
    upheld: bool,
    resolved: dt.date,
    resolution: str,
    where: str,
) -> str:
    """`text` with objection `index` (0-based) given `upheld`, `resolved` and `resolution`."""
    text = _with_newline(text)
    before = load_mapping(text, where)
    found = _top(_compose(text), "objections")
    if found is None or not isinstance(found[1], yaml.SequenceNode) or found[1].flow_style:
        raise _refuse(where, "异议处理结果")
    items = found[1].value
    item = items[index]
    if not isinstance(item, yaml.MappingNode) or item.flow_style or not item.value:
        raise _refuse(where, "异议处理结果")
    indent = item.value[0][0].start_mark.column
    lines = [
        " " * indent + f"upheld: {'true' if upheld else 'false'}",
        *mapping_lines({"resolved": resolved, "resolution": resolution}, indent),
    ]
    new = _splice(text, _last_line(item), lines)
    objections = list(before["objections"])
    objections[index] = {
        **objections[index],
        "upheld": upheld,
        "resolved": resolved,
        "resolution": resolution,
    }
    return _verify(new, where, "异议处理结果", {**before, "objections": objections})


def add_decision(text: str, decision: Mapping[str, Scalar], *, where: str) -> str:
    """`text` with a top-level `decision:` mapping added at its end."""
    text = _with_newline(text)
    before = load_mapping(text, where)
    if "decision" in before:
        raise RegistryError(f"{where}: 该公示已有 `decision:` (already decided)")
    new = text + "decision:\n" + "".join(f"{line}\n" for line in mapping_lines(decision, 2))
    expected = {**before, "decision": {k: v for k, v in decision.items() if v is not None}}
    return _verify(new, where, "认定决定", expected)
