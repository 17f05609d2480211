"""The static files written straight into the site folder: the bytes `static_files` makes,
each once, and MkDocs copies none of them."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
from pathlib import Path

import pytest

from shifan.errors import ShifanError
from shifan.site import generate
from shifan.site.context import build_context
from shifan.site.staticfiles import StaticFiles, WrittenFile
from support import assessed, small_roster

TODAY = dt.date(2026, 11, 27)
SITE = "https://shifan.example.org/"


def _tree(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


def test_written_files_are_the_static_files_byte_for_byte(tmp_path: Path) -> None:
    ctx = build_context(assessed(small_roster(hostile=True), TODAY), SITE)
    made = dict(generate.static_files(ctx))
    written = StaticFiles(tmp_path / "site")
    sizes, digests = written.fill(generate.static_files(ctx))
    assert sizes == {path: len(data) for path, data in made.items()}
    assert digests == {path: hashlib.sha256(data).hexdigest() for path, data in made.items()}
    assert _tree(tmp_path / "site") == made
    assert {path: written.read(path) for path in sizes} == made
    pages = dict(generate.pages(ctx, sizes))
    assert pages["downloads.md"] == dict(generate.pages(ctx, made))["downloads.md"]


def test_a_written_file_survives_mkdocs_copy_step_unchanged(tmp_path: Path) -> None:
    written = StaticFiles(tmp_path / "site")
    written.add("api/a.json", b"{}")
    before = os.stat(tmp_path / "site" / "api" / "a.json")
    file = WrittenFile("api/a.json", None, str(tmp_path / "site"), use_directory_urls=True)
    file.abs_src_path = str(written.path_of("api/a.json"))  # as `File.generated` sets it
    assert file.abs_dest_path == str(tmp_path / "site" / "api" / "a.json")
    file.copy_file()
    after = os.stat(tmp_path / "site" / "api" / "a.json")
    assert (after.st_ino, after.st_mtime_ns, after.st_size) == (
        before.st_ino,
        before.st_mtime_ns,
        before.st_size,
    )


def test_a_file_added_again_is_replaced(tmp_path: Path) -> None:
    written = StaticFiles(tmp_path)
    written.add("a/b.json", b"large")
    written.add("a/b.json", b"sm")
    assert written.read("a/b.json") == b"sm"
    assert written.sizes == {"a/b.json": 2}
    assert _tree(tmp_path) == {"a/b.json": b"sm"}


@pytest.mark.parametrize("path", ["../x.json", "/etc/x", "a/../../x", "", "a\\..\\x"])
def test_a_path_outside_the_site_is_refused(tmp_path: Path, path: str) -> None:
    written = StaticFiles(tmp_path / "site")
    with pytest.raises(ShifanError):
        written.add(path, b"x")
    assert written.sizes == {}
    assert _tree(tmp_path) == {}
