"""The verify page on a slow network:
`python -m benchmarks.verify_page [--site DIR ...] [--runs N] [--identity]`.

Builds the demo site (`shifan build --today 2026-11-27`) into a temporary folder unless
`--site` names a built one, serves it on 127.0.0.1 (Python's http.server, answering with
gzip -6 when the browser accepts it, as any real host does; `--identity` serves the bytes
as they are), and opens a valid demo plaque's URL (`/v/#DIGITS`, demo unit ZZ-ENT-0012) in
headless Debian Chromium, each run in a fresh browser context (cold cache), with the network
throttled through CDP `Network.emulateNetworkConditions` to 400 ms latency and 400 kbit/s
each way.

`--site` may be given more than once (say a build of the main branch and one of a change):
the sites' runs then alternate, A B A B …, so a machine that slows down in the middle slows
both alike, and the last line compares each site's median with the first's.

Prints, per run and as the median: requests, third-party requests, response bytes (raw, and
gzip -6 of each body), and time to verdict — the `shifan-verdict` performance mark the page
sets when `#verdict` gets its `data-verdict`, measured from navigation start. Goals: ≤ 60 KB
compressed, 0 third-party requests, ≤ 1.2 s to verdict.
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
GOAL_MS = 1200


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
    compress = True

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def do_GET(self) -> None:
        """A file, gzip-compressed when the browser accepts it (else http.server's answer)."""
        path = Path(self.translate_path(self.path))
        if path.is_dir() and urlsplit(self.path).path.endswith("/"):
            path = path / "index.html"
        accepts = "gzip" in self.headers.get("Accept-Encoding", "")
        if not (self.compress and accepts and path.is_file()):
            super().do_GET()
            return
        body = gzip.compress(path.read_bytes(), compresslevel=6, mtime=0)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


class _IdentityHandler(_QuietHandler):
    compress = False


def serve(root: Path, compress: bool = True) -> tuple[http.server.ThreadingHTTPServer, str]:
    kind = _QuietHandler if compress else _IdentityHandler
    handler = functools.partial(kind, directory=str(root))
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


@dataclass
class Site:
    """A built site being measured, its server and its runs."""

    root: Path
    origin: str = ""
    url: str = ""
    runs: list[Run] = field(default_factory=list)

    def median_ms(self) -> float:
        return statistics.median(r.ms_to_verdict for r in self.runs)

    def summary(self) -> str:
        first = self.runs[0]
        return (
            f"{self.root}: {LATENCY_MS} ms latency, {KBIT_S} kbit/s, median of {len(self.runs)}: "
            f"{len(first.requests)} requests, {len(first.third_party(self.origin))} third-party, "
            f"{first.raw_bytes} B raw / {first.gzip_bytes} B gzip (goal ≤ 60 KB), "
            f"time to verdict {self.median_ms():.0f} ms (goal ≤ {GOAL_MS} ms)"
        )

    def ok(self) -> bool:
        valid = all(r.verdict == "valid" for r in self.runs)
        return valid and not self.runs[0].third_party(self.origin)


def measure(sites: list[Site], runs: int, compress: bool) -> None:
    """Serve every site and take `runs` runs of each, the sites' runs alternating."""
    from playwright.sync_api import sync_playwright

    servers = []
    try:
        for site in sites:
            httpd, site.origin = serve(site.root, compress)
            servers.append(httpd)
            site.url = f"{site.origin}/v/#{plaque_fragment(site.root)}"
        with sync_playwright() as pw:
            browser = pw.chromium.launch(
                executable_path=CHROMIUM, headless=True, args=["--no-sandbox"]
            )
            for i in range(runs):
                for site in sites:
                    run = one_run(browser, site.url)
                    site.runs.append(run)
                    print(
                        f"{site.root} run {i + 1}: verdict {run.verdict}, "
                        f"{len(run.requests)} requests ({len(run.third_party(site.origin))} "
                        f"third-party), {run.raw_bytes} B raw, {run.gzip_bytes} B gzip, "
                        f"{run.ms_to_verdict:.0f} ms to verdict"
                    )
            browser.close()
    finally:
        for httpd in servers:
            httpd.shutdown()
            httpd.server_close()


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.verify_page", description=__doc__)
    parser.add_argument(
        "--site", type=Path, action="append", default=None, help="a built site (repeatable)"
    )
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--identity", action="store_true", help="serve without compression")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="shifan-bench-") as tmp:
        roots: list[Path] = args.site or []
        if not roots:
            roots = [Path(tmp) / "site"]
            build_demo_site(roots[0])
        sites = [Site(root=root) for root in roots]
        measure(sites, args.runs, compress=not args.identity)
    served = "uncompressed" if args.identity else "gzip when accepted"
    for site in sites:
        print(f"verify page ({served}), {site.summary()}")
        for u in site.runs[0].requests:
            print(f"  {urlsplit(u).path}")
    base = sites[0]
    for site in sites[1:]:
        print(
            f"time to verdict, median: {site.median_ms():.0f} ms ({site.root}) against "
            f"{base.median_ms():.0f} ms ({base.root}): "
            f"{site.median_ms() / base.median_ms():.2f}×"
        )
    return 0 if all(site.ok() for site in sites) else 1


if __name__ == "__main__":
    sys.exit(main())
