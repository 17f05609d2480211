"""The pure comparison of `shifan audit`: both ways, and the signed checkpoint."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from shifan.audit.compare import comparable, compare, unsigned_note
from shifan.audit.sources import safe_path

NOTE = b"example.org/shifan\n42\nqUmE0PpJ+9eJw3FBUgwaDB/bAr+Fo4yGX5tm7GaA7PY=\n"
SIGNATURE = "— example.org/shifan Az3grlgtzPICa5OS8npVmf1Myq/5IZniMp+ZJurmRDeO=\n"
SIGNED = NOTE + b"\n" + SIGNATURE.encode()


def test_a_checkpoint_is_compared_without_its_signature_lines() -> None:
    assert unsigned_note(SIGNED) == NOTE
    assert comparable("log/checkpoint", SIGNED) == comparable("log/checkpoint", NOTE)
    other_key = NOTE + b"\n" + "— ci.example.org AAAA\n— b BBBB\n".encode()
    assert comparable("log/checkpoint", other_key) == comparable("log/checkpoint", SIGNED)
    # The note text itself still counts, and so does anything that is not a signature line.
    assert comparable("log/checkpoint", SIGNED.replace(b"42", b"43")) != NOTE
    assert comparable("log/checkpoint", SIGNED + b"extra line\n") != NOTE
    # Anywhere else the same bytes are compared as they are.
    assert comparable("log/other", SIGNED) == SIGNED


def test_the_manifest_is_compared_without_the_checkpoints_digest() -> None:
    def manifest(checkpoint: str, page: str) -> bytes:
        files = {"log/checkpoint": checkpoint, "index.html": page}
        return json.dumps({"as_of": "2026-11-27", "files": files}).encode()

    assert comparable("manifest.json", manifest("aa", "11")) == comparable(
        "manifest.json", manifest("bb", "11")
    )
    assert comparable("manifest.json", manifest("aa", "11")) != comparable(
        "manifest.json", manifest("aa", "12")
    )
    assert comparable("manifest.json", b"not json") == b"not json"


def test_compare_reports_both_ways() -> None:
    published = {"a": "1", "b": "2", "c": "3"}
    rebuilt = {"a": "1", "b": "9", "d": "4"}
    d = compare(published, rebuilt)
    assert (d.changed, d.missing, d.extra, d.count) == (("b",), ("d",), ("c",), 3)
    assert not d.identical


@settings(max_examples=60, deadline=None)
@given(st.dictionaries(st.text(max_size=8), st.sampled_from("0123"), max_size=12), st.data())
def test_every_difference_is_reported_exactly_once(
    site: dict[str, str], data: st.DataObject
) -> None:
    rebuilt = data.draw(st.dictionaries(st.text(max_size=8), st.sampled_from("0123"), max_size=12))
    d = compare(site, rebuilt)
    assert compare(site, site).identical
    named = [*d.changed, *d.missing, *d.extra]
    assert len(named) == len(set(named))
    assert set(named) == {p for p in site.keys() | rebuilt.keys() if site.get(p) != rebuilt.get(p)}


def test_manifest_paths_outside_the_site_are_refused() -> None:
    for good in ("index.html", "units/ZZ-ENT-0001/index.html", "assets/中文.css"):
        assert safe_path(good)
    for bad in ("", "/etc/passwd", "../x", "a/../../x", "a//b", "a\\b", "a?b", "a#b", "a\nb", 3):
        assert not safe_path(bad)


def test_the_as_of_date_comes_from_the_manifest_else_the_units_list(tmp_path: Path) -> None:
    from shifan.audit.sources import Site
    from shifan.commands.audit import recorded_date

    assert recorded_date(Site({}, {"as_of": "2026-11-27", "files": {}}), "x") == dt.date(
        2026, 11, 27
    )
    (tmp_path / "api").mkdir()
    assert recorded_date(Site({}), str(tmp_path)) is None
    (tmp_path / "api" / "units.json").write_text('[{"as_of": "2026-10-01"}]', encoding="utf-8")
    assert recorded_date(Site({}), str(tmp_path)) == dt.date(2026, 10, 1)
    assert recorded_date(Site({}), "https://example.org/") is None
    (tmp_path / "api" / "units.json").write_text("[]", encoding="utf-8")
    assert recorded_date(Site({}), str(tmp_path)) is None
    assert recorded_date(Site({}, {"as_of": "not a date", "files": {}}), "x") is None
