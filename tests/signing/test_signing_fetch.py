"""`shifan verify --status URL|FILE`: one deadline, same-origin redirects, https, a size cap.

Real HTTP servers on 127.0.0.1 in threads play the hostile site; every test is bounded in
time by a short deadline (`--timeout`), never by the server giving up.
"""

from __future__ import annotations

import http.server
import json
import os
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from shifan.cli import main
from shifan.signing.checkcode import check_code

Behaviour = Callable[[http.server.BaseHTTPRequestHandler], None]
PLAQUE = json.dumps({"token": "1234"}).encode()


class Site:
    """A local HTTP server whose answer to each path is a function of the handler."""

    def __init__(self, routes: dict[str, Behaviour]) -> None:
        site = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                site.paths.append(self.path)
                routes.get(self.path, _not_found)(self)

            def log_message(self, format: str, *args: object) -> None:
                pass

        class Server(http.server.ThreadingHTTPServer):
            def handle_error(self, request: object, client_address: object) -> None:
                pass  # a client hanging up early is what some tests do

        self.paths: list[str] = []
        self.httpd = Server(("127.0.0.1", 0), Handler)
        self.port = self.httpd.server_address[1]
        self.url = f"http://127.0.0.1:{self.port}"
        threading.Thread(target=self.httpd.serve_forever, args=(0.05,), daemon=True).start()

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


def _not_found(h: http.server.BaseHTTPRequestHandler) -> None:
    h.send_error(404)


def _json(body: bytes, *, length: int | None = None) -> Behaviour:
    def answer(h: http.server.BaseHTTPRequestHandler) -> None:
        h.send_response(200)
        h.send_header("Content-Type", "application/json")
        if length != -1:  # -1: no Content-Length, the body ends when the connection closes
            h.send_header("Content-Length", str(len(body) if length is None else length))
        h.end_headers()
        h.wfile.write(body)

    return answer


def _redirect(location: str) -> Behaviour:
    def answer(h: http.server.BaseHTTPRequestHandler) -> None:
        h.send_response(302)
        h.send_header("Location", location)
        h.send_header("Content-Length", "0")
        h.end_headers()

    return answer


def _trickle(data: bytes, *, at_once: int = 0, limit: float = 8.0) -> Behaviour:
    """Send `data[:at_once]`, then the rest a byte every 0.25 s for at most `limit` s."""

    def answer(h: http.server.BaseHTTPRequestHandler) -> None:
        end = time.monotonic() + limit
        h.wfile.write(data[:at_once])
        for byte in data[at_once:]:
            if time.monotonic() > end:
                return
            try:
                h.wfile.write(bytes([byte]))
                h.wfile.flush()
            except OSError:
                return
            time.sleep(0.25)

    return answer


@pytest.fixture
def sites() -> Iterator[Callable[[dict[str, Behaviour]], Site]]:
    started: list[Site] = []

    def start(routes: dict[str, Behaviour]) -> Site:
        started.append(Site(routes))
        return started[-1]

    yield start
    for site in started:
        site.stop()


CODE = check_code(1)
PLAQUE_PATH = "/api/plaques/1.json"


def verify(tmp_path: Path, status: str, *more: str) -> int:
    registry = tmp_path / "registry"
    return main(["verify", CODE, "--status", status, "--registry", str(registry), *more])


def one_line_error(capsys: pytest.CaptureFixture[str]) -> str:
    err = capsys.readouterr().err
    assert "Traceback" not in err
    assert err.startswith("shifan: ")
    return err


def test_status_fetch_has_no_overall_deadline(
    tmp_path: Path,
    sites: Callable[[dict[str, Behaviour]], Site],
    capsys: pytest.CaptureFixture[str],
) -> None:
    head = b"HTTP/1.0 200 OK\r\nContent-Length: 20\r\n\r\n"
    site = sites({PLAQUE_PATH: _trickle(head + b'{"token": "1234"}   ')})
    slow_body = sites({PLAQUE_PATH: _trickle(head + b'{"token": "1234"}   ', at_once=len(head))})
    for server in (site, slow_body):
        start = time.monotonic()
        assert verify(tmp_path, server.url, "--timeout", "1") == 1
        assert time.monotonic() - start < 3.0
        assert "1 s" in one_line_error(capsys)


def test_status_fetch_follows_redirects_to_other_ports_and_schemes(
    tmp_path: Path,
    sites: Callable[[dict[str, Behaviour]], Site],
    capsys: pytest.CaptureFixture[str],
) -> None:
    other = sites({PLAQUE_PATH: _json(PLAQUE)})
    site = sites({})
    site_routes = {
        "/port" + PLAQUE_PATH: _redirect(other.url + PLAQUE_PATH),
        "/scheme" + PLAQUE_PATH: _redirect(f"https://127.0.0.1:{site.port}{PLAQUE_PATH}"),
        "/file" + PLAQUE_PATH: _redirect("file:///etc/passwd"),
    }
    site.stop()
    site = sites(site_routes)
    for prefix in ("/port", "/scheme", "/file"):
        assert verify(tmp_path, site.url + prefix) == 1
        assert "redirect" in one_line_error(capsys)
    assert other.paths == []


def test_status_fetch_follows_same_origin_redirects(
    tmp_path: Path,
    sites: Callable[[dict[str, Behaviour]], Site],
    capsys: pytest.CaptureFixture[str],
) -> None:
    site = sites({"/old" + PLAQUE_PATH: _redirect("/new" + PLAQUE_PATH)})
    assert verify(tmp_path, site.url + "/old") == 7  # fetched /new: 404, not on record
    assert site.paths == ["/old" + PLAQUE_PATH, "/new" + PLAQUE_PATH]
    assert "not_on_record" in capsys.readouterr().out


def test_status_fetch_accepts_plain_http_to_any_host(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert verify(tmp_path, "http://shifan.invalid/") == 1
    assert "https://" in one_line_error(capsys)


def test_status_fetch_grows_without_bound(
    tmp_path: Path,
    sites: Callable[[dict[str, Behaviour]], Site],
    capsys: pytest.CaptureFixture[str],
) -> None:
    big = b'{"token": "1234", "pad": "' + b"x" * (1 << 20) + b'"}'
    site = sites({PLAQUE_PATH: _json(big)})
    unsized = sites({PLAQUE_PATH: _json(big, length=-1)})
    claims = sites({PLAQUE_PATH: _json(b"{}", length=1 << 40)})
    for server in (site, unsized, claims):
        assert verify(tmp_path, server.url) == 1
        assert "1 MiB" in one_line_error(capsys)
    folder = tmp_path / "site"
    (folder / "api" / "plaques").mkdir(parents=True)
    (folder / "api" / "plaques" / "1.json").write_bytes(big)
    assert verify(tmp_path, str(folder)) == 1
    assert "1 MiB" in one_line_error(capsys)


def signed_token(tmp_path: Path) -> str:
    """The digits of a genuine token, its public key published in `tmp_path/keys`."""
    import datetime as dt

    from shifan.model import EnterpriseClass, Level, PlaqueForm
    from shifan.signing import token
    from shifan.signing.crypto import SigningKey
    from shifan.signing.keys import KeyRecord, KeyStatus, key_file_text

    key = SigningKey.derive_insecure("test_signing_fetch")
    record = KeyRecord("1", key.public_key(), KeyStatus.ACTIVE, dt.date(2024, 1, 1))
    (tmp_path / "keys").mkdir(exist_ok=True)
    (tmp_path / "keys" / "1.json").write_text(key_file_text(record), encoding="utf-8")
    payload = token.encode_payload(
        form=PlaqueForm.PLAQUE, kid=1, serial=1, kind="enterprise",
        enterprise_class=EnterpriseClass.SERVICE, level=Level.MUNICIPAL,
        awarded=dt.date(2024, 5, 20), valid_until=dt.date(2026, 5, 20), subject="ZZ-ENT-0001",
    )  # fmt: skip
    return token.to_digits(payload + key.sign(token.signing_input(payload)))


def test_status_file_dev_zero_and_fifo_are_read_without_bound(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "site"
    (folder / "api" / "plaques").mkdir(parents=True)
    (folder / "api" / "plaques" / "1.json").symlink_to("/dev/zero")
    assert verify(tmp_path, str(folder)) == 1
    assert "not a regular file" in one_line_error(capsys)
    digits = signed_token(tmp_path)
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    huge = tmp_path / "huge.json"
    huge.write_bytes(b" " * (1 << 20) + b"{}")
    for special, message in (("/dev/zero", "not a regular file"), (str(fifo), "not a regular "
                             "file"), (str(huge), "1 MiB")):  # fmt: skip
        start = time.monotonic()
        args = ["verify", digits, "--status", special, "--today", "2024-06-01"]
        assert main([*args, "--registry", str(tmp_path / "registry")]) == 1
        assert time.monotonic() - start < 3.0
        assert message in one_line_error(capsys)


def test_status_fetch_404_is_not_on_record(
    tmp_path: Path,
    sites: Callable[[dict[str, Behaviour]], Site],
    capsys: pytest.CaptureFixture[str],
) -> None:
    site = sites({})
    assert verify(tmp_path, site.url) == 7
    assert site.paths == [PLAQUE_PATH]


@pytest.mark.parametrize(
    ("url", "allowed"),
    [
        ("https://shifan.example.org/", True),
        ("http://127.0.0.1:8000/", True),
        ("http://127.8.9.10/", True),
        ("http://localhost:8000/x.json", True),
        ("http://[::1]:8000/", True),
        ("http://10.0.0.1/", False),
        ("http://shifan.example.org/", False),
        ("http://127.0.0.1.example.org/", False),
        ("ftp://127.0.0.1/", False),
        ("https://host:99999/", False),
    ],
)
def test_which_status_urls_may_be_fetched(url: str, allowed: bool) -> None:
    from shifan.errors import ShifanError
    from shifan.signing.fetch import check_url

    if allowed:
        assert check_url(url).hostname
    else:
        with pytest.raises(ShifanError):
            check_url(url)
