"""Fixtures shared by every test module: real Chromium and a localhost static server.

Browser tests never skip: if Chromium is missing the fixture fails with what to install.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import settings

from support import (
    CHROMIUM,
    CHROMIUM_ARGS,
    REPO,
    SITE_TODAY,
    StaticServer,
    serve_directory,
    site_registry_copy,
)

# Shared machines are noisy: judge properties by their examples, never by wall time.
settings.register_profile("shifan", deadline=None)
settings.load_profile("shifan")


@pytest.fixture
def static_server() -> Iterator[Any]:
    """Factory fixture: `static_server(path) -> StaticServer`, stopped after the test."""
    started: list[StaticServer] = []

    def start(root: Path) -> StaticServer:
        server = serve_directory(root)
        started.append(server)
        return server

    yield start
    for server in started:
        server.stop()


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """A headless Debian Chromium driven by Playwright (never Playwright's own download)."""
    if not CHROMIUM.exists():
        pytest.fail(
            f"{CHROMIUM} not found: install Debian's chromium (`apt-get install chromium`); "
            "browser tests never skip"
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        chromium = pw.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        yield chromium
        chromium.close()


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The site built once per session (per xdist worker) with `--today 2026-11-27`, from the
    demo roster and keys plus hostile units (`support.HOSTILE_NAMES`).
    Returns the output folder; treat it as read-only."""
    from shifan.cli import main

    root = tmp_path_factory.mktemp("built_site")
    registry = site_registry_copy(root)
    out = root / "site"
    args = ["build", "--registry", str(registry), "--keys", str(root / "keys")]
    args += ["--today", SITE_TODAY, "--out", str(out), "--config-file", str(REPO / "mkdocs.yml")]
    status = main(args)
    if status != 0:
        pytest.fail(f"shifan build failed with exit status {status}")
    return out
