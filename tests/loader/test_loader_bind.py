"""The generic binder: scalar conventions, unions, locations, and the fast constructor."""

from __future__ import annotations

import dataclasses
import datetime as dt

import yaml

from shifan.loader.bind import bind
from shifan.loader.yamlsafe import parse_yaml
from shifan.model import Attestation, CalendarYear, Event, Loc, Unit

PATH = "registry/units/park/ZZ-PRK-0001.yaml"
UNIT = """\
id: ZZ-PRK-0001
kind: park
level: municipal
name: 郑州示例园区
district: jinshui
applied_on: '2024-03-01'
declared:
  office_area: 16
  occupancy_pct: 62
  ratio: 0.5
  broadband_all: yes
  body: {attested: true}
events:
  - type: data_report
    date: 2025-01-15
    period: 2024
    figures: {sales: 1000, share: 12.5}
"""


def _bind(cls: type, text: str):  # type: ignore[no-untyped-def]
    node, problems = parse_yaml(text.encode(), PATH)
    assert node is not None, problems
    return bind(cls, node, PATH)


def test_scalar_conventions_and_declared_union() -> None:
    unit, problems = _bind(Unit, UNIT)
    assert problems == []
    assert unit.applied_on == dt.date(2024, 3, 1)  # a quoted date is a date too
    assert unit.declared == {
        "office_area": 16,
        "occupancy_pct": 62,
        "ratio": 0.5,
        "broadband_all": True,
        "body": Attestation(attested=True),
    }
    assert type(unit.declared["occupancy_pct"]) is int
    event = unit.events[0]
    assert event.period == "2024"  # an unquoted number in a text field is kept verbatim
    assert event.figures == {"sales": 1000.0, "share": 12.5}


def test_field_locs_for_fields_entries_and_items() -> None:
    unit, _ = _bind(Unit, UNIT)
    assert unit.loc == Loc(PATH, 1, 1)
    assert unit.at("name") == Loc(PATH, 4, 7)
    assert unit.at("declared.ratio") == Loc(PATH, 10, 10)
    assert unit.at("events[0]") == Loc(PATH, 14, 5)
    assert unit.events[0].at("figures.share") == Loc(PATH, 17, 35)
    assert unit.at("no_such_field") == unit.loc
    assert set(unit.field_locs) >= {"id", "declared", "declared.body", "events[0]"}


def test_fast_constructor_matches_the_dataclass_constructor() -> None:
    unit, _ = _bind(Unit, UNIT)
    fields = {f.name: getattr(unit, f.name) for f in dataclasses.fields(unit)}
    assert Unit(**fields) == unit
    assert unit.credit_code is None
    assert unit.hosts_leading_firm is False
    rebuilt = dataclasses.replace(unit, name="别名")
    assert rebuilt.name == "别名"
    # defaults made by factories are fresh objects, not shared between records
    cal1, _ = _bind(CalendarYear, "year: 2027\ndocument: d\nholidays: []\n")
    cal2, _ = _bind(CalendarYear, "year: 2028\ndocument: d\nholidays: []\n")
    assert cal1.workdays == cal2.workdays == ()
    assert cal1.field_locs is not cal2.field_locs


def test_all_problems_of_a_record_are_reported() -> None:
    text = "type: data_report\ndate: 2024-13-01\nserial: seven\nform: poster\nbogus: 1\n"
    event, problems = _bind(Event, text)
    assert event is None
    assert [(p.code, p.loc.line) for p in problems] == [
        ("S401", 2),
        ("S203", 3),
        ("S204", 4),
        ("S201", 5),
    ]
    assert "plaque, certificate" in problems[2].message


def test_explicit_null_for_optional_and_required() -> None:
    event, problems = _bind(Event, "type: awarded\ndocument:\n")
    assert problems == []
    assert event.document is None
    _, problems = _bind(Event, "type:\n")
    assert [(p.code, p.message) for p in problems] == [
        ("S202", "required field `type` of Event is empty")
    ]


def test_text_field_refuses_yes_no_but_accepts_quoted() -> None:
    _, problems = _bind(Event, "type: awarded\ndocument: off\n")
    assert [p.code for p in problems] == ["S203"]
    assert "'off'" in problems[0].hint
    event, problems = _bind(Event, "type: awarded\ndocument: 'off'\n")
    assert (event.document, problems) == ("off", [])


def test_non_scalar_key_is_a_problem_not_a_crash() -> None:
    node, _ = parse_yaml(b"? [a, b]\n: 1\ntype: awarded\n", PATH)
    assert isinstance(node, yaml.MappingNode)
    event, problems = bind(Event, node, PATH)
    assert event is None
    assert [p.code for p in problems] == ["S203"]


def test_binder_reports_each_repeated_key_once() -> None:
    text = (
        "type: data_report\ndate: 2025-01-01\ndate: 2025-01-02\ndate: 2025-01-03\n"
        "figures: {a: 1, a: 2}\n"
    )
    node, problems = parse_yaml(text.encode(), PATH, check_duplicates=False)
    assert node is not None
    assert problems == []
    event, problems = bind(Event, node, PATH)
    assert event is None
    assert [(p.code, p.loc.line, p.message) for p in problems] == [
        ("S102", 3, "duplicate key `date` (first at line 2, again at line 3)"),
        ("S102", 4, "duplicate key `date` (first at line 2, again at line 4)"),
        ("S102", 5, "duplicate key `a` (first at line 5, again at line 5)"),
    ]
