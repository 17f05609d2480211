"""Changes as a terminal report or as Markdown for a pull-request comment.

Roster values are untrusted: text output escapes control characters, Markdown escapes
every character that could start markup (and `<`, `>`, `&` as entities).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from shifan.changes.engine import Change
from shifan.report import printable

_MARKUP = re.compile(r"([\\`*_{}\[\]()#+.!|~:])")


def md_escape(text: str) -> str:
    """`text` as literal Markdown on one line."""
    plain = printable(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _MARKUP.sub(r"\\\1", plain)


def _line(change: Change, escape: bool) -> str:
    subject = md_escape(change.subject) if escape else printable(change.subject)
    text = md_escape(change.text) if escape else printable(change.text)
    if not change.subject:
        return text
    return f"**{subject}**：{text}" if escape else f"{subject}：{text}"


def format_text(changes: Sequence[Change], base: str, head: str) -> str:
    risky = [c for c in changes if c.risky]
    lines = [f"名册变更 {printable(base[:12])}..{printable(head[:12])}"]
    if not changes:
        return lines[0] + "\n对公开记录没有影响。\n"
    if risky:
        lines.append(f"需要注意（{len(risky)}）：")
        lines.extend(f"  ! {_line(c, False)}" for c in risky)
    lines.append(f"变更（{len(changes) - len(risky)}）：")
    lines.extend(f"  - {_line(c, False)}" for c in changes if not c.risky)
    return "\n".join(lines) + "\n"


def format_markdown(changes: Sequence[Change], base: str, head: str) -> str:
    risky = [c for c in changes if c.risky]
    lines = [f"### 名册变更 `{base[:12]}..{head[:12]}`", ""]
    if not changes:
        return "\n".join([*lines, "对公开记录没有影响。", ""])
    if risky:
        lines += [f"#### ⚠️ 需要注意（{len(risky)}）", ""]
        lines += [f"- ⚠️ {_line(c, True)}" for c in risky]
        lines.append("")
    lines += [f"#### 变更（{len(changes) - len(risky)}）", ""]
    lines += [f"- {_line(c, True)}" for c in changes if not c.risky]
    return "\n".join([*lines, ""])
