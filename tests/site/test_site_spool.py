"""The static files spooled to a temporary folder: the same bytes as made in memory."""

from __future__ import annotations

import datetime as dt

import pytest

from shifan.errors import ShifanError
from shifan.site import generate
from shifan.site.context import build_context
from shifan.site.spool import StaticSpool
from support import assessed, small_roster

TODAY = dt.date(2026, 11, 27)
SITE = "https://shifan.example.org/"


def test_spooled_files_are_the_static_files_byte_for_byte() -> None:
    ctx = build_context(assessed(small_roster(hostile=True), TODAY), SITE)
    made = dict(generate.static_files(ctx))
    spool = StaticSpool(generate.static_files(ctx))
    try:
        assert spool.sizes == {path: len(data) for path, data in made.items()}
        assert {path: spool.read(path) for path in spool.sizes} == made
        on_disk = {
            p.relative_to(spool.folder).as_posix() for p in spool.folder.rglob("*") if p.is_file()
        }
        assert on_disk == set(made)
        pages = dict(generate.pages(ctx, spool.sizes))
        assert pages["downloads.md"] == dict(generate.pages(ctx, made))["downloads.md"]
    finally:
        spool.close()
    assert not spool.folder.exists()


@pytest.mark.parametrize("path", ["../x.json", "/etc/x", "a/../../x", "", "a\\..\\x"])
def test_a_path_outside_the_site_is_refused(path: str) -> None:
    spool = StaticSpool()
    try:
        with pytest.raises(ShifanError):
            spool.add(path, b"x")
        assert spool.sizes == {}
    finally:
        spool.close()
