"""Whatever is in the registry, `shifan check` exits 0, 1 or 2 and never raises."""

from __future__ import annotations

import contextlib
import io
import tempfile
from pathlib import Path
from typing import Any

import yaml
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from shifan.cli import main
from support import NOTICE_YAML, UNIT_YAML, small_registry

PLACES = (
    "units/park/ZZ-PRK-0001.yaml",
    "notices/GS-2024-01.yaml",
    "figures/ZZ-FIG-0001.yaml",
    "districts.yaml",
    "targets.yaml",
    "standards/park.yaml",
    "calendar/2027.yaml",
)
FIELD_NAMES = (
    "id",
    "kind",
    "level",
    "name",
    "district",
    "applied_on",
    "declared",
    "events",
    "type",
    "date",
    "notice",
    "document",
    "reason",
    "result",
    "serial",
    "published",
    "working_days",
    "ends",
    "channel",
    "entries",
    "department",
    "unit",
    "achievements",
    "year",
    "holidays",
    "workdays",
    "districts",
    "targets",
    "items",
    "versions",
    "criteria",
    "effective",
    "key",
    "label",
    "op",
    "value",
    "attested",
    "citation",
    "field_of_work",
)

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**20), max_value=10**20),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=12),
    st.dates().map(str),
    st.sampled_from(["park", "municipal", "listed", "awarded", "GS-2024-01", "ZZ-PRK-0001"]),
)
values = st.recursive(
    scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.dictionaries(
            st.one_of(st.sampled_from(FIELD_NAMES), st.text(max_size=6)), inner, max_size=5
        ),
    ),
    max_leaves=25,
)


def _check(content: bytes, place: str) -> int:
    with tempfile.TemporaryDirectory() as tmp:
        registry = small_registry(Path(tmp), {place: content})
        out, err = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = main(["check", "--registry", str(registry), "--today", "2026-11-27"])
        assert "Traceback" not in err.getvalue()
        for fmt in ("json", "github"):
            with contextlib.redirect_stdout(io.StringIO()):
                assert main(["check", "--registry", str(registry), "--format", fmt]) == code
        return code


FUZZ = settings(max_examples=30, deadline=None, suppress_health_check=list(HealthCheck))


@FUZZ
@given(st.binary(max_size=300), st.sampled_from(PLACES))
@example(b"=", "units/park/ZZ-PRK-0001.yaml")  # YAML 1.1's `value` tag, refused by `fmt`
def test_random_bytes(content: bytes, place: str) -> None:
    assert _check(content, place) in (0, 1)


@FUZZ
@given(st.data())
def test_mutated_valid_files(data: st.DataObject) -> None:
    base = data.draw(st.sampled_from([UNIT_YAML, NOTICE_YAML]))
    place = PLACES[0] if base is UNIT_YAML else PLACES[1]
    at = data.draw(st.integers(0, len(base)))
    cut = data.draw(st.integers(0, 8))
    insert = data.draw(st.text(alphabet=" \t\n:-[]{}&*!#'\"|>,?%@`0123456789abcé郑", max_size=6))
    text = base[:at] + insert + base[at + cut :]
    assert _check(text.encode("utf-8", "surrogatepass"), place) in (0, 1)


@FUZZ
@given(values, st.sampled_from(PLACES))
def test_random_structures(value: Any, place: str) -> None:
    text = yaml.safe_dump(value, allow_unicode=True)
    assert _check(text.encode("utf-8", "surrogatepass"), place) in (0, 1)
