"""The static files spooled to a temporary folder: the same bytes as made in memory."""

from __future__ import annotations

import datetime as dt

import pytest

from shifan.errors import ShifanError
from shifan.site import generate
from shifan.site.context import build_context
from shifan.site.spool import SPOOL_FROM, StaticSpool
from support import assessed, small_roster

TODAY = dt.date(2026, 11, 27)
SITE = "https://shifan.example.org/"


@pytest.mark.parametrize("spool_from", [0, 2_000, SPOOL_FROM])
def test_spooled_files_are_the_static_files_byte_for_byte(spool_from: int) -> None:
    ctx = build_context(assessed(small_roster(hostile=True), TODAY), SITE)
    made = dict(generate.static_files(ctx))
    spool = StaticSpool(generate.static_files(ctx), spool_from=spool_from)
    try:
        assert spool.sizes == {path: len(data) for path, data in made.items()}
        assert {path: spool.read(path) for path in spool.sizes} == made
        large = {path for path, data in made.items() if len(data) >= spool_from}
        assert {p for p in made if spool.on_disk(p) is not None} == large
        on_disk = {
            p.relative_to(spool.folder).as_posix() for p in spool.folder.rglob("*") if p.is_file()
        }
        assert on_disk == large
        for path in large:
            target = spool.on_disk(path)
            assert target is not None
            assert target.read_bytes() == made[path]
        pages = dict(generate.pages(ctx, spool.sizes))
        assert pages["downloads.md"] == dict(generate.pages(ctx, made))["downloads.md"]
    finally:
        spool.close()
    assert not spool.folder.exists()


def test_a_file_added_again_is_replaced_wherever_it_was() -> None:
    spool = StaticSpool(spool_from=4)
    try:
        spool.add("a/b.json", b"large")
        spool.add("a/b.json", b"sm")
        assert spool.read("a/b.json") == b"sm"
        assert spool.on_disk("a/b.json") is None
        assert not (spool.folder / "a" / "b.json").exists()
        spool.add("a/b.json", b"large again")
        assert spool.read("a/b.json") == b"large again"
        assert spool.sizes == {"a/b.json": 11}
    finally:
        spool.close()


@pytest.mark.parametrize("path", ["../x.json", "/etc/x", "a/../../x", "", "a\\..\\x"])
def test_a_path_outside_the_site_is_refused(path: str) -> None:
    spool = StaticSpool()
    try:
        with pytest.raises(ShifanError):
            spool.add(path, b"x")
        assert spool.sizes == {}
    finally:
        spool.close()
