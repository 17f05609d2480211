"""JSON Schemas (draft 2020-12) for registry files, generated from `shifan.model`.

The dataclasses are the single source of truth: the loader binds YAML to them and these
schemas are derived from the same type hints, so an editor with the YAML language server
completes and checks exactly the fields the loader accepts. `shifan schema --out schemas`
writes them; a test keeps the committed copies equal to what this module generates.

The schemas accept what the loader accepts (text fields take an unquoted number, kept
verbatim), except that booleans want `true`/`false` where the loader also takes `yes`/`no`.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
import inspect
import json
import types
import typing
from collections.abc import Mapping
from typing import Any

from shifan.loader.registry import DistrictsFile, TargetsFile
from shifan.model import CalendarYear, Figure, Notice, SiteInfo, Standard, Unit

DRAFT = "https://json-schema.org/draft/2020-12/schema"
DATE_PATTERN = r"^\d{4}-\d{2}-\d{2}$"

RECORD_TYPES: Mapping[str, type[Any]] = {
    "unit": Unit,
    "figure": Figure,
    "notice": Notice,
    "districts": DistrictsFile,
    "targets": TargetsFile,
    "standard": Standard,
    "calendar": CalendarYear,
    "site": SiteInfo,
}
"""Schema name (file `schemas/<name>.schema.json`) → the dataclass a file binds to."""

FILES: Mapping[str, str] = {
    "unit": "registry/units/<kind>/<id>.yaml",
    "figure": "registry/figures/<id>.yaml",
    "notice": "registry/notices/<id>.yaml",
    "districts": "registry/districts.yaml",
    "targets": "registry/targets.yaml",
    "standard": "registry/standards/<kind>.yaml",
    "calendar": "registry/calendar/<year>.yaml",
    "site": "registry/site.yaml",
}


class _Builder:
    def __init__(self) -> None:
        self.defs: dict[str, dict[str, Any]] = {}

    def object_schema(self, cls: type[Any]) -> dict[str, Any]:
        hints = typing.get_type_hints(cls)
        properties: dict[str, Any] = {}
        required: list[str] = []
        for f in dataclasses.fields(cls):
            if f.name in ("loc", "field_locs") or not f.init:
                continue
            properties[f.name] = self.type_schema(hints[f.name])
            if f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING:
                required.append(f.name)
        schema: dict[str, Any] = {"type": "object"}
        doc = inspect.getdoc(cls)
        if doc and not doc.startswith(f"{cls.__name__}("):
            schema["description"] = doc.split("\n\n")[0].replace("\n", " ")
        schema["properties"] = properties
        if required:
            schema["required"] = required
        schema["additionalProperties"] = False
        return schema

    def ref(self, cls: type[Any]) -> dict[str, Any]:
        name = cls.__name__
        if name not in self.defs:
            self.defs[name] = {}  # placeholder: recursion terminates
            self.defs[name] = self.object_schema(cls)
        return {"$ref": f"#/$defs/{name}"}

    def type_schema(self, tp: Any) -> dict[str, Any]:
        supertype = getattr(tp, "__supertype__", None)
        if supertype is not None:
            return self.type_schema(supertype)
        if dataclasses.is_dataclass(tp) and isinstance(tp, type):
            return self.ref(tp)
        if tp is str:  # the loader keeps an unquoted number in a text field verbatim
            return {"type": ["string", "number"]}
        if tp is bool:
            return {"type": "boolean"}
        if tp is int:
            return {"type": "integer"}
        if tp is float:
            return {"type": "number"}
        if tp is dt.date:
            return {"type": "string", "format": "date", "pattern": DATE_PATTERN}
        if isinstance(tp, type) and issubclass(tp, enum.Enum):
            return {"type": "string", "enum": [str(m.value) for m in tp]}
        origin, args = typing.get_origin(tp), typing.get_args(tp)
        if origin is typing.Literal:
            return {"type": "string", "enum": [str(a) for a in args]}
        if origin in (types.UnionType, typing.Union):
            options = [self.type_schema(a) for a in args if a is not type(None)]
            if type(None) in args:
                options.append({"type": "null"})
            return options[0] if len(options) == 1 else {"anyOf": options}
        if origin is tuple:
            return {"type": "array", "items": self.type_schema(args[0])}
        if origin in (Mapping, dict):
            return {"type": "object", "additionalProperties": self.type_schema(args[1])}
        raise TypeError(f"no JSON Schema for type hint {tp!r}")


def schema_for(name: str) -> dict[str, Any]:
    """The JSON Schema of record type `name` (a key of RECORD_TYPES)."""
    cls = RECORD_TYPES[name]
    builder = _Builder()
    body = builder.object_schema(cls)
    schema: dict[str, Any] = {
        "$schema": DRAFT,
        "$id": f"{name}.schema.json",
        "title": f"shifan {name} file ({FILES[name]})",
        **body,
    }
    if builder.defs:
        schema["$defs"] = dict(sorted(builder.defs.items()))
    return schema


def render(schema: Mapping[str, Any]) -> str:
    """The canonical text of a schema file (what is committed under `schemas/`)."""
    return json.dumps(schema, ensure_ascii=False, indent=2) + "\n"


def all_schemas() -> dict[str, str]:
    """File name → canonical text, for every record type."""
    return {f"{name}.schema.json": render(schema_for(name)) for name in RECORD_TYPES}
