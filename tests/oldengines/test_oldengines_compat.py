"""site_src/assets/compat.js, the shims Material's search needs on old engines: installed only
where the engine lacks the feature, doing what the native feature does, loaded before Material."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from oldengines_support import OldChromium
from support import REPO

COMPAT = REPO / "site_src" / "assets" / "compat.js"
LACKS = {"64": {"Blob.text", "RegExp \\p{}"}, "80": set()}
"""What each engine lacks of what Material's search uses (and so what compat.js shims)."""

PROBE_WORKER = r"""
importScripts('../lib/helper.js');  // relative to this worker, not to compat.js
var han = 'ab郑州cd\ud840\udc00'.match(new RegExp('\\p{sc=Han}+', 'gu'));
var plain = 'x\\p{sc=Han}'.replace(new RegExp('\\\\p', 'g'), '/');
postMessage({han: han, plain: plain, helper: self.helper});
"""


def probe_site(root: Path) -> Path:
    """compat.js, a page loading it, and a worker at the path shape of Material's."""
    (root / "assets" / "lib").mkdir(parents=True)
    (root / "assets" / "workers").mkdir()
    shutil.copy(COMPAT, root / "assets" / "compat.js")
    (root / "assets" / "lib" / "helper.js").write_text("self.helper = 'ok';\n")
    (root / "assets" / "workers" / "search.probe.js").write_text(PROBE_WORKER, encoding="utf-8")
    (root / "index.html").write_text(
        '<!doctype html><meta charset="utf-8"><script src="assets/compat.js"></script><p>t</p>',
        encoding="utf-8",
    )
    return root


def run_worker(url: str) -> str:
    """JavaScript: a promise of the first message (as JSON) or error of a worker at `url`."""
    return f"""new Promise(function (resolve) {{
      var w = new Worker({json.dumps(url)});
      w.onmessage = function (e) {{ resolve(JSON.stringify(e.data)); w.terminate(); }};
      w.onerror = function (e) {{ e.preventDefault(); resolve('error: ' + e.message); }};
    }})"""


@pytest.mark.browser
def test_compat_shims_only_what_the_engine_lacks(
    old_engine: OldChromium, static_server: Any, tmp_path: Path
) -> None:
    server = static_server(probe_site(tmp_path))
    native = "function (f) { return /\\[native code\\]/.test(String(f)); }"
    with old_engine.tab() as tab:
        tab.goto(f"{server.url}/index.html")
        text_native = tab.evaluate(f"({native})(Blob.prototype.text)")
        worker_native = tab.evaluate(f"({native})(Worker)")
        text = tab.evaluate("new Blob(['郑州 ✓\\n'], {type: 'text/plain'}).text()", wait=True)
        message = json.loads(tab.evaluate(run_worker("assets/workers/search.probe.js"), wait=True))
        assert tab.exceptions == []
    lacks = LACKS[old_engine.version]
    assert text_native is ("Blob.text" not in lacks)
    assert worker_native is ("RegExp \\p{}" not in lacks)
    assert text == "郑州 ✓\n"
    assert message == {"han": ["郑州", "\U00020000"], "plain": "x/{sc=Han}", "helper": "ok"}


@pytest.mark.browser
def test_compat_worker_refuses_a_script_from_another_origin(
    old_engine: OldChromium, static_server: Any, tmp_path: Path
) -> None:
    server = static_server(probe_site(tmp_path))
    foreign = "assets/compat.js?" + "http%3A%2F%2Fexample.com%2Fworkers%2Fsearch.x.js"
    with old_engine.tab() as tab:
        tab.goto(f"{server.url}/index.html")
        outcome = tab.evaluate(run_worker(foreign), wait=True)
        requested = list(tab.requests)
    assert outcome.startswith("error: "), outcome
    assert "another origin" in outcome
    assert {urlsplit(u).hostname for u in requested} == {"127.0.0.1"}


def test_compat_loads_in_head_before_material(built_site: Path) -> None:
    html = (built_site / "index.html").read_text(encoding="utf-8")
    compat = html.find('<script src="assets/compat.js"></script>')
    assert 0 < compat < html.find("</head>") < html.find("assets/javascripts/bundle.")
