"""Escaping and small HTML builders shared by every page renderer.

Every roster string reaches the page through `e()`: HTML-escaped (quotes included) with
control characters removed, so it is inert both as HTML and inside a Markdown raw-HTML
block (which Python-Markdown passes through without Markdown processing). Pages are a
YAML front matter plus one raw HTML block per part; blank lines never occur inside a block.
"""

from __future__ import annotations

import datetime as dt
import html
import json
import re
from collections.abc import Iterable, Sequence
from urllib.parse import urlsplit

CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
_BLANK_LINES = re.compile(r"\n\s*\n")


def e(value: object) -> str:
    """Escape any value for HTML text and attributes; `None` becomes an empty string."""
    if value is None:
        return ""
    text = CONTROL.sub("", str(value))
    # One line: a newline inside a raw HTML block could end it in Markdown.
    return html.escape(text.replace("\r", "").replace("\n", " "), quote=True)


def e_multiline(value: str | None) -> str:
    """Escape text whose line breaks matter (achievements, citations) as `<br>`-joined lines."""
    if not value:
        return ""
    lines = [e(line) for line in value.replace("\r", "").split("\n")]
    return "<br>".join(line for line in lines if line)


def date(value: dt.date | None) -> str:
    return value.isoformat() if value is not None else ""


SEARCH_END = "<!-- shifan:search-end -->"
"""In a page body rendered directly as HTML (unit pages), the search index gets only what
comes before this marker (name, id, kind, district, credit code): small for 10,000 units."""


def front_matter(title: str, meta: dict[str, object] | None = None) -> str:
    """YAML front matter: the title escaped for HTML (Material prints `page.meta.title`
    unescaped into `<title>` and the header), every value quoted as JSON (valid YAML)."""
    front = {"title": e(title), **(meta or {})}
    lines = ["---"]
    for key, value in front.items():
        lines.append(f"{key}: {json.dumps(value, ensure_ascii=False)}")
    lines.append("---")
    return "\n".join(lines) + "\n"


def blocks(body: Iterable[str]) -> str:
    """Raw HTML blocks separated by blank lines, with no blank line inside a block."""
    out = []
    for block in body:
        if block:
            out.append(_BLANK_LINES.sub("\n", block.strip("\n")))
    return "\n\n".join(out) + "\n"


def page(title: str, body: Iterable[str], *, meta: dict[str, object] | None = None) -> str:
    """A Markdown page: front matter + raw HTML blocks (inert as Markdown)."""
    return front_matter(title, meta) + "\n" + blocks(body)


def link(href: str, text: str, *, attrs: str = "") -> str:
    """`<a>` to an internal, already-relative href; `text` is escaped here."""
    extra = f" {attrs}" if attrs else ""
    return f'<a href="{e(href)}"{extra}>{e(text)}</a>'


def external_link(url: str | None) -> str:
    """A website link only for http(s) URLs with a host; anything else is shown as text."""
    if not url:
        return ""
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return e(url)
    if parts.scheme.lower() in ("http", "https") and parts.netloc and not CONTROL.search(url):
        return f'<a href="{e(url.strip())}" rel="nofollow noopener noreferrer">{e(url)}</a>'
    return e(url)


def table(
    headers: Sequence[str],
    rows: Iterable[Sequence[str]],
    *,
    cls: str = "",
    caption: str = "",
    attrs: str = "",
) -> str:
    """A plain table; `headers` are trusted constants, `rows` cells are already-built HTML."""
    out = [f'<table class="{cls}"{" " + attrs if attrs else ""}>' if cls else "<table>"]
    if caption:
        out.append(f"<caption>{caption}</caption>")
    out.append(
        "<thead><tr>" + "".join(f'<th scope="col">{h}</th>' for h in headers) + "</tr></thead>"
    )
    out.append("<tbody>")
    out.extend("<tr>" + "".join(f"<td>{c}</td>" for c in row) + "</tr>" for row in rows)
    out.append("</tbody></table>")
    return "\n".join(out)


def dl(items: Iterable[tuple[str, str]], *, cls: str = "sf-facts") -> str:
    """A definition list of (trusted label, built HTML value); empty values are skipped."""
    parts = [f"<dt>{k}</dt><dd>{v}</dd>" for k, v in items if v]
    return f'<dl class="{cls}">' + "".join(parts) + "</dl>"


def section(heading: str, content: str, *, ident: str, searchable: bool = False) -> str:
    """An `<h2>` section; unless `searchable`, the heading (and so the whole section) is
    marked `data-search-exclude` to keep the search index small."""
    flag = "" if searchable else " data-search-exclude"
    head = f'<h2 id="{ident}"{flag}>{heading}</h2>'
    return f'<section class="sf-section">\n{head}\n{content}\n</section>'
