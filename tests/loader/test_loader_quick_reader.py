"""The quick reader gives the full reader's record, locations included, or steps aside.

`quick_record` must never accept a file the full way (`parse_yaml` + `bind`) would find a
problem in, and must give the same record, with the same `loc` and `field_locs`, for every
file it accepts. Checked on the demo roster, a synthetic roster, and fuzzed variations of
their files (values, characters, lines and indentation changed).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pytest
from benchmarks.synth import write_synthetic_roster
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from shifan.errors import Problem
from shifan.loader import registry as loading
from shifan.loader.bind import bind
from shifan.loader.quick import quick_read, quick_record
from shifan.loader.registry import DistrictsFile, TargetsFile, load_roster
from shifan.loader.yamlsafe import parse_yaml
from shifan.model import CalendarYear, Figure, Node, Notice, SiteInfo, Standard, Unit
from support import REPO, UNIT_YAML


def dump(value: Any) -> Any:
    """Everything a record holds, its locations and its values' exact types included."""
    if isinstance(value, Node):
        fields = {
            f.name: dump(getattr(value, f.name))
            for f in dataclasses.fields(value)
            if f.name not in ("loc", "field_locs")
        }
        locs = {key: value.field_locs[key] for key in value.field_locs}
        return (type(value).__name__, value.loc, locs, fields)
    if isinstance(value, tuple):
        return ("tuple", [dump(item) for item in value])
    if isinstance(value, Mapping):
        return ("dict", [(key, dump(item)) for key, item in value.items()])
    if isinstance(value, enum.Enum):
        return (type(value).__name__, value.value)
    assert value is None or isinstance(value, (str, int, float, bool, dt.date)), value
    return (type(value).__name__, value)


def record_class(path: str) -> type[Node]:
    where = "/" + path
    for marker, cls in (
        ("/units/", Unit),
        ("/figures/", Figure),
        ("/notices/", Notice),
        ("/standards/", Standard),
        ("/calendar/", CalendarYear),
        ("/districts.yaml", DistrictsFile),
        ("/targets.yaml", TargetsFile),
        ("/site.yaml", SiteInfo),
    ):
        if marker in where:
            return cls
    raise AssertionError(path)


def full(cls: type[Node], text: str, path: str) -> tuple[Node | None, list[Problem]]:
    node, problems = parse_yaml(text.encode("utf-8"), path, check_duplicates=False)
    if node is None:
        return None, problems
    record, more = bind(cls, node, path)
    return record, [*problems, *more]


def agree(cls: type[Node], text: str, path: str) -> bool:
    """Assert the two readers agree on `text`; True when the quick one accepted it."""
    quick = quick_record(cls, text, path)
    if quick is None:
        return False
    record, problems = full(cls, text, path)
    assert problems == [], f"the quick reader accepted a file with problems:\n{text}"
    assert dump(quick) == dump(record), text
    return True


def files_of(registry: Path) -> list[tuple[type[Node], str, str]]:
    found = []
    for file in sorted(registry.rglob("*.yaml")):
        path = file.relative_to(registry.parent).as_posix()
        found.append((record_class(path), file.read_text(encoding="utf-8"), path))
    return found


DEMO = files_of(REPO / "registry")


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory: pytest.TempPathFactory) -> list[tuple[type[Node], str, str]]:
    registry = tmp_path_factory.mktemp("synth") / "registry"
    write_synthetic_roster(registry, 120, 11)
    return files_of(registry)


def test_every_demo_record_file_is_read_quickly_and_identically() -> None:
    accepted = {path for cls, text, path in DEMO if agree(cls, text, path)}
    records = {path for _, _, path in DEMO if "/units/" in path or "/figures/" in path}
    records |= {path for _, _, path in DEMO if "/notices/" in path}
    assert len(records) > 50
    assert records <= accepted  # units, figures and notices: all of them
    # A `key:` left empty (a null) and `[a, b]` lists are left to the full reader.
    assert {path for _, _, path in DEMO} - accepted <= {
        "registry/site.yaml",
        "registry/targets.yaml",
        "registry/standards/enterprise.yaml",
    }


def test_a_synthetic_roster_is_read_quickly_and_identically(synthetic: list[Any]) -> None:
    assert all(agree(cls, text, path) for cls, text, path in synthetic if cls is Unit)
    assert sum(agree(cls, text, path) for cls, text, path in synthetic) >= len(synthetic) - 3


def test_the_loader_gives_the_same_roster_and_problems_without_the_quick_reader(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    registry = tmp_path / "registry"
    write_synthetic_roster(registry, 40, 5)
    broken = sorted((registry / "units").rglob("*.yaml"))[:3]
    broken[0].write_text(broken[0].read_text().replace("district: ", "distict: "))
    broken[1].write_text(broken[1].read_text().replace("applied_on: 20", "applied_on: 30"))
    broken[2].write_text(broken[2].read_text() + "name: again\n")
    quick_roster, quick_problems = load_roster(registry)
    monkeypatch.setattr(loading, "quick_read", lambda *args: None)
    full_roster, full_problems = load_roster(registry)
    assert len(quick_problems) >= 3
    assert quick_problems == full_problems
    for name in ("units", "figures", "notices", "districts", "standards", "calendar"):
        assert dump(getattr(quick_roster, name)) == dump(getattr(full_roster, name))
    assert dump(quick_roster.targets) == dump(full_roster.targets)
    assert quick_roster.unloaded == full_roster.unloaded


def test_bytes_that_are_not_utf8_are_left_to_the_full_reader() -> None:
    assert quick_read(Unit, "name: 郑州\n".encode("gbk"), "registry/units/park/x.yaml") is None


# ---------------------------------------------------------------------------- fuzzing

_VALUES = [
    "yes", "no", "on", "off", "true", "false", "null", "Null", "~", "''", '""', "' '",
    "12", "-3", "+4", "012", "0x1F", "1_000", "1:30", "9" * 17, "1e3", "1.5", ".5", ".inf",
    "2024-05-10", "2024-02-30", "1989-12-31", "2100-01-01", "2024-5-1", "2024-05-10T10:00:00",
    "'2024-05-10'", '"12"', "'yes'", '"a\\"b"', "'it''s'", "a: b", "a #b", "a#b", "a:b",
    "http://x.example/p", "[x]", "{a: b}", "{}", "- x", "?x", "%x", "@x", "`x", "!x", "&a x",
    "*a", "|", ">", "park", "municipal", "awarded", "passed", "jinshui", "市级", "郑州市",
    "a\u200bb", "\u3164", "郑州 ", " 郑州", "x\ty", "a,b", "a, b", "a}", "{a: b, c}",
]  # fmt: skip
_CHARACTERS = list("#:- {}[]'\"\\&*!|>,?%@`\t\u3000：\u200b\u00a0xé0")


@st.composite
def variations(draw: st.DrawFn, pool: list[tuple[type[Node], str, str]]) -> tuple[Any, ...]:
    cls, text, path = draw(st.sampled_from(pool))
    lines = text.split("\n")
    for _ in range(draw(st.integers(1, 3))):
        i = draw(st.integers(0, max(len(lines) - 1, 0)))
        line = lines[i] if lines else ""
        how = draw(st.integers(0, 9))
        if how == 0 and ": " in line:  # another value after some `key: `
            at = draw(st.sampled_from([n for n in range(len(line)) if line[n : n + 2] == ": "]))
            tail = line[at + 2 :]
            cut = min([n for n in (tail.find(","), tail.find("}")) if n >= 0], default=len(tail))
            line = line[: at + 2] + draw(st.sampled_from(_VALUES)) + tail[cut:]
        elif how == 1:  # a character inserted anywhere
            at = draw(st.integers(0, len(line)))
            line = line[:at] + draw(st.sampled_from(_CHARACTERS)) + line[at:]
        elif how == 2 and line:  # a character removed
            at = draw(st.integers(0, len(line) - 1))
            line = line[:at] + line[at + 1 :]
        elif how == 3:  # indented or dedented
            shift = draw(st.sampled_from([-2, -1, 1, 2]))
            line = " " * shift + line if shift > 0 else line[-shift:]
        elif how == 4 and lines:  # a line removed
            del lines[i]
            continue
        elif how == 5:  # a line repeated
            lines.insert(i, line)
        elif how == 6:  # a blank or comment line
            lines.insert(i, draw(st.sampled_from(["", "  ", "# note", "    # note", "#"])))
        elif how == 7:  # a key misspelt or swapped for another
            line = line.replace(draw(st.sampled_from(["type", "date", "name", "id"])), "nmae", 1)
        elif how == 8:  # list items written differently
            line = line.replace("- ", draw(st.sampled_from(["-", "-  ", "- - ", "-\t"])), 1)
        else:  # the end of the file
            text = "\n".join(lines)
            return cls, text.rstrip("\n") if draw(st.booleans()) else text + "\n\n", path
        if lines:
            lines[i] = line
    return cls, "\n".join(lines), path


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(variations(DEMO))
@example((Unit, "id: ZZ-PRK-0001\nkind: park\n- x\n", "registry/units/park/ZZ-PRK-0001.yaml"))
def test_variations_of_demo_files_are_read_identically_or_left_alone(case: Any) -> None:
    agree(*case)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_variations_of_synthetic_files_are_read_identically_or_left_alone(
    synthetic: list[Any], data: st.DataObject
) -> None:
    agree(*data.draw(variations(synthetic)))


# Pieces of values: plain letters, every YAML indicator, look-alikes, and the pieces a
# value needs to end a flow mapping early (`}note: a`) or hold a `: ` or ` #`.
_PIECES = [
    "a", "郑", "1", " ", ":", ": a", "#", " #", ",", ", a", "{", "}", "[", "]", "'", '"', "\\",
    "-", "- ", "&", "*", "!", "|", ">", "?", "%", "@", "`", "~", ".", "+", "\t", "\u3000",
    "：", "\u200b", "yes", "null", "2024-05-10", "}note: a",
]  # fmt: skip
_PLACES = (
    "name: {v}",  # a required text field
    "address: {v}",  # an optional text field
    "applied_on: {v}",  # a date
    "  office_area: {v}",  # a declared value (a number, yes/no or an attestation)
    "  - {{type: awarded, date: 2024-05-20, document: {v}}}",  # inside a flow mapping
    "  - {{type: awarded, date: 2024-05-20, document: a{v}",  # where the mapping closes
    "  -{v} {{type: listed, notice: GS-2024-01}}",  # a list item
)
_LINE_OF = {"name": 3, "address": 4, "applied_on": 6, "  office_area": 8, "  -": 15}


@pytest.mark.parametrize("place", _PLACES)
def test_every_value_of_one_or_two_pieces_anywhere_is_read_identically_or_left_alone(
    place: str,
) -> None:
    lines = UNIT_YAML.split("\n")
    at = next(n for prefix, n in _LINE_OF.items() if place.startswith(prefix))
    values = ["", *_PIECES, *(a + b for a in _PIECES for b in _PIECES)]
    accepted = 0
    for value in values:
        lines[at] = place.format(v=value)
        accepted += agree(Unit, "\n".join(lines), "registry/units/park/ZZ-PRK-0001.yaml")
    assert accepted  # some values are fine everywhere
