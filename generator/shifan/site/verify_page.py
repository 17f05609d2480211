"""The verify page `/v/` as the build writes it: one HTML file, nothing else to fetch first.

`site_src/v/` holds the page as hand-written files (`index.html` links `boot.js`,
`verify.css` and `verify.js`) and works as it is. The build inlines them and the public key
set (the same document as `/keys.json`) into `index.html`, so a phone that scans a plaque
needs two round trips for a verdict: the page, then the unit's status — which `boot.js`, at
the top of `<head>`, requests while the rest of the page is still arriving.

The page's CSP keeps its strictness without `'unsafe-inline'`: `script-src` and `style-src`
name the SHA-256 of the exact inlined text, computed here, so an inline script or style
changed by a single byte no longer runs. The key set travels as a JSON data block
(`<script type="application/json">`), which no browser executes and no CSP governs.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
from dataclasses import dataclass
from pathlib import Path

from shifan.errors import ShifanError

SOURCES = ("index.html", "boot.js", "verify.js", "verify.css")
"""The files of `site_src/v/`; the build publishes only `v/index.html`."""

STYLE_TAG = '<link rel="stylesheet" href="verify.css">'
BOOT_TAG = '<script src="boot.js"></script>'
SCRIPT_TAG = '<script src="verify.js"></script>'
KEYS_ID = "shifan-keys"
"""The id of the JSON data block verify.js reads its key set from."""

_CSP = re.compile(r'(<meta http-equiv="Content-Security-Policy" content=")([^"]*)(">)')
_CLOSERS = {"script": re.compile(r"(?i)</script|<!--"), "style": re.compile(r"(?i)</style")}


@dataclass(frozen=True)
class VerifyPageSources:
    """The hand-written files of the page, as text."""

    html: str
    boot: str
    js: str
    css: str

    @classmethod
    def read(cls, folder: Path) -> VerifyPageSources:
        try:
            html, boot, js, css = (
                (folder / name).read_text(encoding="utf-8", errors="strict") for name in SOURCES
            )
        except (OSError, UnicodeDecodeError) as err:
            raise ShifanError(f"cannot read the verify page in {folder}: {err}") from None
        return cls(html=html, boot=boot, js=js, css=css)


def csp_hash(text: str) -> str:
    """The CSP source expression that allows exactly this inline text."""
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


def _text(source: str, element: str, name: str) -> str:
    """`source` as an element's text: line ends as the HTML parser gives them (the hash
    must match what the browser hashes), and nothing that would end the element early."""
    text = source.replace("\r\n", "\n").replace("\r", "\n")
    if _CLOSERS[element].search(text):
        raise ShifanError(
            f"site_src/v/{name} cannot be inlined: it contains </{element}"
            + (" or <!--" if element == "script" else "")
        )
    return text


def _keys_block(keyset: bytes) -> str:
    try:
        doc = json.loads(keyset.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as err:
        raise ShifanError(f"the key set is not JSON: {err}") from None
    # `<` only ever occurs inside JSON strings, where \u003c means the same character.
    data = json.dumps(doc, ensure_ascii=False, separators=(",", ":")).replace("<", "\\u003c")
    return f'<script type="application/json" id="{KEYS_ID}">{data}</script>'


def _replace_once(html: str, old: str, new: str) -> str:
    if html.count(old) != 1:
        raise ShifanError(f"site_src/v/index.html must contain {old} exactly once")
    return html.replace(old, new)


def _with_hashes(html: str, script: str, style: str) -> str:
    match = _CSP.search(html)
    if match is None:
        raise ShifanError("site_src/v/index.html has no Content-Security-Policy meta element")
    directives = [d.strip() for d in match.group(2).split(";") if d.strip()]
    rest = [d for d in directives if d.split()[0] not in ("script-src", "style-src")]
    policy = "; ".join([*rest[:1], f"script-src {script}", f"style-src {style}", *rest[1:]])
    return html[: match.start(2)] + policy + html[match.end(2) :]


def verify_page(sources: VerifyPageSources, keyset: bytes) -> str:
    """`v/index.html` with the stylesheet, the scripts and the key set inlined, under a CSP
    that allows exactly those scripts and that style."""
    boot = _text(sources.boot, "script", "boot.js")
    js = _text(sources.js, "script", "verify.js")
    css = _text(sources.css, "style", "verify.css")
    html = _with_hashes(sources.html, f"{csp_hash(boot)} {csp_hash(js)}", csp_hash(css))
    html = _replace_once(html, BOOT_TAG, f"<script>{boot}</script>")
    html = _replace_once(html, STYLE_TAG, f"<style>{css}</style>")
    return _replace_once(html, SCRIPT_TAG, f"{_keys_block(keyset)}\n<script>{js}</script>")
