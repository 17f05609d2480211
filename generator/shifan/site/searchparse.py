"""A quicker stand-in for Material's search `Parser`: the same sections, without HTMLParser.

Material's search plugin cuts every page into sections (a heading, its title, its text)
with a subclass of `html.parser.HTMLParser`, whose bookkeeping per character and per tag
is most of the plugin's time on a roster of thousands of unit pages. `StandInParser` reads
the pages the site actually makes (text, start tags with quoted attributes, end tags)
with compiled regexes and runs the very same section logic on plain tag names. Anything
else in a page (a comment, a `<script>`, an unquoted attribute, a space around `=`, a `<`
that opens no tag ...) sends that page to Material's own `Parser`, so the sections, and
hence `search/search_index.json`, are the same either way.

The stand-in is keyed to the plugin code it replaces: `install` puts it in place only if
Material's `Parser`, `Element`, `Section`, `void` and `add_entry_from_context` are those
it was checked against, and it agrees with them on a sample of pages (which also checks
this Python's HTMLParser). `uninstall` gives Material its own `Parser` back.
"""

from __future__ import annotations

import hashlib
import inspect
import re
import sys
from html import escape, unescape
from html.parser import HTMLParser
from typing import Any

SEARCH_MODULE = "material.plugins.search.plugin"

# SHA-256 of the plugin code the stand-in mirrors (see `fingerprint`), mkdocs-material 9.8.
VERIFIED = {"36f3d7bc91c0a1cfef6a693c50d095d80bf7556e9439233dfea39d619d0ee92e"}

_WS = r"[ \t\n\r\f]"
_NAME = r"[a-zA-Z][a-zA-Z0-9-]*"
# An attribute: its name, then `=` and the quote and the value if it has one ...
_ATTRS = re.compile(rf"{_WS}+([a-zA-Z_:][-a-zA-Z0-9_:.]*)(=(?:\"([^\"]*)\"|'([^']*)'))?")
_ATTR = rf"{_WS}+[a-zA-Z_:][-a-zA-Z0-9_:.]*(?:=(?:\"[^\"]*\"|'[^']*'))?"  # ... uncaptured


def _tag(group: str) -> str:
    """A start tag (name, attributes, `/`) or an end tag (name); `group` opens each part."""
    return rf"<{group}{_NAME}){group}(?:{_ATTR})*){_WS}*{group}/?)>|</{group}{_NAME})>"


# A page the stand-in reads: text without `<`, start tags and end tags, nothing else (no
# backtracking, and no capturing groups under a possessive repeat: Python 3.11's re fails so).
_PAGE = re.compile(rf"(?:[^<]*+(?:{_tag('(?:')}))*+[^<]*+")
# Text up to the next `<`, then a start tag or an end tag.
_TOKEN = re.compile(rf"([^<]*)(?:{_tag('(')}|\Z)")

# Elements whose content HTMLParser reads raw, in this or later Pythons: a page with one
# goes to Material's parser. Those whose raw content is still unescaped (later Pythons)
# read the same either way if their content is text only: the stand-in checks that it is.
RAW_TEXT = frozenset(
    {"script", "style", "xmp", "iframe", "noembed", "noframes", "noscript", "plaintext"}
    | set(HTMLParser.CDATA_CONTENT_ELEMENTS)
)
ESCAPABLE_RAW_TEXT = frozenset(
    {"title", "textarea"} | set(getattr(HTMLParser, "RCDATA_CONTENT_ELEMENTS", ()))
)
HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
KEEP = frozenset({"p", "code", "pre", "li", "ol", "ul", "sub", "sup"})
ALWAYS_SKIPPED = frozenset({"object", "script", "style"})

_saved: dict[str, Any] = {}  # what `install` replaced, for `uninstall`
# Pages cut by the stand-in and by Material's parser since `install`, in this process.
STATS = {"stand_in": 0, "material": 0}


def sections(html: str, module: Any) -> list[Any] | None:
    """Material's sections of a page (its `Parser.data`), or None if the page holds anything
    the stand-in does not read exactly as HTMLParser does.

    The three blocks below are Material's `handle_data`, `handle_starttag` and
    `handle_endtag`, in its order, on tag names: its `Element`s compare and hash by tag, so
    its `skip` set and `context` list behave as sets and lists of tag names."""
    if _PAGE.fullmatch(html) is None:
        return None
    section_type, element_type, void = module.Section, module.Element, module.void
    data: list[Any] = []
    section: Any = None
    context: list[str] = []  # tag names of the open elements
    classes: list[str | None] = []  # their `class`, for permalinks
    skip = set(ALWAYS_SKIPPED)
    attrs_of = _ATTRS.findall
    raw = ""  # an open element of ESCAPABLE_RAW_TEXT: the next tag must be its end tag
    for text, tag, attributes, slash, end in _TOKEN.findall(html):
        if raw:
            if tag or end.lower() != raw:
                return None
            raw = ""
        if text and skip.isdisjoint(context):  # handle_data
            text = unescape(text)
            pre = "pre" in context
            if not pre:
                text = " " if text.isspace() else text.replace("\n", " ")
            if section is None:
                section = section_type(element_type("hx"))
                data.append(section)
            if section.el.tag in context:
                if not any(
                    t == "a" and c == "headerlink" for t, c in zip(context, classes, strict=True)
                ):
                    section.title.append(escape(text, quote=False))
            elif text.isspace():
                kept = section.text
                if not kept or not kept[-1].isspace() or pre:
                    kept.append(text)
            else:
                section.text.append(escape(text, quote=False))
        if tag:  # handle_starttag
            tag = tag.lower()
            if tag in RAW_TEXT:
                return None
            if tag in ESCAPABLE_RAW_TEXT and not slash:
                raw = tag
            if tag in void:
                continue  # nor does its end tag (if `/>`) close anything: it was never opened
            attrs: dict[str, str | None] = {}
            if attributes:
                for name, equals, double, single in attrs_of(attributes):
                    value = (double if equals[1] == '"' else single) if equals else None
                    attrs[name.lower()] = unescape(value) if value else value
            context.append(tag)
            classes.append(attrs.get("class"))
            if tag in HEADINGS and "id" in attrs:
                depth = len(context)
                if tag != "h1" and not data:
                    data.append(section_type(element_type("hx"), depth))
                section = section_type(element_type(tag, attrs), depth)
                if data:
                    section.id = attrs["id"]
                data.append(section)
            if section is None:
                section = section_type(element_type("hx"))
                data.append(section)
            if "data-search-exclude" in attrs or attrs.get("class") == "linenodiv":
                skip.add(tag)
            elif tag in KEEP and skip.isdisjoint(context):
                (section.title if section.el.tag in context else section.text).append(f"<{tag}>")
            if not slash:
                continue
            end = tag  # `<tag/>`: HTMLParser's handle_startendtag ends it at once
        if end:  # handle_endtag
            end = end.lower()
            if not context or context[-1] != end:
                continue
            depth = len(context)
            if section.depth > depth:
                for earlier in reversed(data):
                    if earlier.depth <= depth:
                        section.depth = float("inf")
                        section = earlier
                        break
            context.pop()
            classes.pop()
            if end in skip:
                if end not in ALWAYS_SKIPPED:
                    skip.remove(end)
            elif end in KEEP and skip.isdisjoint(context):
                _close(section.title if section.el.tag in context else section.text, end)
    return data


def _close(kept: list[str], tag: str) -> None:
    """Material's closing of a kept tag: dropped with its opening if only whitespace came
    between them."""
    index = kept.index(f"<{tag}>")
    for i in range(index + 1, len(kept)):
        if not kept[i].isspace():
            index = len(kept)
            break
    if len(kept) > index:
        del kept[index:]
    else:
        kept.append(f"</{tag}>")


class StandInParser:
    """Takes the place of Material's `Parser` in its module: `feed`, `close`, `data`."""

    def __init__(self) -> None:
        self._chunks: list[str] = []
        self.data: list[Any] = []

    def feed(self, data: str) -> None:
        self._chunks.append(data)

    def close(self) -> None:
        html = "".join(self._chunks)
        self._chunks = []
        module = sys.modules[SEARCH_MODULE]
        found = sections(html, module)
        STATS["stand_in" if found is not None else "material"] += 1
        if found is None:
            parser = (_saved["Parser"] if module.Parser is StandInParser else module.Parser)()
            parser.feed(html)
            parser.close()
            found = parser.data
        self.data = found


def fingerprint(module: Any) -> str:
    """SHA-256 of the plugin code the stand-in mirrors."""
    parts = [
        inspect.getsource(module.Parser),
        inspect.getsource(module.Element),
        inspect.getsource(module.Section),
        inspect.getsource(module.SearchIndex.add_entry_from_context),
        repr(sorted(module.void)),
    ]
    return hashlib.sha256("\n".join(parts).encode("utf-8")).hexdigest()


# Pages both parsers must cut alike before the stand-in is used (this Python's HTMLParser
# included): headings with and without ids, kept, skipped and excluded blocks, permalinks,
# entities, whitespace, self-closed tags.
SAMPLES = (
    '<p>Intro &amp; <code>x</code></p><h1 id="t">Title<a class="headerlink" href="#t">¶</a>'
    '</h1>\n<p>Text &#x4e2d;&lt;文&gt;</p>\n\n<h2 id="a b" data-search-exclude>Gone</h2>'
    "<p>still gone?</p><div data-search-exclude><p>gone</p><div>x</div>kept</div>"
    "<pre><code>a\n  b</code></pre><ul><li> </li><li>one<br/>two</li></ul>"
    "<h3 id='c'>C &quot;q&quot;<sup>2</sup></h3><object><p>no</p></object><p>after</p>x<p/>y",
    '<div class="linenodiv"><pre>1\n2</pre></div><section><h2 id="n">Nested</h2><p>in</p>'
    '</section><p>out</p><span title="a>b" data-x="&lt;">t</span>\r\n<img alt="i" src="s">',
)


def _summary(data: list[Any]) -> list[tuple[Any, ...]]:
    return [(s.id, s.title, s.text, s.is_excluded(), s.depth) for s in data]


def _agrees(module: Any) -> bool:
    for html in SAMPLES:
        parser = module.Parser()
        parser.feed(html)
        parser.close()
        found = sections(html, module)
        if found is None or _summary(found) != _summary(parser.data):
            return False
    return True


def install() -> bool:
    """Put the stand-in in place of Material's `Parser`; False (and Material's own stays)
    if the search plugin is not loaded or is not the code the stand-in was checked against."""
    module: Any = sys.modules.get(SEARCH_MODULE)
    current = getattr(module, "Parser", None)
    if current is StandInParser:
        return True
    if module is None or current is None:
        return False
    try:
        known = fingerprint(module) in VERIFIED
    except (OSError, TypeError, AttributeError):  # no source to read: not the code we know
        known = False
    if not known or not _agrees(module):
        return False
    _saved["Parser"] = current
    STATS.update(stand_in=0, material=0)
    module.Parser = StandInParser
    return True


def uninstall() -> None:
    """Give Material's plugin its own `Parser` back."""
    module: Any = sys.modules.get(SEARCH_MODULE)
    original = _saved.pop("Parser", None)
    if module is not None and original is not None and module.Parser is StandInParser:
        module.Parser = original
