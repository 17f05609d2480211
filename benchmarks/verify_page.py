"""The verify page on a slow network: `python -m benchmarks.verify_page [--site DIR] [--runs N]`.

Builds the demo site (`shifan build --today 2026-11-27`) into a temporary folder unless
`--site` names a built one, serves it on 127.0.0.1 (Python's http.server: no compression),
and opens a valid demo plaque's URL (`/v/#DIGITS`, demo unit ZZ-ENT-0012) in headless
Debian Chromium, each run in a fresh browser context (cold cache), with the network throttled
through CDP `Network.emulateNetworkConditions` to 400 ms latency and 400 kbit/s each way.

Prints, per run and as the median: requests, third-party requests, response bytes (raw, and
gzip -6 of each body as a compressing server would send them), and time to verdict — the
`shifan-verdict` performance mark the page sets when `#verdict` gets its `data-verdict`,
measured from navigation start. Goals: ≤ 60 KB compressed, 0 third-party requests,
≤ 2.5 s to verdict.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import statistics
import sys
import tempfile
import threading
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

REPO = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
TODAY = "2026-11-27"
UNIT = "ZZ-ENT-0012"
LATENCY_MS = 400
KBIT_S = 400


@dataclass
class Run:
    verdict: str
    ms_to_verdict: float
    requests: list[str] = field(default_factory=list)
    raw_bytes: int = 0
    gzip_bytes: int = 0

    def third_party(self, origin: str) -> list[str]:
        return [u for u in self.requests if urlsplit(u).netloc != urlsplit(origin).netloc]


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


def serve(root: Path) -> tuple[http.server.ThreadingHTTPServer, str]:
    handler = functools.partial(_QuietHandler, directory=str(root))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return httpd, f"http://127.0.0.1:{httpd.server_address[1]}"


def build_demo_site(out: Path) -> None:
    from shifan.cli import main

    args = ["build", "--registry", str(REPO / "registry"), "--keys", str(REPO / "keys")]
    args += ["--today", TODAY, "--out", str(out), "--config-file", str(REPO / "mkdocs.yml")]
    if main(args) != 0:
        raise SystemExit("shifan build failed")


def plaque_fragment(site: Path) -> str:
    """The token of the unit's first plaque, from the built site's own API."""
    import json

    doc = json.loads((site / "api" / "units" / f"{UNIT}.json").read_text(encoding="utf-8"))
    serial = doc["plaques"][0]["serial"]
    plaque = json.loads((site / "api" / "plaques" / f"{serial}.json").read_text(encoding="utf-8"))
    token: str = plaque["token"]
    return token


def one_run(browser: Any, url: str) -> Run:
    context = browser.new_context()
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    throughput = KBIT_S * 1000 / 8  # bytes per second
    cdp.send(
        "Network.emulateNetworkConditions",
        {
            "offline": False,
            "latency": LATENCY_MS,
            "downloadThroughput": throughput,
            "uploadThroughput": throughput,
        },
    )
    bodies: list[bytes] = []
    requests: list[str] = []
    page.on("request", lambda req: requests.append(req.url))

    def on_response(response: Any) -> None:
        try:
            bodies.append(response.body())
        except Exception:  # a response without a body (redirect, aborted)
            bodies.append(b"")

    page.on("response", on_response)
    page.goto(url)
    page.wait_for_selector("#verdict[data-verdict]", timeout=60_000)
    verdict = page.get_attribute("#verdict", "data-verdict")
    ms = page.evaluate(
        "performance.getEntriesByName('shifan-verdict').map(e => e.startTime).pop() || -1"
    )
    page.wait_for_timeout(200)  # let the last response bodies arrive
    run = Run(verdict=str(verdict), ms_to_verdict=float(ms), requests=list(requests))
    run.raw_bytes = sum(len(b) for b in bodies)
    run.gzip_bytes = sum(len(gzip.compress(b, compresslevel=6)) for b in bodies if b)
    context.close()
    return run


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.verify_page", description=__doc__)
    parser.add_argument("--site", type=Path, default=None, help="an already built site folder")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args(argv)
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory(prefix="shifan-bench-") as tmp:
        site: Path = args.site
        if site is None:
            site = Path(tmp) / "site"
            build_demo_site(site)
        httpd, origin = serve(site)
        url = f"{origin}/v/#{plaque_fragment(site)}"
        runs: list[Run] = []
        try:
            with sync_playwright() as pw:
                browser = pw.chromium.launch(
                    executable_path=CHROMIUM, headless=True, args=["--no-sandbox"]
                )
                for i in range(args.runs):
                    run = one_run(browser, url)
                    runs.append(run)
                    print(
                        f"run {i + 1}: verdict {run.verdict}, {len(run.requests)} requests "
                        f"({len(run.third_party(origin))} third-party), {run.raw_bytes} B raw, "
                        f"{run.gzip_bytes} B gzip, {run.ms_to_verdict:.0f} ms to verdict"
                    )
                browser.close()
        finally:
            httpd.shutdown()
            httpd.server_close()
    median_ms = statistics.median(r.ms_to_verdict for r in runs)
    first = runs[0]
    print(
        f"verify page, {LATENCY_MS} ms latency, {KBIT_S} kbit/s, median of {len(runs)}: "
        f"{len(first.requests)} requests, {len(first.third_party(origin))} third-party, "
        f"{first.raw_bytes} B raw / {first.gzip_bytes} B gzip "
        f"(goal ≤ 60 KB), time to verdict {median_ms:.0f} ms (goal ≤ 2500 ms)"
    )
    for u in first.requests:
        print(f"  {urlsplit(u).path}")
    ok = all(r.verdict == "valid" for r in runs) and not first.third_party(origin)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
