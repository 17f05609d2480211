"""Hostile values in roster text: each is a coded problem at its line, never a traceback.

Regression tests for values that used to raise (explicit tags, huge integers, dates near
year 9999) or were accepted silently (invisible characters, blank names, base-60 and octal
numbers, absurd dates, names too long for a plaque, look-alike duplicate names).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from shifan.cli import main
from shifan.plaques.limits import MAX_NAME_CHARS, PLAQUE_NAME_BOX, name_capacity
from support import NOTICE_YAML, UNIT_YAML, small_registry

UNIT = "units/park/ZZ-PRK-0001.yaml"
NOTICE = "notices/GS-2024-01.yaml"


def _run(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], files: dict[str, str | bytes]
) -> tuple[int, list[tuple[str, str, int]]]:
    """`shifan check` in-process: exit code and (code, path, line) of every problem."""
    registry = small_registry(tmp_path, files)
    code = main(["check", "--registry", str(registry), "--today", "2026-11-27", "--format", "json"])
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err
    document = json.loads(captured.out) if captured.out else {"problems": []}
    return code, [
        (p["code"], p["path"].removeprefix("registry/"), p["line"]) for p in document["problems"]
    ]


def _unit(replace: str, by: str) -> str:
    assert replace in UNIT_YAML
    return UNIT_YAML.replace(replace, by, 1)


TAGS = [
    "!!bool maybe",
    "!!bool yes",
    "!!timestamp not-a-date",
    "!!timestamp 2024-01-01",
    "!!binary aGVsbG8=",
    "!!set {a: null}",
    "!!omap [{a: 1}]",
    "!!pairs [{a: 1}]",
    "!!float ''",
    "!!float x",
    "!!int ''",
    "!!int 12",
    "!!null x",
    "!!str x",
    "!!str {a: 1}",
    "!!map x",
    "!!seq x",
    "!!python/object/apply:os.system ['true']",
    "!!python/name:os.system",
    "!custom x",
    "! x",
]


@pytest.mark.parametrize(
    ("field", "tagged"),
    [
        *(("name", tag) for tag in TAGS),
        ("applied_on", "!!timestamp not-a-date"),
        ("applied_on", "!!str 2024-03-01"),
        ("occupancy_pct", "!!bool maybe"),
        ("occupancy_pct", "!!float ''"),
        ("occupancy_pct", "!!int ''"),
    ],
)
def test_yaml_tag_value_raises_traceback(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], tagged: str, field: str
) -> None:
    lines = UNIT_YAML.splitlines()
    line = next(i for i, text in enumerate(lines) if text.strip().startswith(f"{field}:"))
    indent = lines[line][: len(lines[line]) - len(lines[line].lstrip())]
    lines[line] = f"{indent}{field}: {tagged}"
    code, found = _run(tmp_path, capsys, {UNIT: "\n".join(lines) + "\n"})
    assert code == 1
    assert ("S107", UNIT, line + 1) in found


@pytest.mark.parametrize(
    ("replace", "by", "expected"),
    [
        ("office_area: 12000", "office_area: " + "9" * 5000, "S206"),
        ("office_area: 12000", "office_area: " + "9" * 400 + ".5", "S206"),
        ("office_area: 12000", "office_area: -" + "9" * 40, "S206"),
        ("office_area: 12000", "office_area: 1e400", "S203"),
        ("office_area: 12000", "office_area: 1.0e+400", "S206"),
        ("office_area: 12000", "office_area: .nan", "S203"),
        ("office_area: 12000", "office_area: -.inf", "S203"),
        ("date: 2024-05-20, document", "date: " + "2" * 3000 + ", document", "S401"),
        ("- {type: recommended,", "- {amount_cny: " + "7" * 3000 + ", type: recommended,", "S206"),
    ],
)
def test_huge_integers_raise_traceback(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], replace: str, by: str, expected: str
) -> None:
    code, found = _run(tmp_path, capsys, {UNIT: _unit(replace, by)})
    assert code == 1
    line = next(i for i, t in enumerate(_unit(replace, by).splitlines(), 1) if by[:10] in t)
    assert (expected, UNIT, line) in found


@pytest.mark.parametrize(
    ("place", "text", "line"),
    [
        ("figures/ZZ-FIG-0001.yaml", "year: 99999999999", 5),
        ("figures/ZZ-FIG-0001.yaml", "year: 9999", 5),
        ("figures/ZZ-FIG-0001.yaml", "year: -2024", 5),
        (UNIT, "applied_on: 9999-12-31", 7),
        (UNIT, "applied_on: 0001-01-01", 7),
        (UNIT, "applied_on: '9999-12-31'", 7),
        (UNIT, "applied_on: 1989-12-31", 7),
    ],
)
def test_absurd_dates_and_years_accepted_silently(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], place: str, text: str, line: int
) -> None:
    if place == UNIT:
        content = _unit("applied_on: 2024-03-01", text)
    else:
        content = (
            "id: ZZ-FIG-0001\nname: 张三\naffiliation: 郑州示例公司\nfield_of_work: 跨境电商\n"
            f"{text}\ncitation: 示例\n"
        )
    code, found = _run(tmp_path, capsys, {place: content})
    assert code == 1
    assert ("S407", place, line) in found


@pytest.mark.parametrize(
    ("place", "content", "line"),
    [
        (UNIT, _unit("date: 2024-05-20, document", "date: 9999-12-31, document"), 17),
        (UNIT, _unit("recommended, date: 2024-03-10", "recommended, date: 0001-01-01"), 15),
        (NOTICE, NOTICE_YAML.replace("published: 2024-05-06", "published: 9999-12-31"), 3),
        (NOTICE, NOTICE_YAML.replace("working_days: 5", "ends: 9999-12-31"), 4),
        ("calendar/9999.yaml", "year: 9999\ndocument: x\nholidays: [9999-12-31]\n", 1),
        ("calendar/2027.yaml", "year: 2027\ndocument: x\nholidays: [9999-12-31]\n", 3),
    ],
)  # fmt: skip
def test_date_arithmetic_overflow_near_year_9999(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], place: str, content: str, line: int
) -> None:
    code, found = _run(tmp_path, capsys, {place: content})
    assert code == 1
    assert ("S407", place, line) in found


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("serial: 054", "S205"),  # octal: would be 44
        ("serial: 1:30", "S205"),  # base 60: would be 90
        ("serial: 0x36", "S205"),
        ("serial: 1_000", "S205"),
        ("serial: 0b11", "S205"),
        ("serial: +54", None),
    ],
)
def test_sexagesimal_and_octal_numbers_accepted_silently(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], text: str, code: str | None
) -> None:
    event = f"  - {{type: plaque_voided, date: 2024-06-01, {text}, reason: lost}}\n"
    _, found = _run(tmp_path, capsys, {UNIT: UNIT_YAML + event})
    if code is None:
        assert not [f for f in found if f[0] in ("S205", "S203")]
    else:
        assert (code, UNIT, 18) in found


@pytest.mark.parametrize("declared", ["office_area: 012", "occupancy_pct: 1:02.5", "x: 1_0.5"])
def test_octal_and_base60_declared_values_accepted_silently(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], declared: str
) -> None:
    content = _unit("  office_area: 12000\n", f"  office_area: 12000\n  {declared}\n").replace(
        "  office_area: 12000\n  office_area", "  office_area"
    )
    code, found = _run(tmp_path, capsys, {UNIT: content})
    assert code == 1
    line = content.splitlines().index(f"  {declared}") + 1
    assert ("S205", UNIT, line) in found


INVISIBLE = [
    "\u200b",
    "\u200c",
    "\u200d",
    "\u2060",
    "\ufeff",
    "\u202a",
    "\u202b",
    "\u202c",
    "\u202d",
    "\u202e",
    "\u2066",
    "\u2067",
    "\u2068",
    "\u2069",
    "\u00ad",
    "\u3164",
]
CONTROLS = ["\x00", "\x07", "\x1b", "\x7f", "\x85", "\x9b", "\u2028", "\u2029", "\n", "\t"]


@pytest.mark.parametrize("char", INVISIBLE + CONTROLS)
def test_invisible_characters_accepted_silently(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], char: str
) -> None:
    escaped = char.encode("unicode_escape").decode("ascii")  # "\u202e" written in the file
    content = _unit("name: 郑州示例电子商务产业园", f'name: "郑州示例{escaped}电子商务产业园"')
    code, found = _run(tmp_path, capsys, {UNIT: content})
    assert code == 1
    assert ("S108", UNIT, 4) in found
    if char not in CONTROLS:  # written raw: refused wherever it is, comments included
        raw = _unit("name: 郑州示例电子商务产业园", f"name: 郑州示例{char}电子商务产业园")
        code, found = _run(tmp_path, capsys, {UNIT: raw + f"# {char}\n"})
        assert code == 1
        assert ("S108", UNIT, 4) in found


def test_multiline_fields_keep_newlines_and_tabs(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    notice = NOTICE_YAML.replace(
        "    achievements: 入驻电商企业120家",
        '    achievements: "入驻电商企业120家\\n\\t年交易额30亿元"',
    )
    code, found = _run(tmp_path, capsys, {"notices/GS-2024-01.yaml": notice})
    assert code == 0, found


@pytest.mark.parametrize("blank", ['""', "''", '"   "', '"\u3000\u3000"', '" \\t "'])
def test_blank_required_text_accepted_silently(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], blank: str
) -> None:
    code, found = _run(
        tmp_path, capsys, {UNIT: _unit("name: 郑州示例电子商务产业园", f"name: {blank}")}
    )
    assert code == 1
    assert {("S202", UNIT, 4), ("S108", UNIT, 4)} & set(found)


def test_zero_width_space_slips_past_duplicate_name(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from shifan.rules.identity import name_key

    assert name_key("郑州示例\u200b电子商务产业园") == name_key("郑州示例电子商务产业园")
    assert name_key("郑州ＡＢＣ１２３园") == name_key("郑州abc123园")
    assert name_key("郑州 示例\u3000园") == name_key("郑州示例园")
    assert name_key("郑州示例园") != name_key("郑州示范园")
    twin = (
        UNIT_YAML.replace("ZZ-PRK-0001", "ZZ-PRK-0002")
        .replace("name: 郑州示例电子商务产业园", "name: 郑州示例电子商务产业园　")
        .replace("91410100MA0000000T", "91410100MA00000012")
    )
    fullwidth = twin.replace("ZZ-PRK-0002", "ZZ-PRK-0003").replace(
        "name: 郑州示例电子商务产业园　", "name: 郑州示例电子商务产业园 "
    )
    _, found = _run(
        tmp_path,
        capsys,
        {"units/park/ZZ-PRK-0002.yaml": twin, "units/park/ZZ-PRK-0003.yaml": fullwidth},
    )
    assert ("S313", "units/park/ZZ-PRK-0002.yaml", 4) in found
    assert ("S313", "units/park/ZZ-PRK-0003.yaml", 4) in found


def test_names_too_long_to_print_on_a_plaque(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert MAX_NAME_CHARS == name_capacity(PLAQUE_NAME_BOX) == 66
    longest = "郑" * MAX_NAME_CHARS
    code, found = _run(tmp_path, capsys, {UNIT: _unit("郑州示例电子商务产业园", longest)})
    assert not [f for f in found if f[0] == "S207"]
    code, found = _run(tmp_path, capsys, {UNIT: _unit("郑州示例电子商务产业园", longest + "园")})
    assert code == 1
    assert ("S207", UNIT, 4) in found


def test_date_arithmetic_from_the_last_accepted_date(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Bars, review dates and working days computed from 2099-12-31 stay computable."""
    events = (
        "  - {type: review, date: 2099-12-30, result: passed, document: 复审}\n"
        "  - {type: revoked, date: 2099-12-31, reason: falsified, document: 撤销}\n"
        "  - {type: reapplied, date: 2099-12-31}\n"
    )
    notice = NOTICE_YAML.replace("published: 2024-05-06", "published: 2099-12-31")
    code, found = _run(tmp_path, capsys, {UNIT: UNIT_YAML + events, NOTICE: notice})
    assert code == 1
    assert any(f[:2] == ("S402", NOTICE) for f in found)  # 2100's schedule is unknown
    assert any(f[0] == "S520" for f in found)  # the 3-year bar, counted past 2099
