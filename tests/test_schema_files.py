"""The committed JSON Schemas equal the generated ones, and registry files validate."""

from __future__ import annotations

import functools
import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

from shifan.cli import main
from shifan.schema import RECORD_TYPES, all_schemas, schema_for
from support import DISTRICTS_YAML, NOTICE_YAML, REPO, UNIT_YAML

SCHEMAS = REPO / "schemas"


class _Json12Loader(yaml.SafeLoader):
    """YAML as an editor's JSON-Schema check sees it: dates stay strings."""


_Json12Loader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def _load(text: str) -> Any:
    return yaml.load(text, Loader=_Json12Loader)


@functools.cache
def _validator(name: str) -> jsonschema.protocols.Validator:
    schema = json.loads((SCHEMAS / f"{name}.schema.json").read_text(encoding="utf-8"))
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema)


def test_committed_schemas_are_up_to_date() -> None:
    committed = {p.name: p.read_text(encoding="utf-8") for p in SCHEMAS.glob("*.schema.json")}
    assert committed == all_schemas(), "run `shifan schema --out schemas` and commit"


def test_schema_command_writes_every_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["schema", "--out", str(tmp_path / "out")]) == 0
    written = sorted(p.name for p in (tmp_path / "out").iterdir())
    assert written == sorted(f"{name}.schema.json" for name in RECORD_TYPES)
    assert capsys.readouterr().out.count(".schema.json") == len(RECORD_TYPES)


def test_schema_describes_required_fields_and_enums() -> None:
    unit = schema_for("unit")
    assert unit["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert {"id", "kind", "level", "name", "district", "applied_on"} <= set(unit["required"])
    assert unit["additionalProperties"] is False
    event = unit["$defs"]["Event"]
    assert "awarded" in event["properties"]["type"]["enum"]
    assert event["required"] == ["type"]


def _registry_files() -> list[tuple[str, Path]]:
    registry = REPO / "registry"
    found = [("unit", p) for p in sorted(registry.glob("units/*/*.yaml"))]
    found += [("figure", p) for p in sorted(registry.glob("figures/*.yaml"))]
    found += [("notice", p) for p in sorted(registry.glob("notices/*.yaml"))]
    found += [("standard", p) for p in sorted(registry.glob("standards/*.yaml"))]
    found += [("calendar", p) for p in sorted(registry.glob("calendar/*.yaml"))]
    found += [(n, registry / f"{n}.yaml") for n in ("districts", "targets")]
    return [(n, p) for n, p in found if p.exists()]


def test_demo_registry_files_validate() -> None:
    files = _registry_files()
    assert len(files) >= 10, "the demo roster is expected under registry/"
    failures = []
    for name, path in files:
        for error in _validator(name).iter_errors(_load(path.read_text(encoding="utf-8"))):
            failures.append(f"{path.relative_to(REPO)}: {error.json_path}: {error.message}")
    assert failures == []


@pytest.mark.parametrize(
    ("name", "text"),
    [("unit", UNIT_YAML), ("notice", NOTICE_YAML), ("districts", DISTRICTS_YAML)],
)
def test_fixture_files_validate(name: str, text: str) -> None:
    assert list(_validator(name).iter_errors(_load(text))) == []


def test_schema_rejects_what_the_loader_rejects() -> None:
    bad = _load(UNIT_YAML.replace("level: municipal", "level: city").replace("name:", "nmae:"))
    messages = sorted(e.message for e in _validator("unit").iter_errors(bad))
    assert any("'city' is not one of" in m for m in messages)
    assert any("nmae" in m for m in messages)
