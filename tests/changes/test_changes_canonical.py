"""The canonical layout: what `shifan fmt` rewrites, what it keeps, what it refuses."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from benchmarks.synth import write_synthetic_roster
from hypothesis import given, settings
from hypothesis import strategies as st

from shifan.canonical import canonical_text, is_canonical
from shifan.errors import ShifanError
from shifan.yamlappend import append_event
from support import REPO

UNIT = "registry/units/park/ZZ-PRK-0001.yaml"

MESSY = """\
# yaml-language-server: $schema=../../../schemas/unit.schema.json
kind: park
id: ZZ-PRK-0001   # the id
name: 'x y'
applied_on: 2017-04-18
declared:
    office_area_m2: 26000
    management_body: {document: 文件, attested: true}

# the life of the park
events:
- {date: 2017-05-04, type: recommended, district: jinshui}
# the award
- date: 2017-06-28
  document: "郑商务〔2017〕86号"
  type: awarded
"""


def _yaml_files(root: Path) -> list[Path]:
    return sorted(root.rglob("*.yaml"))


def test_demo_roster_is_canonical() -> None:
    files = _yaml_files(REPO / "registry")
    assert len(files) > 50
    for file in files:
        text = file.read_text(encoding="utf-8")
        where = file.relative_to(REPO).as_posix()
        assert canonical_text(text, where=where) == text, where


def test_synthetic_roster_is_canonical_after_one_pass_and_fmt_is_idempotent(
    tmp_path: Path,
) -> None:
    write_synthetic_roster(tmp_path / "registry", 20, 7)
    for file in _yaml_files(tmp_path / "registry"):
        where = file.relative_to(tmp_path).as_posix()
        once = canonical_text(file.read_text(encoding="utf-8"), where=where)
        assert canonical_text(once, where=where) == once, where
        assert is_canonical(once, where)


def test_fmt_orders_keys_indents_requotes_and_keeps_every_comment() -> None:
    out = canonical_text(MESSY, where=UNIT)
    lines = out.splitlines()
    assert lines[1:4] == ["id: ZZ-PRK-0001   # the id", "kind: park", 'name: "x y"']
    assert "  management_body: {attested: true, document: 文件}" in lines
    assert "  - {type: recommended, date: 2017-05-04, district: jinshui}" in lines
    assert "  - type: awarded" in lines
    assert "    date: 2017-06-28" in lines
    for comment in ("# yaml-language-server", "# the id", "# the life of the park", "# the award"):
        assert out.count(comment) == 1, comment
    assert canonical_text(out, where=UNIT) == out
    assert not is_canonical(MESSY, UNIT)


def test_fmt_normalises_line_ends_bom_and_final_newlines() -> None:
    text = "\ufeffid: ZZ-FIG-0001\r\nname: 李\r\n\n\n"
    assert canonical_text(text, where="registry/figures/ZZ-FIG-0001.yaml") == (
        "id: ZZ-FIG-0001\nname: 李\n"
    )


@pytest.mark.parametrize(
    ("text", "why"),
    [
        ("a: &x 1\nb: *x\n", "anchor"),
        ("id: a\nid: b\n", "duplicate key"),
        ("a: !!python/object 1\n", "tag"),
        ("a: !custom 1\n", "tag"),
        ("a: [\n", "syntax"),
        ("", "empty"),
    ],
)
def test_fmt_refuses_what_the_loader_refuses(text: str, why: str) -> None:
    with pytest.raises(ShifanError, match=why):
        canonical_text(text, where="registry/figures/ZZ-FIG-0001.yaml")


def test_plaque_events_appended_by_the_plaque_commands_are_canonical() -> None:
    text = (REPO / UNIT).read_text(encoding="utf-8")
    issued = append_event(
        text,
        {
            "type": "plaque_issued",
            "date": dt.date(2026, 7, 1),
            "serial": 99,
            "kid": "2",
            "form": "plaque",
            "valid_until": dt.date(2028, 6, 28),
            "token": "0123456789" * 20,
        },
        where=UNIT,
    )
    voided = append_event(
        issued,
        {
            "type": "plaque_voided",
            "date": dt.date(2026, 8, 1),
            "serial": 99,
            "reason": "lost",
            "document": "郑商务〔2026〕1号",
        },
        where=UNIT,
    )
    assert is_canonical(issued, UNIT)
    assert is_canonical(voided, UNIT)


_TEXT = st.text(
    # Format characters (Cf, e.g. U+00AD) are refused by the loader, so fmt refuses them too.
    st.characters(codec="utf-8", exclude_categories=("Cs", "Cc", "Cf", "Zl", "Zp", "Cn")),
    max_size=12,
)


@settings(max_examples=60, deadline=None)
@given(name=_TEXT, note=_TEXT)
def test_fmt_never_changes_what_a_value_means(name: str, note: str) -> None:
    import json

    text = (
        f"name: {json.dumps(name, ensure_ascii=False)}\nid: ZZ-FIG-0009\n"
        f"events:\n  - {{note: {json.dumps(note, ensure_ascii=False)}, type: awarded}}\n"
    )
    out = canonical_text(text, where="registry/figures/ZZ-FIG-0009.yaml")
    assert out.startswith("id: ZZ-FIG-0009\n")
    assert canonical_text(out, where="registry/figures/ZZ-FIG-0009.yaml") == out


def test_impossible_date_is_a_refusal_not_a_crash() -> None:
    """ruamel.yaml raises ValueError (not a YAML error) on 2024-02-30: `check` must not crash."""
    text = "id: ZZ-FIG-0001\nyear: 2024\nevents:\n  - {type: awarded, date: 2024-02-30}\n"
    with pytest.raises(ShifanError, match="cannot format"):
        canonical_text(text, where="registry/figures/ZZ-FIG-0001.yaml")


_ODD_PLAIN = ["=", "<<", "~", "null", "yes", "1:30", "0x1F", ".nan", "2024-02-30", "2024-05-10 1:2"]
_SHAPES = ["{v}", "a: {v}", "- {v}", "a: [{v}]", "a: {{b: {v}}}", "{v}: a", "? {v}", "a:\n  - {v}"]


@pytest.mark.parametrize("shape", _SHAPES)
def test_any_yaml_value_anywhere_is_formatted_or_refused_never_a_crash(shape: str) -> None:
    """YAML 1.1 gives plain `=` the tag `value` and `<<` the tag `merge`; the safe reading
    that checks a rewrite's meaning refuses them where ruamel.yaml took them."""
    refusals: list[str] = []
    for value in _ODD_PLAIN:
        text = shape.format(v=value) + "\n"
        try:
            out = canonical_text(text, where="registry/units/park/ZZ-PRK-0001.yaml")
        except ShifanError as err:
            refusals.append(err.message)
            continue
        assert canonical_text(out, where="registry/units/park/ZZ-PRK-0001.yaml") == out
    assert all("cannot format" in message for message in refusals), refusals
