"""Fixtures for the old-engine tests: each old Chromium build launched once per session.

These tests never skip: if an engine is not installed the fixture fails with the set-up command.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from oldengines_support import ENGINES, EngineError, OldChromium, launch

VERSIONS = sorted(ENGINES, key=int)


@pytest.fixture(scope="session", params=VERSIONS, ids=[f"chromium{v}" for v in VERSIONS])
def old_engine(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[OldChromium]:
    version: str = request.param
    try:
        with launch(version, tmp_path_factory.mktemp(f"chromium{version}")) as browser:
            assert browser.product.startswith(f"HeadlessChrome/{version}."), browser.product
            yield browser
    except EngineError as exc:
        pytest.fail(f"Chromium {version}: {exc}")
