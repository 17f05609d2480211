"""Schema-aware fuzzing: a hostile value in any field of any record, through `shifan check`.

The slots are found by walking the dataclasses of `shifan.model` alongside the demo roster
(a copy, plus a calendar override): every field of every record type, nested ones included
(events of every `type`, notice entries, objections, decision and channel, criteria, target
items, districts, calendar years), present or not. Hypothesis puts one value from a hostile
set into one slot of a valid record and runs the real CLI in-process. Whatever the value,
the exit code is 0 or 1 and nothing raises; where the value cannot be valid for the field,
the exit code is 1 with a problem at the file and line of the value.
"""

from __future__ import annotations

import copy
import dataclasses
import datetime as dt
import enum
import json
import re
import shutil
import types
import typing
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from shifan import model
from shifan.cli import main
from shifan.loader.registry import DistrictsFile, TargetsFile
from support import REPO

PLACEHOLDER = "HOSTILE-VALUE-PLACEHOLDER"
CALENDAR = "year: 2027\ndocument: 国办发明电〔2026〕1号\nholidays: [2027-01-01]\nworkdays: []\n"
TODAY = "2026-11-27"

# (YAML written after `field: `, kind). Kinds decide which fields may legitimately take it.
TAGS = [
    "!!bool maybe",
    "!!bool yes",
    "!!timestamp x",
    "!!timestamp 2024-01-01",
    "!!binary aGk=",
    "!!set {a: null}",
    "!!omap [{a: 1}]",
    "!!pairs [{a: 1}]",
    "!!float x",
    "!!float ''",
    "!!int x",
    "!!int ''",
    "!!null x",
    "!!str x",
    "!!str {a: 1}",
    "!!map {a: 1}",
    "!!seq [1]",
    "!!python/object/apply:os.system ['true']",
    "!!python/name:os.system",
    "!custom x",
    "! x",
]
VALUES: list[tuple[str, str]] = [
    *((tag, "always") for tag in TAGS),
    ('"郑州\\u202e示例"', "always"),
    ('"\\x1b[31m红"', "always"),
    ('"\\u200b"', "always"),
    ('"a\\0b"', "always"),
    ('"\\a"', "always"),
    ('"\\ufeff郑州"', "always"),
    ("郑州\u2066示例\u2069", "always"),  # raw in the file
    ("郑州\u200b示例", "always"),
    ("9" * 3000, "number"),
    ("-" + "9" * 40, "number"),
    ("1.0e+400", "number"),
    ("1e400", "number"),
    (".nan", "number"),
    (".inf", "number"),
    ("-.inf", "number"),
    ("1:30", "number"),
    ("012", "number"),
    ("0x1F", "number"),
    ("1_000", "number"),
    ("-7", "negative"),
    ("2.5", "float"),
    ("9999-12-31", "date"),
    ("0001-01-01", "date"),
    ("'9999-12-31'", "date"),
    ("2099-12-31", "edge date"),  # the last date accepted: arithmetic from it must not fail
    ("1990-01-01", "edge date"),
    ("null", "null"),
    ("~", "null"),
    ("[1, 2]", "list"),
    ("[]", "list"),
    ("{a: 1}", "map"),
    ("{}", "map"),
    ('""', "blank"),
    ('"   "', "blank"),
    ("'\u3000'", "blank"),
]

_CJK = re.compile(r"[\u4e00-\u9fff]")


@dataclasses.dataclass(frozen=True)
class Slot:
    file: str  # relative to the registry
    path: tuple[str | int, ...]  # to the mapping that holds the field
    field: str
    owner: str  # dataclass name (or `<Field>[]` for an entry of a mapping field)
    shape: str  # str, int, number, bool, date, choice, list, map
    required: bool


def _shape(tp: Any) -> tuple[str, bool]:
    """The kind of value a type hint takes, and whether it accepts null."""
    args = typing.get_args(tp)
    optional = typing.get_origin(tp) in (types.UnionType, typing.Union) and type(None) in args
    if optional:
        rest = tuple(a for a in args if a is not type(None))
        tp = rest[0] if len(rest) == 1 else typing.Union[rest]  # noqa: UP007
    tp = getattr(tp, "__supertype__", tp)
    origin, args = typing.get_origin(tp), typing.get_args(tp)
    if tp is str:
        shape = "str"
    elif tp is bool:
        shape = "bool"
    elif tp is int:
        shape = "int"
    elif tp is float:
        shape = "number"
    elif tp is dt.date:
        shape = "date"
    elif origin is typing.Literal or (isinstance(tp, type) and issubclass(tp, enum.Enum)):
        shape = "choice"
    elif origin is tuple:
        shape = "list"
    elif origin in (Mapping, dict) or dataclasses.is_dataclass(tp):
        shape = "map"
    elif origin in (types.UnionType, typing.Union):  # DeclaredValue: number, bool, attestation
        shape = "number"
    else:  # pragma: no cover - a new kind of field: teach the fuzzer
        raise AssertionError(f"unknown field type {tp!r}")
    return shape, optional


def _fields(cls: Any) -> Iterator[tuple[str, Any, bool]]:
    hints = typing.get_type_hints(cls)
    for f in dataclasses.fields(cls):
        if f.name in ("loc", "field_locs"):
            continue
        has_default = f.default is not dataclasses.MISSING
        has_default |= f.default_factory is not dataclasses.MISSING
        yield f.name, hints[f.name], not has_default


def _inner(tp: Any) -> Any:
    args = [a for a in typing.get_args(tp) if a is not type(None)]
    return args[0] if len(args) == 1 and typing.get_args(tp) else tp


def _walk(file: str, data: Any, cls: Any, path: tuple[str | int, ...]) -> Iterator[Slot]:
    """Every field of `cls` at `path` (present or not), then the records nested in it."""
    if not isinstance(data, dict):
        return
    owner = cls.__name__ + (f"[{data['type']}]" if cls is model.Event else "")
    for name, tp, required in _fields(cls):
        shape, optional = _shape(tp)
        yield Slot(file, path, name, owner, shape, required and not optional)
        value, inner = data.get(name), _inner(tp)
        origin, args = typing.get_origin(inner), typing.get_args(inner)
        if dataclasses.is_dataclass(inner):
            yield from _walk(file, value, inner, (*path, name))
        elif origin is tuple and dataclasses.is_dataclass(args[0]) and isinstance(value, list):
            for i, item in enumerate(value):
                yield from _walk(file, item, args[0], (*path, name, i))
        elif origin in (Mapping, dict) and isinstance(value, dict):
            for key in value:
                entry, _ = _shape(args[1])
                yield Slot(file, (*path, name), key, f"{owner}.{name}[]", entry, True)
                nested = [a for a in typing.get_args(args[1]) if dataclasses.is_dataclass(a)]
                if nested:  # a declared attestation
                    yield from _walk(file, value[key], nested[0], (*path, name, key))


def _record_class(rel: str) -> Any:
    top = rel.split("/")[0]
    return {
        "units": model.Unit,
        "figures": model.Figure,
        "notices": model.Notice,
        "standards": model.Standard,
        "calendar": model.CalendarYear,
        "districts.yaml": DistrictsFile,
        "targets.yaml": TargetsFile,
        "site.yaml": model.SiteInfo,
    }[top]


def _demo_slots() -> list[Slot]:
    """One slot per (record type, field), first occurrence in the demo roster."""
    seen: dict[tuple[str, str, str], Slot] = {}
    registry = REPO / "registry"
    files = sorted(p.relative_to(registry).as_posix() for p in registry.rglob("*.yaml"))
    texts = {rel: (registry / rel).read_text(encoding="utf-8") for rel in files}
    texts["calendar/2027.yaml"] = CALENDAR
    for rel, text in texts.items():
        for slot in _walk(rel, yaml.safe_load(text), _record_class(rel), ()):
            seen.setdefault((rel.split("/")[0], slot.owner, slot.field), slot)
    return list(seen.values())


SLOTS = _demo_slots()


def _legitimate(kind: str, slot: Slot) -> bool:
    """True when the value may be valid for the slot (then exit 0 is fine)."""
    if kind == "always":
        return False
    if kind == "null":
        return not slot.required
    if kind == "list":
        return slot.shape == "list"
    if kind == "map":
        return slot.shape == "map"
    if slot.shape == "date":
        return kind == "edge date"
    if slot.shape == "str":  # a text field keeps unquoted numbers and dates verbatim
        return kind != "blank" or not slot.required
    if slot.shape == "int":
        return kind == "negative"
    if slot.shape == "number":
        return kind in ("negative", "float")
    return False


def _set(data: Any, slot: Slot) -> Any:
    data = copy.deepcopy(data)
    target = data
    for step in slot.path:
        target = target[step]
    target[slot.field] = PLACEHOLDER
    return data


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the demo roster (and keys), every file re-dumped, plus a calendar year."""
    root = tmp_path_factory.mktemp("fuzz")
    registry = root / "registry"
    shutil.copytree(REPO / "registry", registry, ignore=shutil.ignore_patterns("README.md"))
    shutil.copytree(REPO / "keys", root / "keys")
    (registry / "calendar").mkdir()
    (registry / "calendar" / "2027.yaml").write_text(CALENDAR, encoding="utf-8")
    for file in registry.rglob("*.yaml"):
        file.write_text(_dump(yaml.safe_load(file.read_text(encoding="utf-8"))), "utf-8")
    return registry


def _dump(data: Any) -> str:
    return yaml.safe_dump(
        data, allow_unicode=True, sort_keys=False, default_flow_style=False, width=10**6
    )


def _check(registry: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, list[Any]]:
    code = main(["check", "--registry", str(registry), "--today", TODAY, "--format", "json"])
    out, err = capsys.readouterr()
    assert "Traceback" not in err
    problems = json.loads(out)["problems"]
    untranslated = [p["code"] for p in problems if not _CJK.search(p["message"])]
    assert untranslated == [], "every problem has a Chinese message"
    return code, problems


def test_redumped_demo_roster_is_valid(demo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, problems = _check(demo, capsys)
    assert code == 0, problems


def test_slots_cover_every_field_of_every_record_type() -> None:
    def reachable(cls: Any, found: set[tuple[str, str]]) -> None:
        for name, tp, _ in _fields(cls):
            if (cls.__name__, name) in found:
                continue
            found.add((cls.__name__, name))
            inner = _inner(tp)
            args = typing.get_args(inner)
            for candidate in (inner, *args, *(typing.get_args(a) for a in args)):
                for c in candidate if isinstance(candidate, tuple) else (candidate,):
                    if dataclasses.is_dataclass(c):
                        reachable(c, found)

    expected: set[tuple[str, str]] = set()
    for cls in (model.Unit, model.Figure, model.Notice, model.Standard, model.CalendarYear):
        reachable(cls, expected)
    reachable(DistrictsFile, expected)
    reachable(TargetsFile, expected)
    covered = {(s.owner.split("[")[0], s.field) for s in SLOTS if "[]" not in s.owner}
    assert expected <= covered, sorted(expected - covered)
    event_types = {s.owner for s in SLOTS if s.owner.startswith("Event[") and "[]" not in s.owner}
    all_types = typing.get_args(typing.get_type_hints(model.Event)["type"])
    assert event_types == {f"Event[{t}]" for t in all_types}


def _one(demo: Path, capsys: pytest.CaptureFixture[str], slot: Slot, value: str, kind: str) -> None:
    file = demo / slot.file
    original = file.read_text(encoding="utf-8")
    text = _dump(_set(yaml.safe_load(original), slot))
    line = text[: text.index(PLACEHOLDER)].count("\n") + 1
    file.write_text(text.replace(PLACEHOLDER, value), encoding="utf-8")
    try:
        code, problems = _check(demo, capsys)
    finally:
        file.write_text(original, encoding="utf-8")
    assert code in (0, 1)
    if _legitimate(kind, slot):
        return
    assert code == 1
    here = [(p["code"], p["line"]) for p in problems if p["path"] == f"registry/{slot.file}"]
    assert any(row == line for _, row in here), (slot, value, line, here)


FUZZ = settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@settings(FUZZ, derandomize=True)
@given(st.sampled_from(SLOTS), st.sampled_from(VALUES))
def test_hostile_value_in_any_field_fixed_seed(
    demo: Path, capsys: pytest.CaptureFixture[str], slot: Slot, value: tuple[str, str]
) -> None:
    _one(demo, capsys, slot, *value)


@FUZZ
@given(st.sampled_from(SLOTS), st.sampled_from(VALUES))
def test_hostile_value_in_any_field(
    demo: Path, capsys: pytest.CaptureFixture[str], slot: Slot, value: tuple[str, str]
) -> None:
    _one(demo, capsys, slot, *value)
