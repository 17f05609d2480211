"""The only network access in shifan: status documents for `shifan verify --status`.

A status source is untrusted, so every read is bounded:

- one `Deadline` for the whole verification, enforced while resolving, connecting and
  reading (a socket timeout alone is per read: a server sending a byte every few seconds
  would hold a plain `urlopen` forever);
- https only; plain http only to a loopback host (127.0.0.0/8, ::1, localhost), for tests
  and local previews;
- redirects only within the same origin (scheme, host and port identical);
- at most `MAX_BYTES` read, from the network or from a local file; local files must be
  regular files (never `/dev/zero`, a FIFO or a socket).

The bytes are returned as they are; reading them as a status document is the caller's job.
No proxy is used: the status URL is fetched directly.
"""

from __future__ import annotations

import contextlib
import http.client
import ipaddress
import os
import socket
import ssl
import stat
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import SplitResult, urljoin, urlsplit

from shifan.errors import ShifanError

DEFAULT_DEADLINE = 20.0
MAX_BYTES = 1 << 20
MAX_REDIRECTS = 5
REDIRECTS = frozenset({301, 302, 303, 307, 308})
_READ = 1 << 16
_DEFAULT_PORTS = {"http": 80, "https": 443}


class Deadline:
    """A point in time after which the verification gives up, whatever it is waiting for."""

    def __init__(self, seconds: float = DEFAULT_DEADLINE) -> None:
        self.seconds = seconds
        self._end = time.monotonic() + seconds

    def remaining(self) -> float:
        return self._end - time.monotonic()

    def error(self, url: str) -> ShifanError:
        return ShifanError(
            f"cannot fetch {url}: no complete answer within {self.seconds:g} s",
            hint="check the address and the network, or allow more time with --timeout",
        )


def too_large(where: str) -> ShifanError:
    return ShifanError(f"{where}: larger than {MAX_BYTES >> 20} MiB, not a status document")


# ---------------------------------------------------------------------------- local files


def read_file(path: Path) -> bytes | None:
    """The bytes of the regular file `path` (at most `MAX_BYTES`); None if it does not exist."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise ShifanError(f"cannot read status {path}: {exc.strerror}") from None
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise ShifanError(f"cannot read status {path}: not a regular file")
        data = bytearray()
        while len(data) <= MAX_BYTES and (chunk := os.read(fd, MAX_BYTES + 1 - len(data))):
            data += chunk
    except OSError as exc:
        raise ShifanError(f"cannot read status {path}: {exc.strerror}") from None
    finally:
        os.close(fd)
    if len(data) > MAX_BYTES:
        raise too_large(str(path))
    return bytes(data)


# ---------------------------------------------------------------------------- URLs


def is_loopback(host: str) -> bool:
    if host.lower() in ("localhost", "localhost."):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _origin(parts: SplitResult) -> tuple[str, str, int]:
    try:
        port = parts.port or _DEFAULT_PORTS.get(parts.scheme, 0)
    except ValueError:
        port = -1
    return parts.scheme, (parts.hostname or "").lower(), port


def check_url(url: str) -> SplitResult:
    """`url` split, if shifan may fetch it; a `ShifanError` saying why not otherwise."""
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 (raises ValueError for a bad port)
    except ValueError as exc:
        raise ShifanError(f"not a usable status URL: {url} ({exc})") from None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ShifanError(f"not a usable status URL: {url}", hint="give the site's https:// URL")
    if parts.scheme == "http" and not is_loopback(parts.hostname):
        raise ShifanError(
            f"refusing plain http:// for {parts.hostname}: the status could be altered on the way",
            hint=f"use https://{url.split('://', 1)[1]} (http is only for 127.0.0.1/localhost)",
        )
    return parts


@dataclass
class _Answer:
    status: int
    location: str = ""
    body: bytes = b""


@dataclass
class _Attempt:
    """One request in a worker thread, so the caller can stop waiting at the deadline."""

    work: Callable[[_Attempt], _Answer]
    answer: _Answer | None = None
    error: BaseException | None = None
    connection: http.client.HTTPConnection | None = None
    done: threading.Event = field(default_factory=threading.Event)

    def run(self) -> None:
        try:
            self.answer = self.work(self)
        except BaseException as exc:  # handed to the waiting thread, which raises it
            self.error = exc
        finally:
            self.done.set()

    def abort(self) -> None:
        """Wake the worker from a blocked read by shutting its socket down."""
        conn = self.connection
        sock = conn.sock if conn is not None else None
        if sock is not None:
            with contextlib.suppress(OSError):
                socket.socket.shutdown(sock, socket.SHUT_RDWR)


def _get(parts: SplitResult, url: str, deadline: Deadline, attempt: _Attempt) -> _Answer:
    host = parts.hostname or ""
    port = parts.port or _DEFAULT_PORTS[parts.scheme]
    timeout = max(deadline.remaining(), 0.01)
    conn: http.client.HTTPConnection
    if parts.scheme == "https":
        context = ssl.create_default_context()
        conn = http.client.HTTPSConnection(host, port, timeout=timeout, context=context)
    else:
        conn = http.client.HTTPConnection(host, port, timeout=timeout)
    attempt.connection = conn
    target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    try:
        conn.request(
            "GET",
            target,
            headers={
                "Accept": "application/json",
                "Accept-Encoding": "identity",
                "User-Agent": "shifan-verify",
            },
        )
        response = conn.getresponse()
        if response.status in REDIRECTS:
            return _Answer(response.status, response.getheader("Location") or "")
        if response.status != 200:
            return _Answer(response.status)
        length = response.getheader("Content-Length") or ""
        if length.strip().isdigit() and int(length) > MAX_BYTES:
            raise too_large(url)
        body = bytearray()
        while len(body) <= MAX_BYTES:
            if deadline.remaining() <= 0:
                raise deadline.error(url)
            if conn.sock is not None:
                conn.sock.settimeout(max(deadline.remaining(), 0.01))
            chunk = response.read1(min(_READ, MAX_BYTES + 1 - len(body)))
            if not chunk:
                break
            body += chunk
        if len(body) > MAX_BYTES:
            raise too_large(url)
        return _Answer(200, body=bytes(body))
    except (OSError, http.client.HTTPException, ValueError) as exc:
        if deadline.remaining() <= 0:
            raise deadline.error(url) from None
        raise ShifanError(f"cannot fetch {url}: {exc or type(exc).__name__}") from None
    finally:
        conn.close()


def _get_in_time(url: str, deadline: Deadline) -> _Answer:
    parts = check_url(url)
    attempt = _Attempt(lambda a: _get(parts, url, deadline, a))
    worker = threading.Thread(target=attempt.run, name="shifan-fetch", daemon=True)
    worker.start()
    if not attempt.done.wait(max(deadline.remaining(), 0)):
        attempt.abort()
        raise deadline.error(url)
    if attempt.error is not None:
        raise attempt.error
    assert attempt.answer is not None
    return attempt.answer


def fetch(url: str, deadline: Deadline) -> bytes | None:
    """GET `url` within `deadline`: its body (at most `MAX_BYTES`), or None for a 404."""
    origin = _origin(check_url(url))
    for _ in range(MAX_REDIRECTS + 1):
        answer = _get_in_time(url, deadline)
        if answer.status in REDIRECTS:
            target = urljoin(url, answer.location)
            parts = urlsplit(target)
            if parts.scheme not in ("http", "https") or _origin(parts) != origin:
                raise ShifanError(
                    f"cannot fetch {url}: it redirects to {target}, another site, port or scheme",
                    hint="give the site's final https:// address",
                )
            url = target
            continue
        if answer.status == 404:
            return None
        if answer.status != 200:
            raise ShifanError(f"cannot fetch {url}: HTTP {answer.status}")
        return answer.body
    raise ShifanError(f"cannot fetch {url}: more than {MAX_REDIRECTS} redirects")
