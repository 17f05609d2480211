"""Unit pages built the fast way (no Markdown, the theme frame stamped) are byte for byte the
pages MkDocs renders in full."""

from __future__ import annotations

import filecmp
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from mkdocs.utils.meta import get_data

from shifan.cli import main
from shifan.site.pages.html import front_matter, front_matter_data
from shifan.site.plugin import ShifanPlugin
from support import REPO, SITE_TODAY, site_registry_copy


def _files(root: Path) -> list[Path]:
    return sorted(p.relative_to(root) for p in root.rglob("*") if p.is_file())


def test_stamped_unit_pages_equal_full_renders(
    built_site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The session's site (hostile names included) against one built the slow way."""
    monkeypatch.setattr(ShifanPlugin, "stamp_unit_pages", False)
    registry = site_registry_copy(tmp_path)
    out = tmp_path / "full"
    args = ["build", "--registry", str(registry), "--keys", str(tmp_path / "keys")]
    args += ["--today", SITE_TODAY, "--out", str(out), "--config-file", str(REPO / "mkdocs.yml")]
    assert main(args) == 0
    assert _files(out) == _files(built_site)
    units = [rel for rel in _files(out) if rel.parts[0] == "units"]
    assert len(units) > 10
    different = [
        str(rel) for rel in _files(out) if not filecmp.cmp(out / rel, built_site / rel, False)
    ]
    assert different == []


@settings(max_examples=150, deadline=None)
@given(
    st.text(st.characters().filter(str.isprintable), max_size=40),  # as the roster allows
    st.sampled_from([None, {"hide": ["navigation"]}]),
)
def test_front_matter_data_is_what_mkdocs_reads(title: str, meta: dict[str, object] | None) -> None:
    _, data = get_data(front_matter(title, meta) + "\n")
    assert data == front_matter_data(title, meta)
