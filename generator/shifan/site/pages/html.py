"""Escaping and the page frame shared by every page renderer.

Every roster string reaches a page through `one_line()` (control characters removed, kept on
one line, so it cannot end a Markdown raw-HTML block) and is then HTML-escaped, quotes
included: by the templates' autoescape (`shifan.site.pages.render`), or by `e()` here for
the front matter. Pages are a YAML front matter plus raw HTML blocks, which Python-Markdown
passes through untouched; blank lines never occur inside a block.
"""

from __future__ import annotations

import datetime as dt
import html
import json
import re
from urllib.parse import urlsplit

CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


_ONE_LINE = re.compile(r"[^\x00-\x1f\x7f]*")


def one_line(value: object) -> str:
    """Text with control characters removed and line breaks made spaces: a newline inside a
    raw HTML block could end it in Markdown. `None` becomes an empty string."""
    if value is None:
        return ""
    text = str(value)
    if _ONE_LINE.fullmatch(text):
        return text  # the usual case: nothing to remove
    return CONTROL.sub("", text).replace("\r", "").replace("\n", " ")


def e(value: object) -> str:
    """Escape any value for HTML text and attributes; `None` becomes an empty string."""
    return html.escape(one_line(value), quote=True)


def date(value: dt.date | None) -> str:
    return value.isoformat() if value is not None else ""


SEARCH_END = "<!-- shifan:search-end -->"
"""In a page body rendered directly as HTML (unit pages), the search index gets only what
comes before this marker (name, id, kind, district, credit code): small for 10,000 units."""


def front_matter(title: str, meta: dict[str, object] | None = None) -> str:
    """YAML front matter: the title escaped for HTML (Material prints `page.meta.title`
    unescaped into `<title>` and the header), every value quoted as JSON (valid YAML)."""
    lines = ["---"]
    for key, value in front_matter_data(title, meta).items():
        lines.append(f"{key}: {json.dumps(value, ensure_ascii=False)}")
    lines.append("---")
    return "\n".join(lines) + "\n"


def front_matter_data(title: str, meta: dict[str, object] | None = None) -> dict[str, object]:
    """What MkDocs reads from `front_matter(title, meta)`."""
    return {"title": e(title), **(meta or {})}


def split_page(page: str) -> tuple[str, dict[str, object], str] | None:
    """A page `render_page` made, as (front matter, what MkDocs reads from it, body as
    Markdown makes it: without the last line break); None for a page of another shape."""
    if not page.startswith("---\n") or not page.endswith("\n"):
        return None
    end = page.find("\n---\n\n", 3)
    if end < 0:
        return None
    head, body = page[: end + 5], page[end + 6 : -1]
    data: dict[str, object] = {}
    for line in head[4:-5].split("\n"):
        key, sep, value = line.partition(": ")
        if not sep or key in data:
            return None
        try:
            data[key] = json.loads(value)
        except ValueError:
            return None
    return head, data, body


def website_href(url: str | None) -> str:
    """A website's link target: only an http(s) URL with a host, else "" (shown as text)."""
    if not url:
        return ""
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return ""
    if parts.scheme.lower() in ("http", "https") and parts.netloc and not CONTROL.search(url):
        return url.strip()
    return ""
