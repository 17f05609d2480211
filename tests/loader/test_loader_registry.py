"""Loading a registry folder: records, locations, identity and layout problems."""

from __future__ import annotations

from pathlib import Path

import pytest

from shifan.errors import Problem, RegistryError
from shifan.loader.registry import load_roster
from shifan.model import Attestation, Kind, Loc
from support import UNIT_YAML, small_registry


def codes(problems: list[Problem]) -> list[tuple[str, str, int]]:
    return sorted((p.code, p.loc.path, p.loc.line) for p in problems)


def test_small_registry_loads_with_locations(tmp_path: Path) -> None:
    roster, problems = load_roster(small_registry(tmp_path))
    assert problems == []
    unit = roster.units["ZZ-PRK-0001"]  # type: ignore[index]
    assert unit.kind is Kind.PARK
    assert unit.loc == Loc("registry/units/park/ZZ-PRK-0001.yaml", 1, 1)
    assert unit.at("district") == Loc("registry/units/park/ZZ-PRK-0001.yaml", 6, 11)
    assert unit.at("declared.office_area").line == 9
    assert unit.declared["office_area"] == 12000
    assert unit.declared["occupancy_pct"] == 62.5
    body = unit.declared["management_body"]
    assert isinstance(body, Attestation)
    assert body.attested is True
    assert body.loc.line == 12
    assert [e.type for e in unit.events] == ["recommended", "listed", "awarded"]
    assert unit.events[2].loc.line == 17
    assert set(roster.districts) == {"jinshui", "zhongmou", "hangkong"}
    assert roster.notices["GS-2024-01"].working_days == 5  # type: ignore[index]


def test_missing_registry_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(RegistryError, match="not found"):
        load_roster(tmp_path / "nope")


def test_id_must_match_file_name(tmp_path: Path) -> None:
    registry = small_registry(tmp_path, {"units/park/ZZ-PRK-0002.yaml": UNIT_YAML})
    _, problems = load_roster(registry)
    assert codes(problems) == [
        ("S301", "registry/units/park/ZZ-PRK-0002.yaml", 1),
        ("S304", "registry/units/park/ZZ-PRK-0002.yaml", 1),
    ]
    assert "does not match the file name `ZZ-PRK-0002.yaml`" in problems[0].message


def test_kind_must_match_folder(tmp_path: Path) -> None:
    text = UNIT_YAML.replace("ZZ-PRK-0001", "ZZ-ENT-0001")
    registry = small_registry(tmp_path, {"units/enterprise/ZZ-ENT-0001.yaml": text})
    _, problems = load_roster(registry)
    assert codes(problems) == [("S302", "registry/units/enterprise/ZZ-ENT-0001.yaml", 2)]


def test_duplicate_id_across_kind_folders(tmp_path: Path) -> None:
    text = UNIT_YAML.replace("kind: park", "kind: township")
    registry = small_registry(tmp_path, {"units/township/ZZ-PRK-0001.yaml": text})
    roster, problems = load_roster(registry)
    assert codes(problems) == [("S304", "registry/units/township/ZZ-PRK-0001.yaml", 1)]
    assert "registry/units/park/ZZ-PRK-0001.yaml:1:1" in problems[0].message
    assert roster.units["ZZ-PRK-0001"].kind is Kind.PARK  # type: ignore[index]


@pytest.mark.parametrize(
    ("rel", "reported"),
    [
        ("units/ZZ-PRK-0009.yaml", "units/ZZ-PRK-0009.yaml"),
        ("units/shop/ZZ-SHP-0001.yaml", "units/shop"),
        ("units/park/ZZ-PRK-0009.yml", "units/park/ZZ-PRK-0009.yml"),
        ("units/park/sub/x.yaml", "units/park/sub"),
        ("figures/notes.txt", "figures/notes.txt"),
        ("standards/shop.yaml", "standards/shop.yaml"),
        ("calendar/next.yaml", "calendar/next.yaml"),
        ("stray.json", "stray.json"),
    ],
)
def test_files_in_unexpected_places(tmp_path: Path, rel: str, reported: str) -> None:
    registry = small_registry(tmp_path, {rel: "x: 1\n"})
    _, problems = load_roster(registry)
    assert codes(problems) == [("S303", f"registry/{reported}", 1)]


def test_dotfiles_and_markdown_are_ignored(tmp_path: Path) -> None:
    registry = small_registry(
        tmp_path, {".gitkeep": "", "units/park/.DS_Store": "x", "README.md": "# roster"}
    )
    assert load_roster(registry)[1] == []


def test_record_that_fails_to_bind_is_left_out(tmp_path: Path) -> None:
    broken = UNIT_YAML.replace("level: municipal", "level: city")
    registry = small_registry(tmp_path, {"units/park/ZZ-PRK-0001.yaml": broken})
    roster, problems = load_roster(registry)
    assert codes(problems) == [("S204", "registry/units/park/ZZ-PRK-0001.yaml", 3)]
    assert "municipal, provincial, national" in problems[0].message
    assert roster.units == {}


def test_standards_calendar_and_targets(tmp_path: Path) -> None:
    registry = small_registry(
        tmp_path,
        {
            "standards/park.yaml": (
                "kind: park\ntitle: 园区标准\nversions:\n"
                "  - effective: 2016-06-01\n    document: 郑政办〔2016〕54号 附件1\n"
                "    criteria:\n      - {key: office_area, label: 办公面积, type: number,"
                " op: '>', value: 10000, unit: m², relaxed_when: hosts_leading_firm,"
                " relaxed_op: '>=', relaxed_value: 6000}\n"
            ),
            "standards/township.yaml": "kind: park\ntitle: t\nversions: []\n",
            "calendar/2027.yaml": (
                "year: 2027\ndocument: 国办发明电〔2026〕1号\nholidays: [2027-01-01]\n"
            ),
            "calendar/2028.yaml": "year: 2027\ndocument: d\nholidays: []\n",
            "targets.yaml": (
                "targets:\n  - year: 2020\n    document: 郑政办〔2016〕54号\n    items:\n"
                "      - {level: national, kinds: [park, training_base], label: 国家级基地,"
                " count: 3}\n"
            ),
        },
    )
    roster, problems = load_roster(registry)
    assert codes(problems) == [
        ("S301", "registry/calendar/2028.yaml", 1),
        ("S302", "registry/standards/township.yaml", 1),
    ]
    assert set(roster.standards) == {Kind.PARK, Kind.ENTERPRISE}  # township.yaml refused
    criterion = roster.standards[Kind.PARK].versions[0].criteria[0]
    assert (criterion.op, criterion.value, criterion.relaxed_value) == (">", 10000.0, 6000.0)
    assert set(roster.calendar) == {2027}
    assert roster.targets[0].items[0].kinds == (Kind.PARK, Kind.TRAINING_BASE)


def test_duplicate_district_ids(tmp_path: Path) -> None:
    text = "districts:\n  - {id: a, name: A, type: district}\n  - {id: a, name: B, type: zone}\n"
    roster, problems = load_roster(small_registry(tmp_path, {"districts.yaml": text}))
    assert codes(problems) == [("S304", "registry/districts.yaml", 3)]
    assert roster.districts["a"].name == "A"  # type: ignore[index]


def test_huge_file_is_reported_with_its_real_size_unread(tmp_path: Path) -> None:
    registry = small_registry(tmp_path)
    huge = registry / "notices" / "GS-2024-09.yaml"
    with huge.open("wb") as handle:
        handle.truncate(50 * 1024 * 1024)  # sparse: 50 MiB of zeros
    _, problems = load_roster(registry)
    assert codes(problems) == [("S105", "registry/notices/GS-2024-09.yaml", 1)]
    assert "52,428,800 bytes" in problems[0].message


def test_paths_are_relative_to_the_registry_parent_however_named(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    registry = small_registry(tmp_path, {"stray.txt": "x"})
    expected = [("S303", "registry/stray.txt", 1)]
    assert codes(load_roster(registry)[1]) == expected
    monkeypatch.chdir(registry)
    assert codes(load_roster(Path("."))[1]) == expected
    monkeypatch.chdir(registry / "units")
    assert codes(load_roster(Path("../../registry/"))[1]) == expected
