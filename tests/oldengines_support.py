"""Old headless Chromium builds driven from Python over the DevTools protocol.

The browsers come from npm packages pinned in tests/oldengines/package.json (each ships one
Chromium build); `./run test` installs them (`npm ci`) and unpacks them (`node unpack.js`).
Playwright needs a newer Chromium, and the oldest build has no `--remote-debugging-pipe`, so
this module speaks the protocol itself over a minimal WebSocket client: one browser per engine,
one tab per use, nothing but loopback (every other host name resolves to nothing).
"""

from __future__ import annotations

import base64
import http.client
import json
import os
import re
import socket
import struct
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from support import REPO

ENGINES_DIR = REPO / "tests" / "oldengines"
ENGINES = {"64": "chromium-64", "80": "chromium-80"}
"""Chromium major version -> the npm alias (tests/oldengines/package.json) that ships it."""

ENGINE_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--no-zygote",
    "--single-process",
    "--hide-scrollbars",
    "--no-first-run",
    "--no-default-browser-check",
    "--no-pings",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-client-side-phishing-detection",
    "--disable-default-apps",
    "--disable-extensions",
    "--disable-sync",
    "--disable-translate",
    "--disable-breakpad",
    "--metrics-recording-only",
    "--safebrowsing-disable-auto-update",
    # Belt and braces: no host but the loopback test servers resolves at all.
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
]
DEVTOOLS_ARGS = ["--remote-debugging-port=0", "about:blank"]
SET_UP_HINT = "run `./run engines` (npm ci and unpack in tests/oldengines), or `./run test`"
TIMEOUT = 30.0


class EngineError(Exception):
    """The browser did not start, hung up, or answered a command with an error."""


def engine_binary(version: str) -> Path:
    return ENGINES_DIR / "node_modules" / ENGINES[version] / "bin" / "chromium"


# ---------------------------------------------------------------------------- WebSocket


class WebSocket:
    """A client WebSocket (RFC 6455) for text messages, enough for the DevTools endpoint."""

    def __init__(self, url: str) -> None:
        parts = urlsplit(url)
        self._sock = socket.create_connection((parts.hostname, parts.port), timeout=TIMEOUT)
        key = base64.b64encode(os.urandom(16)).decode()
        self._sock.sendall(
            (
                f"GET {parts.path} HTTP/1.1\r\nHost: {parts.netloc}\r\nUpgrade: websocket\r\n"
                f"Connection: Upgrade\r\nSec-WebSocket-Key: {key}\r\n"
                "Sec-WebSocket-Version: 13\r\n\r\n"
            ).encode()
        )
        self._in = self._sock.makefile("rb")
        status = self._in.readline()
        if b" 101 " not in status:
            raise EngineError(f"WebSocket handshake refused: {status!r}")
        while self._in.readline() not in (b"\r\n", b""):
            pass

    def send(self, text: str) -> None:
        data = text.encode()
        size = len(data)
        head = bytes([0x81])
        if size < 126:
            head += bytes([0x80 | size])
        elif size < 1 << 16:
            head += bytes([0x80 | 126]) + struct.pack(">H", size)
        else:
            head += bytes([0x80 | 127]) + struct.pack(">Q", size)
        mask = os.urandom(4)
        self._sock.sendall(head + mask + bytes(b ^ mask[i % 4] for i, b in enumerate(data)))

    def _exactly(self, n: int) -> bytes:
        data = self._in.read(n)
        if data is None or len(data) != n:
            raise EngineError("the browser closed the DevTools connection")
        return data

    def receive(self) -> str:
        """The next text message (fragments joined; pings answered)."""
        message = b""
        while True:
            first, second = self._exactly(2)
            size = second & 0x7F
            if size == 126:
                (size,) = struct.unpack(">H", self._exactly(2))
            elif size == 127:
                (size,) = struct.unpack(">Q", self._exactly(8))
            mask = self._exactly(4) if second & 0x80 else b""
            payload = self._exactly(size)
            if mask:
                payload = bytes(b ^ mask[i % 4] for i, b in enumerate(payload))
            opcode = first & 0x0F
            if opcode == 0x8:
                raise EngineError("the browser closed the DevTools connection")
            if opcode == 0x9:  # ping: answer with a (masked, empty) pong
                self._sock.sendall(bytes([0x8A, 0x80]) + os.urandom(4))
                continue
            if opcode in (0x0, 0x1, 0x2):
                message += payload
                if first & 0x80:
                    return message.decode()

    def close(self) -> None:
        self._in.close()
        self._sock.close()


# ---------------------------------------------------------------------------- a tab


@dataclass
class Tab:
    """One page target: commands, and what the page threw, logged and requested."""

    ws: WebSocket
    target_id: str
    exceptions: list[str] = field(default_factory=list)
    console: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)
    _next_id: int = 0

    def call(self, method: str, **params: Any) -> dict[str, Any]:
        self._next_id += 1
        ident = self._next_id
        self.ws.send(json.dumps({"id": ident, "method": method, "params": params}))
        while True:
            message = json.loads(self.ws.receive())
            if message.get("id") == ident:
                if "error" in message:
                    raise EngineError(f"{method}: {message['error']}")
                result: dict[str, Any] = message.get("result", {})
                return result
            self._record(message)

    def _record(self, event: dict[str, Any]) -> None:
        params = event.get("params", {})
        method = event.get("method")
        if method == "Runtime.exceptionThrown":
            details = params["exceptionDetails"]
            thrown = details.get("exception", {}).get("description") or details.get("text", "")
            self.exceptions.append(thrown)
        elif method == "Runtime.consoleAPICalled":
            args = params.get("args", [])
            text = " ".join(str(a.get("value", a.get("description", ""))) for a in args)
            self.console.append(f"{params.get('type')}: {text}")
        elif method == "Log.entryAdded":
            entry = params["entry"]
            self.console.append(f"{entry.get('level')}: {entry.get('text')}")
        elif method == "Network.requestWillBeSent":
            self.requests.append(params["request"]["url"])

    def evaluate(self, expression: str, *, wait: bool = False) -> Any:
        """The value of a JavaScript expression in the page (with `wait`, of the promise it
        returns); an exception raises EngineError."""
        result = self.call(
            "Runtime.evaluate", expression=expression, returnByValue=True, awaitPromise=wait
        )
        if "exceptionDetails" in result:
            raise EngineError(f"{expression!r} threw {result['exceptionDetails']}")
        return result["result"].get("value")

    def wait_for(self, expression: str, timeout: float = 15.0) -> Any:
        """Poll `expression` until it is truthy; its value. While a new document replaces the
        old one an evaluation may fail; polling goes on until the deadline."""
        deadline = time.monotonic() + timeout
        failure: EngineError | None = None
        while True:
            try:
                value = self.evaluate(expression)
                if value:
                    return value
            except EngineError as exc:
                failure = exc
            if time.monotonic() > deadline:
                raise EngineError(
                    f"timed out after {timeout:.0f} s waiting for {expression!r}; "
                    f"the page threw {self.exceptions}; last evaluation error: {failure}"
                )
            time.sleep(0.05)

    def goto(self, url: str) -> None:
        """Load `url` as a new document and wait for its load event."""
        self.follow(f"location.href = {json.dumps(url)}")

    def follow(self, script: str) -> None:
        """Run `script`, which loads a new document (a link, a form), and wait for its load
        event. The old document is marked first, so the new one is told apart even where
        engines spell URLs differently."""
        self.evaluate(f"window.__oldDocument = true; {script}; true")
        self.wait_for("!window.__oldDocument && document.readyState === 'complete'")

    def viewport(self, width: int, height: int) -> None:
        self.call(
            "Emulation.setDeviceMetricsOverride",
            width=width,
            height=height,
            deviceScaleFactor=1,  # Chromium 64 tiles screenshots taken at 2
            mobile=True,
        )

    def screenshot(self, path: Path, width: int = 360) -> None:
        """The whole page at `width` CSS pixels, as PNG."""
        self.viewport(width, 640)
        height = int(self.evaluate("document.documentElement.scrollHeight"))
        self.viewport(width, height)
        data = self.call("Page.captureScreenshot", format="png")["data"]
        path.write_bytes(base64.b64decode(data))


# ---------------------------------------------------------------------------- the browser


@dataclass
class OldChromium:
    """A running old headless Chromium and its DevTools HTTP port."""

    version: str
    process: subprocess.Popen[bytes]
    port: int
    product: str

    def _http(self, path: str) -> bytes:
        """GET from the DevTools HTTP endpoint (no proxy: http.client, not urllib)."""
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=TIMEOUT)
        try:
            conn.request("GET", path)
            return conn.getresponse().read()
        finally:
            conn.close()

    @contextmanager
    def tab(self) -> Iterator[Tab]:
        """A new tab recording exceptions, console and requests; closed afterwards."""
        target = json.loads(self._http("/json/new?about:blank"))
        tab = Tab(ws=WebSocket(target["webSocketDebuggerUrl"]), target_id=target["id"])
        try:
            for domain in ("Page", "Runtime", "Log", "Network"):
                tab.call(f"{domain}.enable")
            yield tab
        finally:
            tab.ws.close()
            self._http(f"/json/close/{target['id']}")


@contextmanager
def launch(version: str, profile: Path) -> Iterator[OldChromium]:
    """Start the engine with an empty profile in `profile`; stop it afterwards."""
    binary = engine_binary(version)
    if not os.access(binary, os.X_OK):
        raise EngineError(f"Chromium {version} is not installed at {binary}: {SET_UP_HINT}")
    profile.mkdir(parents=True, exist_ok=True)
    log = profile / "stderr.log"
    with log.open("wb") as err:
        process = subprocess.Popen(
            [str(binary), *ENGINE_ARGS, f"--user-data-dir={profile}", *DEVTOOLS_ARGS],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=err,
        )
    try:
        port = _devtools_port(process, log)
        browser = OldChromium(version=version, process=process, port=port, product="")
        browser.product = json.loads(browser._http("/json/version"))["Browser"]
        yield browser
    finally:
        process.kill()
        process.wait(timeout=TIMEOUT)


def _devtools_port(process: subprocess.Popen[bytes], log: Path) -> int:
    deadline = time.monotonic() + TIMEOUT
    while time.monotonic() < deadline:
        found = re.search(rb"DevTools listening on ws://127\.0\.0\.1:(\d+)/", log.read_bytes())
        if found:
            return int(found[1])
        if process.poll() is not None:
            break
        time.sleep(0.05)
    tail = log.read_bytes()[-2000:].decode(errors="replace")
    raise EngineError(f"the browser did not open its DevTools port; its log ends:\n{tail}")
