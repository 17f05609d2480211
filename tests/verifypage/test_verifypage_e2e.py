"""End to end on the built demo site: plaque PNG → QR decode → verify page → every live verdict.

A copy of the demo roster and keys is built with `shifan build`; a demo plaque is rendered
with `shifan plaque render --format png`, decoded with zxing-cpp, and its URL opened on the
local server. Then the same QR is checked after revoking the unit, after voiding the plaque,
and with the server stopped before the status request.
"""

from __future__ import annotations

import shutil
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
import zxingcpp
from PIL import Image

from shifan.cli import main
from shifan.site.verify_page import VerifyPageSources, verify_page
from support import HOSTILE_NAMES, REPO
from verifypage_support import PAGE_SRC, Recorded, wait_verdict

TODAY = "2026-11-27"
UNIT = "ZZ-ENT-0012"  # demo enterprise, awarded 2025, plaque 44 signed by demo key 2
SERIAL = "44"
HOSTILE_ID = "ZZ-ENT-9901"  # added to the built site by tests/support.py
SITE_URL = "https://shifan.example.cn/"
REVOCATION = (
    "  - {type: revoked, date: 2026-11-20, reason: illegal, document: 郑商务〔2026〕140号}\n"
)


def demo_copy(root: Path) -> Path:
    root.mkdir(parents=True)
    shutil.copytree(REPO / "registry", root / "registry")
    shutil.copytree(REPO / "keys", root / "keys")
    return root


def build(repo: Path, out: Path) -> Path:
    args = ["build", "--registry", str(repo / "registry"), "--keys", str(repo / "keys")]
    args += ["--today", TODAY, "--out", str(out), "--config-file", str(REPO / "mkdocs.yml")]
    assert main(args) == 0
    return out


def scan_plaque(repo: Path, png: Path) -> str:
    """Render the unit's plaque to PNG and read its QR code back."""
    args = ["plaque", "render", UNIT, "--format", "png", "--out", str(png)]
    args += ["--site-url", SITE_URL, "--registry", str(repo / "registry")]
    assert main(args) == 0
    with Image.open(png) as image:
        found = zxingcpp.read_barcodes(image)
    assert len(found) == 1
    text: str = found[0].text
    return text


def local(url: str, server: Any) -> str:
    """The scanned URL on the local server's origin (path and fragment kept)."""
    parts = urlsplit(url)
    return f"{server.url}{parts.path}#{parts.fragment}"


@pytest.fixture(scope="module")
def demo(built_site: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, str]:
    """(the demo repo, the built demo site, the URL scanned from a rendered plaque PNG)."""
    png = tmp_path_factory.mktemp("e2e") / "plaque.png"
    return REPO, built_site, scan_plaque(REPO, png)


def test_built_site_ships_the_page_as_one_file(demo: tuple[Path, Path, str]) -> None:
    """`v/` is one file: the sources inlined, with the key set the site publishes."""
    _, site, url = demo
    assert sorted(p.name for p in (site / "v").iterdir()) == ["index.html"]
    keyset = (site / "keys.json").read_bytes()
    expected = verify_page(VerifyPageSources.read(PAGE_SRC), keyset)
    assert (site / "v" / "index.html").read_text(encoding="utf-8") == expected
    assert url.startswith(f"{SITE_URL}v/#")


@pytest.mark.browser
def test_scanned_plaque_is_valid_and_private(
    demo: tuple[Path, Path, str], vp_page: Recorded, static_server: Any
) -> None:
    _, site, url = demo
    digits = urlsplit(url).fragment
    server = static_server(site)
    vp_page.page.goto(local(url, server))
    assert wait_verdict(vp_page.page) == "valid"
    assert "登封市嵩岳茶业电子商务有限公司" in vp_page.page.inner_text("#verdict")
    # (c) no third-party host, and the token in no URL — seen by the browser and the server
    assert {urlsplit(u).netloc for u in vp_page.requests} == {urlsplit(server.url).netloc}
    assert not [u for u in vp_page.requests if digits in u]
    assert not [p for p in server.paths if digits in p]
    assert server.paths == ["/v/", f"/api/units/{UNIT}.json"]  # keys and code are inlined
    assert not [m for m in vp_page.console if "Content Security Policy" in m]


@pytest.mark.browser
def test_same_qr_after_revocation_is_revoked(
    demo: tuple[Path, Path, str], vp_page: Recorded, static_server: Any, tmp_path: Path
) -> None:
    _, _, url = demo
    copy = demo_copy(tmp_path / "repo")
    unit_file = copy / "registry" / "units" / "enterprise" / f"{UNIT}.yaml"
    with unit_file.open("a", encoding="utf-8") as f:
        f.write(REVOCATION)
    server = static_server(build(copy, tmp_path / "site"))
    vp_page.page.goto(local(url, server))
    assert wait_verdict(vp_page.page) == "revoked"
    text = vp_page.page.inner_text("#verdict")
    assert "郑商务〔2026〕140号" in text
    assert "2026年11月20日" in text


@pytest.mark.browser
def test_same_qr_after_voiding_is_voided(
    demo: tuple[Path, Path, str], vp_page: Recorded, static_server: Any, tmp_path: Path
) -> None:
    _, _, url = demo
    copy = demo_copy(tmp_path / "repo")
    args = ["plaque", "void", SERIAL, "--reason", "lost", "--registry", str(copy / "registry")]
    assert main([*args, "--today", TODAY]) == 0
    server = static_server(build(copy, tmp_path / "site"))
    vp_page.page.goto(local(url, server))
    assert wait_verdict(vp_page.page) == "voided"
    assert "遗失" in vp_page.page.inner_text("#verdict")


@pytest.mark.browser
def test_server_stopped_before_status_is_offline(
    demo: tuple[Path, Path, str], vp_page: Recorded, static_server: Any
) -> None:
    _, site, url = demo
    server = static_server(site)

    def stop_server_then_continue(route: Any) -> None:
        deadline = time.monotonic() + 10
        while "/v/" not in server.paths and time.monotonic() < deadline:
            time.sleep(0.02)
        time.sleep(0.2)
        server.stop()  # a real stop: the status request then finds no server
        route.continue_()

    vp_page.page.route("**/api/units/**", stop_server_then_continue)
    vp_page.page.goto(local(url, server))
    assert wait_verdict(vp_page.page) == "offline"
    assert vp_page.page.get_attribute("#verdict", "class") == "verdict warn"
    assert "2026年11月27日" in vp_page.page.inner_text("#verdict")


@pytest.mark.browser
def test_hostile_name_typed_by_id_on_the_built_site(
    demo: tuple[Path, Path, str], vp_page: Recorded, static_server: Any
) -> None:
    _, site, _ = demo
    dialogs: list[str] = []
    vp_page.page.on("dialog", lambda dialog: dialogs.append(dialog.message))
    server = static_server(site)
    vp_page.page.goto(f"{server.url}/v/?q={HOSTILE_ID}")
    assert wait_verdict(vp_page.page) == "unverified"
    assert vp_page.page.text_content("#verdict .name") == HOSTILE_NAMES[HOSTILE_ID]
    assert vp_page.page.locator("#verdict script").count() == 0
    assert dialogs == []


@pytest.mark.browser
def test_name_search_opens_the_site_search(
    demo: tuple[Path, Path, str], vp_page: Recorded, static_server: Any
) -> None:
    """The name form sends `../?q=NAME`; Material's search opens with that query."""
    _, site, _ = demo
    server = static_server(site)
    page = vp_page.page
    page.goto(f"{server.url}/v/")
    page.fill("#name-input", "嵩岳茶业")
    page.click("#name-form button")
    page.wait_for_url("**/?q=*")
    page.wait_for_function(
        "document.querySelector('input.md-search__input') && "
        "document.querySelector('input.md-search__input').value === '嵩岳茶业'"
    )
