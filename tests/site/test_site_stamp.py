"""A site built the fast way (unit pages: no Markdown, the theme frame stamped, written outside
MkDocs' page loop by two processes; generated pages: table rows collapsed before Markdown; the
search index: each text segmented once) is byte for byte the site MkDocs renders in full."""

from __future__ import annotations

import filecmp
import hashlib
import json
import logging
import re
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from mkdocs.utils.meta import get_data

from shifan import background
from shifan.cli import main
from shifan.site.pages.html import front_matter, front_matter_data
from shifan.site.plugin import ShifanPlugin
from support import REPO, SITE_TODAY, site_registry_copy


def _files(root: Path) -> list[Path]:
    return sorted(p.relative_to(root) for p in root.rglob("*") if p.is_file())


def _build(root: Path, out: Path) -> None:
    args = ["build", "--registry", str(root / "registry"), "--keys", str(root / "keys")]
    args += ["--today", SITE_TODAY, "--out", str(out), "--config-file", str(REPO / "mkdocs.yml")]
    assert main(args) == 0


STAMPED_FOLDERS = ("units", "figures", "notices", "lists", "districts", "annual")
IN_NAV = {Path(f"{folder}/index.html") for folder in ("lists", "districts", "figures", "notices")}


def _stamped(site: Path) -> list[Path]:
    """The pages that skip Markdown: of units, figures and notices, and the generated lists
    and reports outside the navigation."""
    return [
        rel
        for rel in _files(site)
        if rel.parts[0] in STAMPED_FOLDERS and rel.name == "index.html" and rel not in IN_NAV
    ]


def test_fast_pages_equal_full_renders(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    """The demo roster with hostile names, built fast and built the slow way."""
    site_registry_copy(tmp_path)
    monkeypatch.setattr(background, "ENABLED", False)  # every page stamped here: counted here
    with caplog.at_level(logging.DEBUG, logger="mkdocs.plugins.shifan"):
        _build(tmp_path, tmp_path / "stamped")
    stamped = _stamped(tmp_path / "stamped")
    # Each kind of frame (a folder's pages, with an <h1> or not) is checked once against a
    # full render; every other page is stamped.
    counts = re.search(r"(\d+) pages stamped, (\d+) rendered in full", caplog.text)
    assert counts is not None
    folders = {rel.parent.parent for rel in stamped}  # units/, annual/2024/details/, …
    assert len(folders) <= int(counts[2]) <= 2 * len(folders)
    assert int(counts[1]) + int(counts[2]) == len(stamped) > 10
    collapsed = re.search(r"(\d+) generated pages had their rows collapsed", caplog.text)
    assert collapsed is not None
    assert int(collapsed[1]) >= 5  # the generated pages in the navigation
    monkeypatch.setattr(ShifanPlugin, "stamp_unit_pages", False)
    monkeypatch.setattr(ShifanPlugin, "collapse_rows", False)
    monkeypatch.setattr(ShifanPlugin, "cache_segmentation", False)
    _build(tmp_path, tmp_path / "full")
    fast, full = tmp_path / "stamped", tmp_path / "full"
    assert _files(fast) == _files(full)
    assert [
        str(rel) for rel in _files(fast) if not filecmp.cmp(fast / rel, full / rel, False)
    ] == []


# The CLI in a fresh interpreter (pytest's workers run threads, where nothing forks: there the
# static files and the unit pages are all made in one process), with the shifan plugin's debug
# log, and the child making unit pages given a head start: it has made at least its first
# item (the search entries of the last page that is not a unit's) before MkDocs writes the
# first page, so some work is surely taken from it.
AHEAD = """\
import logging, os, sys, time
logging.basicConfig(level=logging.WARNING, format="%(message)s")
logging.getLogger("mkdocs.plugins.shifan").setLevel(logging.DEBUG)
from shifan import prefetch
from shifan.cli import main
fork = prefetch.Prefetch._fork
def fork_with_a_head_start(self, work, count):
    fork(self, work, count)
    deadline = time.monotonic() + 60
    while self._fd >= 0 and not os.fstat(self._fd).st_size and time.monotonic() < deadline:
        time.sleep(0.01)
prefetch.Prefetch._fork = fork_with_a_head_start
sys.exit(main(sys.argv[1:]))
"""


def test_a_build_with_a_second_process_equals_one_without(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    site_registry_copy(tmp_path)
    args = ["build", "--registry", str(tmp_path / "registry"), "--keys", str(tmp_path / "keys")]
    args += ["--today", SITE_TODAY, "--config-file", str(REPO / "mkdocs.yml")]
    done = subprocess.run(
        [sys.executable, "-c", AHEAD, *args, "--out", str(tmp_path / "ahead")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    made = re.search(
        r"(\d+) of (\d+) pages written aside by the second process, (\d+) other pages indexed "
        "ahead",
        done.stderr,
    )
    assert made is not None, done.stderr
    aside = _stamped(tmp_path / "ahead")
    assert int(made[2]) == len(aside)
    assert 0 < int(made[1]) <= len(aside)
    assert int(made[3]) > 0  # the child's first item: the last page that is not a unit's
    monkeypatch.setattr(ShifanPlugin, "unit_pages_aside", False)
    monkeypatch.setattr(background, "ENABLED", False)  # static files and annual reports too
    assert main([*args, "--out", str(tmp_path / "in-turn")]) == 0
    ahead, in_turn = tmp_path / "ahead", tmp_path / "in-turn"
    # The manifest's digests (most taken as the files were written, in either process) are
    # the files' own.
    listed = json.loads((ahead / "manifest.json").read_bytes())["files"]
    assert listed == {
        str(rel): hashlib.sha256((ahead / rel).read_bytes()).hexdigest()
        for rel in _files(ahead)
        if rel.name not in ("manifest.json", ".shifan-site")
    }
    assert _files(ahead) == _files(in_turn)
    assert [
        str(rel) for rel in _files(ahead) if not filecmp.cmp(ahead / rel, in_turn / rel, False)
    ] == []


@settings(max_examples=150, deadline=None)
@given(
    st.text(st.characters().filter(str.isprintable), max_size=40),  # as the roster allows
    st.sampled_from([None, {"hide": ["navigation"]}]),
)
def test_front_matter_data_is_what_mkdocs_reads(title: str, meta: dict[str, object] | None) -> None:
    _, data = get_data(front_matter(title, meta) + "\n")
    assert data == front_matter_data(title, meta)


_segment = st.one_of(
    st.sampled_from(["", ".", "..", "a", "ZZ-ENT-0001", "名录", "a%2Fb", "x;p", "?q", "#f"]),
    st.text(st.sampled_from("aZ09_-.;%/?#:@ 名"), max_size=6),
)
_base = st.builds(
    lambda scheme, host, segs, end: f"{scheme}{host}/" + "/".join(segs) + end,
    st.sampled_from(["https://", "http://", "//", ""]),
    st.sampled_from(["x.example", "h:8000", "例子.中国", ""]),
    st.lists(_segment, max_size=3),
    st.sampled_from(["", "/", "?q=1", "#top", "/?q", ";p/"]),
)
_src = st.lists(_segment.filter(lambda s: s and "/" not in s), min_size=1, max_size=3)


@settings(max_examples=300, deadline=None)
@given(_base, _src)
def test_stamped_pages_have_mkdocs_own_addresses(base: str, folders: list[str]) -> None:
    """A stamped page's canonical and absolute addresses are MkDocs' own for every site
    address, though most are made without `urljoin`."""
    from mkdocs.config import load_config
    from mkdocs.structure.files import File
    from mkdocs.structure.pages import Page

    from shifan.site.stamp import StampedPage

    config = load_config(str(REPO / "mkdocs.yml"))
    config.site_url = base
    src = "/".join(folders) + ".md"
    file = File(src, "/docs", "/site", use_directory_urls=True)
    stamped = StampedPage(file, config, {})
    full = Page(None, File(src, "/docs", "/site", use_directory_urls=True), config)
    assert (stamped.canonical_url, stamped.abs_url) == (full.canonical_url, full.abs_url)


@pytest.mark.parametrize("base", ["https://x.example/", "https://x.example/sub", "/"])
def test_plain_addresses_skip_urljoin(base: str, monkeypatch: pytest.MonkeyPatch) -> None:
    from mkdocs.config import load_config
    from mkdocs.structure.files import File

    from shifan.site import stamp

    config = load_config(str(REPO / "mkdocs.yml"))
    config.site_url = base
    stamp._base_path(base.rstrip("/") + "/")  # the base is probed once
    monkeypatch.setattr("mkdocs.structure.pages.urljoin", None)  # not called for a page
    page = stamp.StampedPage(File("units/ZZ-ENT-0001.md", "/d", "/s", True), config, {})
    assert page.canonical_url == base.rstrip("/") + "/units/ZZ-ENT-0001/"
