"""Long tables through Markdown without Markdown reading every row.

Generated pages are raw HTML blocks (`shifan.site.pages.render`), which Python-Markdown copies
to its output as they are; its cost is in finding where each block ends, an HTML parse of the
whole page. A list page is mostly table rows: one `<tr>…</tr>` per line inside `<tbody>`.
Inside an open raw block a complete row changes nothing Markdown decides (every tag it opens
it closes), so `collapse` hands Markdown the page with each run of such rows replaced by one
line of plain text (a token), and `restore` puts the rows back into Markdown's output.

A run is only collapsed where that argument holds: the block starts with a block-level tag,
the rows sit right inside an open `<tbody>` of that block, each row is a balanced
element on one line with nothing Markdown could read as a comment, declaration or anchor
(`id`/`name`: MkDocs collects those from raw HTML for its link checks). The plugin also
converts the first page of each kind both ways and compares (`agrees`); on any difference it
goes back to plain Markdown for the rest of the build.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable

TOKEN = "\ue001shifan:rows:{}\ue001"
_TOKEN = re.compile("\ue001shifan:rows:(\\d+)\ue001")
_ROW = re.compile(r"<tr[\s>][^\n]*</tr>")
_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9-]*)[^<>]*?(/?)>|<")
_ANCHOR = re.compile(r"\s(?:id|name)\s*=", re.IGNORECASE)
_SHAPE = re.compile(r"</?[a-zA-Z][a-zA-Z0-9-]*|<")  # a tag's name, or a stray `<`
_VOID = frozenset(
    [
        "area",
        "base",
        "br",
        "col",
        "embed",
        "hr",
        "img",
        "input",
        "link",
        "meta",
        "param",
        "source",
        "track",
        "wbr",
    ]
)
# Python-Markdown's block-level tags that our tables sit in (a subset is enough: a block that
# starts with anything else is left to Markdown).
_BLOCK = frozenset(["div", "section", "table", "figure", "nav", "details", "article", "aside"])


def _tags(line: str) -> list[tuple[str, str]] | None:
    """The line's tags as (kind, name), kind "open" or "close"; None if anything else opens
    with `<` (escaped text never does)."""
    found: list[tuple[str, str]] = []
    for m in _TAG.finditer(line):
        if m.group(2) is None:
            return None
        name = m.group(2).lower()
        if m.group(1):
            found.append(("close", name))
        elif not m.group(3) and name not in _VOID:
            found.append(("open", name))
    return found


def _apply(stack: list[str], line: str) -> bool:
    """Follow the line's tags on `stack`; False where the line is not plainly nested."""
    tags = _tags(line)
    if tags is None:
        return False
    for kind, name in tags:
        if kind == "open":
            stack.append(name)
        elif not stack or stack.pop() != name:
            return False
    return True


def _balanced(line: str) -> bool:
    stack: list[str] = []
    return _apply(stack, line) and not stack


def collapse(markdown: str) -> tuple[str, list[str]]:
    """(the page with its row runs replaced by tokens, the runs in order)."""
    lines = markdown.split("\n")
    out: list[str] = []
    runs: list[str] = []
    stack: list[str] = []
    usable = False  # inside a block that opened with a block-level tag, nesting followed
    i = 0
    while i < len(lines):
        line = lines[i]
        if not line.strip():
            stack, usable = [], False
        elif not stack:
            head = re.match(r"<([a-zA-Z][a-zA-Z0-9]*)", line)
            usable = head is not None and head.group(1).lower() in _BLOCK
            usable = usable and _apply(stack, line) and bool(stack)
            if not usable:
                stack = []
        elif usable:
            if stack[-1] == "tbody":
                j = i
                while j < len(lines) and _is_row(lines[j]):
                    j += 1
                if j > i:
                    out.append(TOKEN.format(len(runs)))
                    runs.append("\n".join(lines[i:j]))
                    i = j
                    continue
            usable = _apply(stack, line) and bool(stack)
            if not usable:
                stack = []
        out.append(line)
        i += 1
    return "\n".join(out), runs


def _is_row(line: str) -> bool:
    if _ROW.fullmatch(line) is None or "<!" in line or "<?" in line or "\ue001" in line:
        return False
    low = line.lower()
    if ("id" in low or "name" in low) and _ANCHOR.search(line):
        return False
    return _shape_balanced(tuple(_SHAPE.findall(line)))


@functools.lru_cache(maxsize=1024)
def _shape_balanced(shape: tuple[str, ...]) -> bool:
    """Whether a row with these tag-name pieces is one balanced element (rows of a table all
    share one shape, so each is checked once)."""
    return _balanced("".join(f"{piece}>" if piece != "<" else piece for piece in shape))


def restore(html: str, runs: list[str]) -> str | None:
    """Markdown's output of the collapsed page with the rows put back; None unless every
    token came through exactly once, on a line of its own."""
    seen: list[int] = []

    def put(m: re.Match[str]) -> str:
        seen.append(int(m.group(1)))
        return runs[int(m.group(1))]

    text = _TOKEN.sub(put, html)
    if sorted(seen) != list(range(len(runs))):
        return None
    for n in range(len(runs)):
        if f"\n{TOKEN.format(n)}\n" not in html:
            return None
    return text


def agrees(markdown: str, convert: Callable[[str], str]) -> bool:
    """Whether `convert` (a fresh Markdown conversion) makes the same of the collapsed page,
    restored, as of the page itself."""
    skeleton, runs = collapse(markdown)
    return restore(convert(skeleton), runs) == convert(markdown)
