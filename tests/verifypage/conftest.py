"""Fixtures for the verify page tests (helpers live in `verifypage_support`)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from verifypage_support import Recorded, VpSite, build_test_site, open_recorded


@pytest.fixture(scope="session")
def vp_site(tmp_path_factory: pytest.TempPathFactory) -> VpSite:
    return build_test_site(tmp_path_factory.mktemp("vp_site"))


@pytest.fixture
def vp_page(browser: Any) -> Iterator[Recorded]:
    """A fresh page (own context: no shared localStorage) that records console and requests."""
    rec = open_recorded(browser)
    yield rec
    rec.page.context.close()
