"""Helpers shared by tests (importable as `support`): paths and a localhost static server."""

from __future__ import annotations

import functools
import http.server
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@dataclass
class StaticServer:
    """A directory served on 127.0.0.1; `paths` logs every request path it received."""

    root: Path
    url: str
    paths: list[str] = field(default_factory=list)
    _httpd: http.server.ThreadingHTTPServer | None = None

    def stop(self) -> None:
        if self._httpd is not None:
            self._httpd.shutdown()
            self._httpd.server_close()
            self._httpd = None


def serve_directory(root: Path) -> StaticServer:
    """Serve `root` on an ephemeral localhost port in a daemon thread."""
    server = StaticServer(root=root, url="")

    class Handler(http.server.SimpleHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:
            server.paths.append(self.path)

    handler = functools.partial(Handler, directory=str(root))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    server._httpd = httpd
    server.url = f"http://127.0.0.1:{httpd.server_address[1]}"
    return server
