"""The quick canonical test vouches only for files the ruamel round trip leaves unchanged."""

from __future__ import annotations

from pathlib import Path

import pytest
from benchmarks.synth import write_synthetic_roster
from hypothesis import given, settings
from hypothesis import strategies as st

from shifan import canonical_quick
from shifan.canonical import canonical_text
from shifan.canonical_quick import surely_canonical
from shifan.errors import ShifanError
from shifan.formatting import layout_problems, layout_suspects, layouts, registry_files
from support import REPO

UNIT = "registry/units/park/ZZ-PRK-0001.yaml"


def _round_trip_keeps(text: str, where: str) -> bool:
    try:
        return canonical_text(text, where=where) == text
    except ShifanError:
        return False


def _files(registry: Path) -> list[tuple[str, str]]:
    return [
        (path.read_text("utf-8"), f"registry/{path.relative_to(registry).as_posix()}")
        for path in sorted(registry.rglob("*.yaml"))
    ]


def test_roster_records_are_vouched_for_and_right() -> None:
    files = _files(REPO / "registry")
    vouched = [where for text, where in files if surely_canonical(text, where)]
    assert all(_round_trip_keeps(text, where) for text, where in files if where in vouched)
    units = [where for _, where in files if "/units/" in where]
    assert set(units) <= set(vouched)  # what `check` reads by the thousand takes the quick way


def test_synthetic_roster_is_canonical_and_vouched_for(tmp_path: Path) -> None:
    registry = tmp_path / "registry"
    write_synthetic_roster(registry, 60, 7)
    for text, where in _files(registry):
        if "/units/" in where or "/notices/" in where or "/figures/" in where:
            assert surely_canonical(text, where), where
            assert _round_trip_keeps(text, where), where


def test_check_reports_the_same_layout_warnings_either_way(tmp_path: Path) -> None:
    registry = tmp_path / "registry"
    write_synthetic_roster(registry, 40, 3)
    messy = registry / "units" / "park"
    first = sorted(messy.glob("*.yaml"))[0]
    lines = first.read_text("utf-8").split("\n")
    lines[1], lines[2] = lines[2], lines[1]  # `kind:` before `id:`
    first.write_text("\n".join(lines), "utf-8")
    quick = [(p.loc.path, p.loc.line) for p in layout_problems(registry)]
    slow = [
        (found.shown, found.first_changed_line())
        for found in layouts(registry)
        if not isinstance(found, ShifanError) and found.changed
    ]
    assert quick == slow
    assert quick == [(f"registry/units/park/{first.name}", 2)]


def test_layout_check_of_the_suspects_alone_finds_the_same(tmp_path: Path) -> None:
    """`check` re-reads only the files `layout_suspects` names, and warns about the same."""
    registry = tmp_path / "registry"
    write_synthetic_roster(registry, 30, 5)
    parks = sorted((registry / "units" / "park").glob("*.yaml"))
    lines = parks[0].read_text("utf-8").split("\n")
    lines[1], lines[2] = lines[2], lines[1]  # `kind:` before `id:`
    parks[0].write_text("\n".join(lines), "utf-8")
    parks[1].write_bytes(b"id: \xff\n")  # unreadable: a suspect, left to the loader's error
    (registry / "targets.yaml").write_text("targets: []\n# a comment\n\n\n", "utf-8")
    suspects = layout_suspects(registry)
    shown = {f"registry/{p.relative_to(registry).as_posix()}" for p in registry_files(registry)}
    assert suspects < shown
    assert {f"registry/units/park/{p.name}" for p in parks[:2]} <= suspects
    assert layout_problems(registry, suspects=suspects) == layout_problems(registry)
    assert {p.loc.path for p in layout_problems(registry)} >= {
        f"registry/units/park/{parks[0].name}"
    }


def test_registry_files_walk(tmp_path: Path) -> None:
    """Sorted `.yaml` files; dot entries, folders named `*.yaml` and linked folders skipped."""
    registry = tmp_path / "registry"
    for name in ("units/park/B.yaml", "units/park/A.yaml", ".git/x.yaml", "a/.b/c.yaml",
                 "c/d.yaml", "c/.e.yaml", "x.yml", "d.yaml/f.txt"):  # fmt: skip
        (registry / name).parent.mkdir(parents=True, exist_ok=True)
        (registry / name).write_text("a: b\n", "utf-8")
    (registry / "c" / "linked").symlink_to(registry / "units")
    (registry / "link.yaml").symlink_to(registry / "c" / "d.yaml")
    (registry / "broken.yaml").symlink_to(tmp_path / "nowhere.yaml")
    assert [p.relative_to(registry).as_posix() for p in registry_files(registry)] == [
        "c/d.yaml", "link.yaml", "units/park/A.yaml", "units/park/B.yaml"
    ]  # fmt: skip


_BASE = (REPO / UNIT).read_text("utf-8")
_EDITS = st.sampled_from(
    [
        ("  - {", "- {"), ("  - {", "    - {"), (": ", ":  "), (", ", ","), ("\n", "\n\n"),
        ('"', "'"), ("kind: park\n", ""), ("id:", "kind: park\nid:"), ("type: ", "date: x, type: "),
        ("{attested: true, ", "{document: x, attested: true, "), ("2017", "'2017"), ("\n", "\n "),
        ("events:", "# note\nevents:"), ("name: ", "name: ~"), ("name: ", "name: null #"),
        ("document: ", "document: |\n  "), (": ", ": {a: b}\nx: "), ("- {", "- ["), ("}", ", }"),
        ("declared:\n", "declared: {}\nx:\n"), ("date: ", "date: +"), ("district: ", "district: @"),
    ]
)  # fmt: skip


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(_EDITS, st.integers(0, 40)), min_size=1, max_size=3))
def test_edited_files_are_vouched_for_only_when_canonical(
    edits: list[tuple[tuple[str, str], int]],
) -> None:
    text = _BASE
    for (old, new), nth in edits:
        places = [i for i in range(len(text)) if text.startswith(old, i)]
        if places:
            at = places[nth % len(places)]
            text = text[:at] + new + text[at + len(old) :]
    vouched = surely_canonical(text, UNIT)
    if vouched:
        assert _round_trip_keeps(text, UNIT)
    _forget_verdicts()
    assert surely_canonical(text, UNIT) == vouched  # remembered verdicts are the verdicts


def _forget_verdicts() -> None:
    canonical_quick._VALUES.clear()
    canonical_quick._IN_ORDER.clear()


def test_remembered_verdicts_do_not_leak_between_contexts() -> None:
    """A value's verdict is remembered per record type: the same text in another place is
    judged afresh (events order their keys, attestations theirs, a name takes no mapping)."""
    texts = [
        f"id: ZZ-PRK-0001\n{where}{flow}\n"
        for flow in ("{type: awarded, date: 2024-05-06}", "{date: 2024-05-06, type: awarded}",
                     "{document: x, attested: true}", "{attested: true, document: x}", "x")
        for where in ("events:\n  - ", "declared:\n  a: ", "name: ", "declared:\n  - ")
    ]  # fmt: skip
    fresh = []
    for text in texts:
        _forget_verdicts()
        fresh.append(surely_canonical(text, UNIT))
    _forget_verdicts()
    assert [surely_canonical(text, UNIT) for text in texts] == fresh
    assert [surely_canonical(text, UNIT) for text in reversed(texts)] == fresh[::-1]
    assert True in fresh
    assert False in fresh
    assert canonical_quick._VALUES  # the verdicts were remembered


@pytest.mark.parametrize(
    "text",
    [
        "id: ZZ-PRK-0001\nname: ~\n",
        "id: ZZ-PRK-0001\nname: null\n",
        "id: ZZ-PRK-0001\nname: +5\n",
        "kind: park\nid: ZZ-PRK-0001\n",
        "id: ZZ-PRK-0001\nname: 'x'\n",
        "id: ZZ-PRK-0001\nname: x  # note\n",
        "id: ZZ-PRK-0001\nname:\n",
        "id: ZZ-PRK-0001\nevents:\n- {type: awarded}\n",
        "id: ZZ-PRK-0001\nevents:\n  - {date: 2024-05-06, type: awarded}\n",
        "id: ZZ-PRK-0001\nevents:\n  - {type: awarded,date: 2024-05-06}\n",
    ],
)
def test_what_the_round_trip_would_change_is_not_vouched_for(text: str) -> None:
    assert not surely_canonical(text, UNIT)
    assert surely_canonical("id: ZZ-PRK-0001\nname: x\n", UNIT)
