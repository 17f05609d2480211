"""The page as the build writes it: sources inlined under CSP hashes, the key set with them.

The hashes are computed from the exact inlined text, so Chromium runs the page as built and
refuses a script or style changed by one byte; a page older than the published key set still
verifies a token of a newer key (it asks `../keys.json`).
"""

from __future__ import annotations

import dataclasses
import json
import os
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from shifan.errors import ShifanError
from shifan.site.verify_page import BOOT_TAG, KEYS_ID, VerifyPageSources, csp_hash, verify_page
from verifypage_support import (
    AS_OF,
    PAGE_SRC,
    Recorded,
    install_page,
    mint,
    new_key,
    unit_doc,
    wait_verdict,
)

KEYSET = {"keys": [], "generated": AS_OF}


class _Inline(HTMLParser):
    """The page's CSP, inline scripts (with their type), styles and external references."""

    def __init__(self) -> None:
        super().__init__()
        self.csp = ""
        self.scripts: list[tuple[str | None, str]] = []
        self.styles: list[str] = []
        self.external: list[str] = []
        self._open: tuple[str, str | None] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        names = dict(attrs)
        if tag == "meta" and names.get("http-equiv") == "Content-Security-Policy":
            self.csp = names.get("content") or ""
        if tag in ("script", "style"):
            self._open = (tag, names.get("type"))
        if names.get("src") or (tag == "link" and names.get("rel") == "stylesheet"):
            self.external.append(f"<{tag}> {names}")

    def handle_endtag(self, tag: str) -> None:
        self._open = None

    def handle_data(self, data: str) -> None:
        if self._open and self._open[0] == "script":
            self.scripts.append((self._open[1], data))
        elif self._open:
            self.styles.append(data)


def parse(html: str) -> _Inline:
    found = _Inline()
    found.feed(html)
    return found


def directives(csp: str) -> dict[str, list[str]]:
    return {d.split()[0]: d.split()[1:] for d in csp.split(";") if d.strip()}


def test_csp_names_exactly_the_hashes_of_the_inlined_text() -> None:
    page = parse(verify_page(VerifyPageSources.read(PAGE_SRC), json.dumps(KEYSET).encode()))
    code = [text for kind, text in page.scripts if kind is None]
    policy = directives(page.csp)
    assert len(code) == 2
    assert len(page.styles) == 1
    assert policy["script-src"] == [csp_hash(text) for text in code]
    assert policy["style-src"] == [csp_hash(page.styles[0])]
    assert "'unsafe-inline'" not in page.csp
    assert policy["connect-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["base-uri"] == ["'none'"]
    assert page.external == []  # nothing left to fetch before the status
    assert code[0] == (PAGE_SRC / "boot.js").read_text(encoding="utf-8")
    assert code[1] == (PAGE_SRC / "verify.js").read_text(encoding="utf-8")


def test_key_set_is_a_data_block_that_cannot_end_early() -> None:
    hostile = "</script><script>alert(1)</script><!--"
    keyset = {"keys": [{"kid": "1", "label": hostile}], "generated": AS_OF}
    html = verify_page(VerifyPageSources.read(PAGE_SRC), json.dumps(keyset).encode())
    page = parse(html)
    blocks = [text for kind, text in page.scripts if kind == "application/json"]
    assert blocks
    assert json.loads(blocks[0]) == keyset
    assert f'id="{KEYS_ID}"' in html
    assert "alert(1)</script>" not in html


def test_crlf_sources_hash_as_the_browser_reads_them() -> None:
    """The HTML parser turns CR LF into LF before the browser hashes a script."""
    lf = VerifyPageSources.read(PAGE_SRC)
    crlf = VerifyPageSources(
        html=lf.html,
        boot=lf.boot.replace("\n", "\r\n"),
        js=lf.js.replace("\n", "\r\n"),
        css=lf.css.replace("\n", "\r\n"),
    )
    keyset = json.dumps(KEYSET).encode()
    assert verify_page(crlf, keyset) == verify_page(lf, keyset)


@pytest.mark.parametrize(
    ("field", "text", "message"),
    [
        ("js", "var a = '</script>';", "</script"),
        ("boot", "// <!-- x", "</script"),
        ("css", "p::after { content: '</style>'; }", "</style"),
        ("html", "<!doctype html><title>v</title>", "Content-Security-Policy"),
        ("html", None, "exactly once"),  # the page without its boot.js tag
    ],
)
def test_sources_that_cannot_be_inlined_are_refused(
    field: str, text: str | None, message: str
) -> None:
    sources = VerifyPageSources.read(PAGE_SRC)
    if text is None:
        text = sources.html.replace(BOOT_TAG, "")
    changed = dataclasses.replace(sources, **{field: text})
    with pytest.raises(ShifanError, match=message):
        verify_page(changed, json.dumps(KEYSET).encode())


def tamper(root: Path, needle: str) -> None:
    """Change one character of the built page's inline text just after `needle`."""
    page = root / "v" / "index.html"
    html = page.read_text(encoding="utf-8")
    at = html.index(needle) + len(needle)
    page.write_text(html[:at] + ("X" if html[at] != "X" else "Y") + html[at + 1 :], "utf-8")
    later = page.stat().st_mtime + 5  # http.server compares whole seconds: no stale 304
    os.utime(page, (later, later))


@pytest.mark.browser
@pytest.mark.parametrize(
    ("needle", "global_name"),
    [
        ("shifan verify page (/v/), first script", "shifanBoot"),
        ("shifan verify page (/v/): reads", "shifanVerify"),
    ],
    ids=["boot.js", "verify.js"],
)
def test_a_tampered_inline_script_is_blocked_by_the_csp(
    needle: str, global_name: str, tmp_path: Path, vp_page: Recorded, static_server: Any
) -> None:
    key = new_key(1)
    root = install_page(tmp_path, {"keys": [key.jwk()], "generated": AS_OF})
    digits = mint(key, serial=42, subject="ZZ-ENT-0042")
    (root / "api" / "units").mkdir(parents=True)
    doc = unit_doc("ZZ-ENT-0042", name="郑州某某网络科技有限公司", serial=42)
    (root / "api" / "units" / "ZZ-ENT-0042.json").write_text(json.dumps(doc), "utf-8")
    server = static_server(root)
    page = vp_page.page
    page.goto(f"{server.url}/v/#{digits}")
    assert wait_verdict(page) == "valid"  # as built: runs, and the CSP is silent
    assert not [m for m in vp_page.console if "Content Security Policy" in m]
    tamper(root, needle)
    page.reload()
    page.wait_for_load_state("load")
    page.wait_for_timeout(300)
    blocked = [m for m in vp_page.console if "Content Security Policy" in m]
    assert len(blocked) == 1
    assert "script" in blocked[0]
    assert page.get_attribute("#verdict", "data-verdict") is None
    assert page.evaluate(f"typeof window.{global_name}") == "undefined"  # it never ran


@pytest.mark.browser
def test_a_tampered_inline_style_is_blocked_by_the_csp(
    tmp_path: Path, vp_page: Recorded, static_server: Any
) -> None:
    root = install_page(tmp_path, KEYSET)
    server = static_server(root)
    page = vp_page.page
    background = "getComputedStyle(document.body).backgroundColor"
    page.goto(f"{server.url}/v/")
    assert page.evaluate(background) == "rgb(246, 247, 249)"  # verify.css: #f6f7f9
    tamper(root, "shifan verify page: standalone")
    page.reload()
    page.wait_for_load_state("load")
    assert page.evaluate(background) == "rgba(0, 0, 0, 0)"
    assert [m for m in vp_page.console if "Content Security Policy" in m and "style" in m]


@pytest.mark.browser
@pytest.mark.parametrize(("published", "expected"), [(True, "valid"), (False, "unverified")])
def test_a_page_older_than_a_new_key_asks_the_published_key_set(
    published: bool, expected: str, tmp_path: Path, vp_page: Recorded, static_server: Any
) -> None:
    """A cached page whose inlined key set predates a key: `../keys.json` decides; without
    it the signature is not judged (never red for a key the page merely had not seen)."""
    old, new = new_key(1), new_key(2)
    root = install_page(tmp_path, {"keys": [old.jwk()], "generated": AS_OF}, publish=False)
    if published:
        keyset = {"keys": [old.jwk(), new.jwk()], "generated": AS_OF}
        (root / "keys.json").write_text(json.dumps(keyset), "utf-8")
    (root / "api" / "units").mkdir(parents=True)
    doc = unit_doc("ZZ-ENT-0042", name="郑州某某网络科技有限公司", serial=42, kid="2")
    (root / "api" / "units" / "ZZ-ENT-0042.json").write_text(json.dumps(doc), "utf-8")
    server = static_server(root)
    vp_page.page.goto(f"{server.url}/v/#{mint(new, serial=42, subject='ZZ-ENT-0042')}")
    assert wait_verdict(vp_page.page) == expected
    assert "/keys.json" in server.paths
    if not published:
        assert vp_page.page.get_attribute("#verdict", "data-reason") == "keys-unreachable"
        assert vp_page.page.get_attribute("#verdict", "data-status") == "awarded"
