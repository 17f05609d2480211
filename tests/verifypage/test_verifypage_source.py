"""Static guards on the verify page's sources: old-engine syntax, CSP-safe HTML, no third party.

The page must run on Chrome 80 / Safari 13. Syntax is checked by parsing its scripts with
esprima (an ES2017 parser, plus object rest/spread): `?.`, `??`, class fields, optional
catch binding and the like fail to parse. APIs newer than those engines are caught by
scanning the token stream (so comments and strings do not count) for their names.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

import esprima
import pytest

from shifan.site.verify_page import VerifyPageSources, verify_page
from verifypage_support import PAGE_SRC

# Identifiers of APIs missing from Chrome 80 or Safari 13 (feature-detect them instead).
TOO_NEW_NAMES = frozenset(
    {
        "BigInt",
        "globalThis",  # Safari 12.1 has it, but old in-app WebViews do not
        "replaceAll",
        "matchAll",
        "allSettled",
        "structuredClone",
        "WeakRef",
        "FinalizationRegistry",
        "AggregateError",
        "hasOwn",
        "findLast",
        "findLastIndex",
        "toSorted",
        "toReversed",
        "replaceChildren",
        "randomUUID",
    }
)
TOO_NEW_METHODS = frozenset({"at"})  # names too common to ban as variables: only after `.`
TOO_NEW_REGEX = re.compile(r"\(\?<[=!]|/[a-z]*[dv][a-z]*$")  # lookbehind; d and v flags


def old_engine_problems(source: str) -> list[str]:
    """Why `source` would not run on Chrome 80 / Safari 13 (empty: it would)."""
    try:
        tokens = esprima.tokenize(source)
        esprima.parseScript(source)
    except esprima.Error as err:
        return [f"not ES2017 syntax: {err}"]
    problems = []
    previous = ""
    for tok in tokens:
        if tok.type == "Identifier" and (
            tok.value in TOO_NEW_NAMES or (previous == "." and tok.value in TOO_NEW_METHODS)
        ):
            problems.append(f"API newer than Chrome 80 / Safari 13: {tok.value}")
        previous = tok.value
        if tok.type == "RegularExpression" and TOO_NEW_REGEX.search(tok.value):
            problems.append(f"regular expression feature too new: {tok.value}")
    return problems


SCRIPTS = ("boot.js", "verify.js")


@pytest.mark.parametrize("name", SCRIPTS)
def test_scripts_run_on_old_engines(name: str) -> None:
    source = (PAGE_SRC / name).read_text(encoding="utf-8")
    assert old_engine_problems(source) == []


@pytest.mark.parametrize(
    "snippet",
    [
        "var a = b?.c;",
        "var a = b ?? c;",
        "class A { x = 1; }",
        "try { f(); } catch { g(); }",
        "var n = 10n;",
        "var n = BigInt(10);",
        "s.replaceAll('a', 'b');",
        "var r = /(?<=a)b/;",
        "Promise.allSettled([]);",
        "await f();",
        "var last = list.at(-1);",
    ],
)
def test_guard_rejects_newer_syntax_and_apis(snippet: str) -> None:
    assert old_engine_problems(snippet) != []


def test_guard_accepts_es2017() -> None:
    snippet = "async function f(a) { var {x, ...rest} = a; await g(x ** 2); return `${x}`; }"
    assert old_engine_problems(snippet) == []


class _Audit(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.problems: list[str] = []
        self.csp: str | None = None
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        names = dict(attrs)
        for name, _ in attrs:
            if name == "style" or name.startswith("on"):
                self.problems.append(f"<{tag} {name}=…> is blocked by the CSP")
        if tag == "style":
            self.problems.append("<style> element is blocked by the CSP")
        if tag == "script":
            self._in_script = True
            if not names.get("src"):
                self.problems.append("inline <script>")
        if tag == "meta" and names.get("http-equiv") == "Content-Security-Policy":
            self.csp = names.get("content")
        for name in ("src", "href", "action"):
            value = names.get(name) or ""
            if re.match(r"(?i)^(https?:)?//", value):
                self.problems.append(f"third-party URL {value}")

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._in_script = False

    def handle_data(self, data: str) -> None:
        if self._in_script and data.strip():
            self.problems.append("inline script text")


def test_html_is_csp_clean_and_first_party() -> None:
    audit = _Audit()
    audit.feed((PAGE_SRC / "index.html").read_text(encoding="utf-8"))
    assert audit.problems == []
    assert audit.csp is not None
    directives = {d.split()[0]: d.split()[1:] for d in audit.csp.split(";") if d.strip()}
    assert directives["script-src"] == ["'self'"]
    assert directives["style-src"] == ["'self'"]
    assert directives["connect-src"] == ["'self'"]
    assert directives["object-src"] == ["'none'"]
    assert directives["base-uri"] == ["'none'"]


def test_css_and_js_name_no_other_host() -> None:
    for name in (*SCRIPTS, "verify.css"):
        text = (PAGE_SRC / name).read_text(encoding="utf-8")
        assert not re.search(r"(?i)(https?:)?//[a-z0-9.-]+\.[a-z]{2,}", text), name
        for sink in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval("):
            assert sink not in text, f"{name} uses {sink}"


def test_page_is_lean() -> None:
    """The page's own files stay small (the whole-verdict budget is measured by the benchmark)."""
    total = sum(len(p.read_bytes()) for p in PAGE_SRC.iterdir())
    assert total < 60_000
    built = verify_page(VerifyPageSources.read(PAGE_SRC), b'{"keys": [], "generated": null}')
    assert len(built.encode("utf-8")) < 60_000
