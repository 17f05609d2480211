"""The search index's parser stand-in (`shifan.site.searchparse`): Material's sections for
every page, its own parser back after every build, and nothing taken over from a Material
that is not the one the stand-in was checked against."""

from __future__ import annotations

import filecmp
import importlib.util
import inspect
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from shifan import background
from shifan.cli import main
from shifan.site import searchparse, segment
from support import REPO, SITE_TODAY, site_registry_copy

MODULE = importlib.import_module(searchparse.SEARCH_MODULE)
MATERIAL_PARSER = MODULE.Parser


def _outcome(parser_type: Any, html: str) -> tuple[str, Any]:
    """The sections a parser cuts `html` into, or the exception it raises."""
    parser = parser_type()
    try:
        parser.feed(html)
        parser.close()
    except Exception as err:  # Material's parser can fail on some nestings: so must the stand-in
        return "raises", type(err).__name__
    return "sections", searchparse._summary(parser.data)


def _read_by_the_stand_in(html: str) -> bool:
    try:
        return searchparse.sections(html, MODULE) is not None
    except ValueError:  # as Material's parser fails (the comparison checks it): not left to it
        return True


# ----------------------------------------------------------------------- generated pages

_TEXT_PIECES = ["a", "Zz", " ", "  ", "\n", "\t", "\r\n", "郑州", "示范", "&amp;", "&#x4e2d;"]
_TEXT_PIECES += ["&lt;", "&gt;", "&quot;", "&#1;", "&", "&amp", "&copy", ">", "'", '"', "\u3000"]
_TEXT_PIECES += ["\xa0", "¶", "&#"]
_SPACES = st.lists(st.sampled_from([" ", "\n", "\t", "\r\n", "\u3000"]), min_size=1, max_size=3)
TEXT = st.one_of(  # whitespace alone is collapsed, or kept in `<pre>`: as often as the rest
    _SPACES.map("".join), st.lists(st.sampled_from(_TEXT_PIECES), max_size=6).map("".join)
)

HEADINGS = ["h1", "h2", "h3", "h4", "h5", "h6", "H2"]
KEPT = ["p", "code", "pre", "li", "ul", "ol", "sub", "sup", "P"]
OTHER = ["div", "span", "a", "section", "object", "td", "em", "svg", "title", "Div"]
TAGS = HEADINGS + KEPT + OTHER
VOID = ["br", "img", "hr", "BR"]
ATTR_NAMES = ["id", "class", "data-search-exclude", "title", "href", "ID", "Class", "data-x"]
ATTR_VALUES = [None, "", "x", "a b", "headerlink", "linenodiv", "a>b", "q'uote", 'd"q', "&amp;"]
ATTR_VALUES += ["&lt;h&gt;", "中文", "\n"]
SPACE = st.sampled_from([" ", "  ", "\n", "\t", " \n "])


@st.composite
def attribute(draw: st.DrawFn) -> str:
    name = draw(st.sampled_from(ATTR_NAMES))
    value = draw(st.sampled_from(ATTR_VALUES))
    if value is None:
        return draw(SPACE) + name
    quote = draw(st.sampled_from([q for q in "\"'" if q not in value]))
    return f"{draw(SPACE)}{name}={quote}{value}{quote}"


@st.composite
def start_tag(draw: st.DrawFn, tag: str) -> str:
    attributes = "".join(draw(st.lists(attribute(), max_size=3)))
    if tag in HEADINGS and draw(st.booleans()):
        attributes = f' id="{draw(st.sampled_from(["s", "a b", "&lt;"]))}"' + attributes
    trailing = draw(st.sampled_from(["", "", " ", "\n"]))
    return f"<{tag}{attributes}{trailing}>"


@st.composite
def element(draw: st.DrawFn, children: st.SearchStrategy[str]) -> str:
    tag = draw(st.one_of(st.sampled_from(HEADINGS), st.sampled_from(KEPT), st.sampled_from(OTHER)))
    inner = "".join(draw(st.lists(children, max_size=4)))
    ending = draw(st.sampled_from(["close", "close", "close", "open", "self", "stray"]))
    start = draw(start_tag(tag))
    if ending == "self":
        return start[:-1] + "/>"
    if ending == "open":
        return start + inner  # never closed
    closing = f"</{tag.lower() if draw(st.booleans()) else tag}>"
    if ending == "stray":
        closing += f"</{draw(st.sampled_from(TAGS))}>"  # an end tag nothing opened
    return start + inner + closing


@st.composite
def void(draw: st.DrawFn) -> str:
    tag = draw(st.sampled_from(VOID))
    return draw(start_tag(tag)).replace(">", draw(st.sampled_from([">", "/>", " />"])), 1)


LEAF = st.one_of(TEXT, void())
CLEAN_PAGE = st.lists(
    st.recursive(LEAF, lambda children: element(children), max_leaves=15), max_size=6
).map("".join)

# What the stand-in leaves to Material's parser (its page goes there whole).
ODD = [
    "<!-- note -->",
    "<script>if (a<b) x = '</p>'</script>",
    "<style>p > a {}</style>",
    "< b",
    "a <3",
    "<div class=x>",
    "<p\u3000id='a'>",
    "<![CDATA[x<y]]>",
    "<?pi x?>",
    "<!DOCTYPE html>",
    "</ p>",
    "</>",
    "</p x>",
    "<a href='x'/ >",
    '<div  class = "a">',
    '<p id="a"id="b">',
    "<",
    "<title>a<b>c</b></title>",
    "<textarea><b>x</b></textarea>",
    "<div\x0bclass='a'>",
    "<noscript><p>n</p></noscript>",
    "<h2 id=u>U</h2>",
    "<a b='c\">",
]
MESSY_PAGE = st.lists(st.one_of(CLEAN_PAGE, st.sampled_from(ODD)), max_size=5).map("".join)


@settings(max_examples=150, deadline=None)
@given(CLEAN_PAGE)
@example(
    "<pre>x<span></span> <em></em>\n</pre><p>x<span></span> <em></em>\n</p>"
)  # whitespace kept in pre
@example('<h1 id="t">T</h1><p>x</p><h2 id="u">U</h2>')  # a first h1 opens no preface
def test_clean_pages_are_cut_as_material_cuts_them(html: str) -> None:
    """Pages of text, tags and quoted attributes: the stand-in reads them itself."""
    assert _read_by_the_stand_in(html) or "<title" in html.lower()
    assert _outcome(searchparse.StandInParser, html) == _outcome(MATERIAL_PARSER, html)


@settings(max_examples=100, deadline=None)
@given(MESSY_PAGE)
def test_any_page_is_cut_as_material_cuts_it(html: str) -> None:
    assert _outcome(searchparse.StandInParser, html) == _outcome(MATERIAL_PARSER, html)


def test_odd_markup_goes_to_materials_parser() -> None:
    for odd in ODD:
        html = f'<h2 id="x">T</h2><p>a</p>{odd}<p>b</p>'
        assert _outcome(searchparse.StandInParser, html) == _outcome(MATERIAL_PARSER, html), odd
        assert searchparse.sections(html, MODULE) is None, odd


def test_a_title_holding_text_only_is_read_by_the_stand_in() -> None:
    html = '<svg><title id="t">图 &amp; 表</title><text>1</text></svg><h2 id="a">A</h2>'
    assert searchparse.sections(html, MODULE) is not None
    assert _outcome(searchparse.StandInParser, html) == _outcome(MATERIAL_PARSER, html)


# ------------------------------------------------------------------------- the version key


def test_install_puts_the_stand_in_in_place_and_uninstall_takes_it_away() -> None:
    assert MODULE.Parser is MATERIAL_PARSER
    try:
        assert searchparse.install()
        assert MODULE.Parser is searchparse.StandInParser
        assert searchparse.install()  # again: still Material's parser saved, not the stand-in
        assert searchparse._saved["Parser"] is MATERIAL_PARSER
    finally:
        searchparse.uninstall()
    assert MODULE.Parser is MATERIAL_PARSER
    searchparse.uninstall()  # twice: harmless
    assert MODULE.Parser is MATERIAL_PARSER


def _other_material(tmp_path: Path, change: tuple[str, str]) -> Any:
    """Material's search plugin module with one change in its source, loaded from a file."""
    source = inspect.getsource(MODULE)
    assert change[0] in source
    path = tmp_path / "other_search_plugin.py"
    path.write_text(source.replace(change[0], change[1], 1), encoding="utf-8")
    spec = importlib.util.spec_from_file_location("material.plugins.search.other", path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize(
    "change",
    [
        ('"sub", "sup"', '"sub", "sup", "em"'),  # another kept tag
        ('"track",', '"track", "svg",'),  # another void element
        ("def __hash__(self):", "def __hash__(self):  # changed\n"),  # any other edit
    ],
)
def test_another_material_keeps_its_own_parser(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, change: tuple[str, str]
) -> None:
    assert searchparse.fingerprint(MODULE) in searchparse.VERIFIED
    other = _other_material(tmp_path, change)
    monkeypatch.setitem(sys.modules, other.__name__, other)  # where `inspect` finds its source
    assert searchparse.fingerprint(other) not in searchparse.VERIFIED
    monkeypatch.setitem(sys.modules, searchparse.SEARCH_MODULE, other)
    assert not searchparse.install()
    assert other.Parser is not searchparse.StandInParser
    searchparse.uninstall()
    assert other.Parser is not searchparse.StandInParser


def test_a_material_without_source_keeps_its_own_parser(monkeypatch: pytest.MonkeyPatch) -> None:
    other = type(sys)("material.plugins.search.sourceless")
    exec(compile(inspect.getsource(MODULE), "<no file>", "exec"), other.__dict__)
    monkeypatch.setitem(sys.modules, searchparse.SEARCH_MODULE, other)
    assert not searchparse.install()
    assert other.Parser is not searchparse.StandInParser


# ---------------------------------------------------------------------------------- builds


def _files(root: Path) -> list[Path]:
    return sorted(p.relative_to(root) for p in root.rglob("*") if p.is_file())


def _build(registry: Path, out: Path, *more: str) -> int:
    args = ["build", "--registry", str(registry), "--today", SITE_TODAY, "--out", str(out)]
    return main([*args, "--keys", str(registry.parent / "keys"), *more])


def _synthetic(root: Path, units: int) -> Path:
    registry = root / "registry"
    command = [sys.executable, "-m", "benchmarks.synth", "--units", str(units)]
    subprocess.run([*command, "--out", str(registry)], cwd=REPO, check=True, capture_output=True)
    return registry


@pytest.mark.parametrize("roster", ["demo", "synthetic"])
def test_the_site_is_the_same_with_the_stand_in_and_without(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, roster: str
) -> None:
    """Every file, `search/search_index.json` first, byte for byte; and the stand-in, not
    Material's parser, read the pages (all but those with comments or scripts)."""
    demo = roster == "demo"
    registry = site_registry_copy(tmp_path) if demo else _synthetic(tmp_path, 2000)
    monkeypatch.setattr(background, "ENABLED", False)  # every page read here, to be counted
    assert _build(registry, tmp_path / "on") == 0
    assert MODULE.Parser is MATERIAL_PARSER
    assert searchparse.STATS["stand_in"] > 20
    assert searchparse.STATS["material"] <= 2  # the guide: it holds a comment
    # Both stand-ins off, as for an unknown Material: its parser and its segmentation.
    monkeypatch.setattr(searchparse, "VERIFIED", frozenset())
    monkeypatch.setattr(segment, "SEGMENT_VERIFIED", frozenset())
    searchparse.STATS.update(stand_in=0, material=0)
    assert _build(registry, tmp_path / "off") == 0
    assert searchparse.STATS == {"stand_in": 0, "material": 0}
    on, off = tmp_path / "on", tmp_path / "off"
    index = Path("search") / "search_index.json"
    assert (on / index).read_bytes() == (off / index).read_bytes()
    assert _files(on) == _files(off)
    assert [str(rel) for rel in _files(on) if not filecmp.cmp(on / rel, off / rel, False)] == []
