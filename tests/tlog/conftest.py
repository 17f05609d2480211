"""A copy of the demo roster with its public log, in a real git repository."""

from __future__ import annotations

from pathlib import Path

import pytest

from support_operations import demo_repo


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    return demo_repo(tmp_path / "repo", ("registry", "keys", "log"))
