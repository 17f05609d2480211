"""No page of the built site requests anything from another host (no Google Fonts, no CDN)."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from support import site_page_paths

LOCAL_SCHEMES = {"data", "blob", "about"}
FONT_HOSTS = ("fonts.googleapis.com", "fonts.gstatic.com")


def _foreign(url: str, local: str) -> bool:
    parts = urlsplit(url)
    return parts.scheme not in LOCAL_SCHEMES and parts.netloc != local


@pytest.mark.browser
def test_every_kind_of_page_stays_on_the_local_server(
    browser: Any, static_server: Any, built_site: Path
) -> None:
    server = static_server(built_site)
    local = urlsplit(server.url).netloc
    context = browser.new_context()
    requested: list[str] = []
    foreign: list[str] = []

    def route(route: Any) -> None:
        if _foreign(route.request.url, local):
            foreign.append(route.request.url)
            route.abort()  # never let a test reach the internet
        else:
            route.continue_()

    context.route("**/*", route)
    page = context.new_page()
    page.on("request", lambda request: requested.append(request.url))
    loaded: dict[str, int] = {}
    for kind, path in site_page_paths(built_site).items():
        before = len(requested)
        response = page.goto(f"{server.url}/{path}", wait_until="networkidle")
        assert response is not None, (kind, path)
        assert response.status == 200, (kind, path)
        loaded[kind] = len(requested) - before
    context.close()
    assert foreign == [], f"requests that left the site: {foreign}"
    assert not [u for u in requested if _foreign(u, local)]
    assert all(count >= 2 for count in loaded.values()), loaded  # page + its CSS/JS at least
    fonts = [u for u in requested if u.endswith((".woff", ".woff2", ".ttf"))]
    assert all(urlsplit(u).netloc == local for u in fonts)


class _Resources(HTMLParser):
    """Collects every URL an HTML page makes the browser fetch by itself."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag in ("script", "img", "iframe", "source", "audio", "video", "embed") and a.get("src"):
            self.urls.append(a["src"])
        if tag == "link" and a.get("href"):
            self.urls.append(a["href"])
        if tag == "object" and a.get("data"):
            self.urls.append(a["data"])


def test_no_built_file_references_a_foreign_resource(built_site: Path) -> None:
    pages = sorted(built_site.rglob("*.html"))
    assert len(pages) > 10
    for page in pages:
        parser = _Resources()
        parser.feed(page.read_text(encoding="utf-8"))
        external = [u for u in parser.urls if urlsplit(u).netloc or u.startswith("//")]
        # `<link rel=canonical/alternate>` name the public address; nothing else may.
        assert all(
            urlsplit(u).netloc == urlsplit(_canonical_host(page)).netloc for u in external
        ), (page, external)
    # Material must not load Google Fonts (`theme.font: false`): no page or stylesheet names them.
    for text_file in [*pages, *built_site.rglob("*.css")]:
        body = text_file.read_text(encoding="utf-8", errors="replace")
        for host in FONT_HOSTS:
            assert host not in body, (text_file, host)


def _canonical_host(page: Path) -> str:
    text = page.read_text(encoding="utf-8")
    marker = 'rel="canonical" href="'
    start = text.find(marker)
    return text[start + len(marker) : text.find('"', start + len(marker))] if start >= 0 else ""
