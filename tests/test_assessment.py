"""One assessment: every command judges the roster the same way.

Each test pins a disagreement the first version had: a build that published what check
rejects, a site built without its keys, a revoked unit's plaque shown as valid, a misspelled
field blamed on other records, and exit codes that differed between commands.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from shifan.assessment import assess
from shifan.cli import main
from shifan.model import Event, PlaqueForm, ReviewResult
from shifan.status import Standing, plaques_of
from support import REPO

TODAY = "2026-11-27"
CORPUS = REPO / "tests" / "corpus" / "malformed"
MANIFEST: dict[str, dict[str, object]] = json.loads((CORPUS / "manifest.json").read_text())
PEM_BEGIN = "-----BEGIN " + "EC PRIVATE KEY-----"  # split: repository key scanners stay quiet
PEM_END = "-----END " + "EC PRIVATE KEY-----"


def _demo(tmp_path: Path) -> Path:
    """A copy of the demo repository's registry and keys; returns the registry."""
    shutil.copytree(REPO / "registry", tmp_path / "registry")
    shutil.copytree(REPO / "keys", tmp_path / "keys")
    return tmp_path / "registry"


def _replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _flip_token_digit(registry: Path) -> None:
    path = registry / "units" / "enterprise" / "ZZ-ENT-0012.yaml"
    text = path.read_text(encoding="utf-8")
    start = text.index('token: "') + len('token: "') + 150
    digit = "1" if text[start] != "1" else "2"
    path.write_text(text[:start] + digit + text[start + 1 :], encoding="utf-8")


UNIT = "units/park/ZZ-PRK-0001.yaml"
MUTATIONS: dict[str, tuple[str, str, str]] = {
    # name: (file under registry/, old text, new text); one per rule area
    "threshold": (UNIT, "office_area_m2: 26000", "office_area_m2: 9000"),
    "credit code": (UNIT, 'credit_code: "91410105MAX4EH9FWH"', 'credit_code: "91410105MAX4EH9FWJ"'),
    "unknown district": (UNIT, "district: ", "district: nowhere\nx_district: "),
    "award inside notice": (UNIT, "date: 2017-06-28", "date: 2017-06-20"),
}


def _codes(out: str) -> set[str]:
    return {
        line.split("[", 1)[1].split("]", 1)[0] for line in out.splitlines() if ": error[" in line
    }


def _check_and_build(
    registry: Path, capsys: pytest.CaptureFixture[str], keys: Path | None = None
) -> tuple[int, set[str], int, set[str], Path]:
    keys_args = ["--keys", str(keys)] if keys is not None else []
    capsys.readouterr()
    check = main(["check", "--registry", str(registry), "--today", TODAY, *keys_args])
    check_codes = _codes(capsys.readouterr().out)
    out = registry.parent / "site"
    args = ["build", "--registry", str(registry), "--today", TODAY, "--out", str(out)]
    args += ["--config-file", str(REPO / "mkdocs.yml"), *keys_args]
    build = main(args)
    captured = capsys.readouterr()
    return check, check_codes, build, _codes(captured.out + captured.err), out


def _mutate(name: str, registry: Path) -> None:
    if name in MANIFEST:
        place = str(MANIFEST[name].get("place", UNIT))
        (registry / place).parent.mkdir(parents=True, exist_ok=True)
        (registry / place).write_bytes((CORPUS / name).read_bytes())
    elif name == "private key":
        (registry.parent / "notes.txt").write_text(f"{PEM_BEGIN}\nMHcCAQEE\n{PEM_END}\n")
    elif name == "forged token":
        _flip_token_digit(registry)
    elif name == "serial twice":
        _replace(registry / "units" / "enterprise" / "ZZ-ENT-0005.yaml", "serial: 43", "serial: 5")
    elif name == "misnamed key file":
        (registry.parent / "keys" / "notes.txt").write_text("x")
    else:
        _replace(registry / MUTATIONS[name][0], *MUTATIONS[name][1:])


ERROR_CASES = [
    *(n for n in sorted(MANIFEST) if any(MANIFEST[n]["expect"])),  # type: ignore[arg-type]
    *MUTATIONS,
    "private key",
    "forged token",
    "serial twice",
    "misnamed key file",
]


@pytest.mark.parametrize("case", ERROR_CASES)
def test_build_refuses_what_check_refuses(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], case: str
) -> None:
    registry = _demo(tmp_path)
    _mutate(case, registry)
    check, check_codes, build, build_codes, out = _check_and_build(registry, capsys)
    assert check == 1
    assert check_codes, "the mutation must produce an error"
    assert build == 1
    assert build_codes == check_codes
    assert not out.exists(), "nothing is published from a roster with errors"


def test_every_error_area_is_covered_by_a_mutation(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The cases above reach loading (S1xx, S2xx), identity (S3xx), dates (S4xx), the
    lifecycle (S5xx), standards (S6xx) and keys and tokens (S8xx)."""
    seen: set[str] = set()
    for case in ("threshold", "award inside notice", "credit code", "forged token",
                 "private key", "serial twice", "unknown district"):  # fmt: skip
        folder = tmp_path / case.replace(" ", "-")
        folder.mkdir()
        registry = _demo(folder)
        _mutate(case, registry)
        capsys.readouterr()
        main(["check", "--registry", str(registry), "--today", TODAY])
        seen |= _codes(capsys.readouterr().out)
    loader = {str(c).split(":")[0] for n in MANIFEST for c in MANIFEST[n]["expect"]}  # type: ignore[attr-defined]
    areas = {code[:2] for code in seen | loader}
    assert {"S1", "S2", "S3", "S5", "S6", "S8"} <= areas, sorted(seen | loader)


def test_a_build_without_the_signing_keys_fails(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    registry = _demo(tmp_path)
    shutil.rmtree(tmp_path / "keys")
    check, check_codes, build, build_codes, out = _check_and_build(registry, capsys)
    assert (check, build) == (1, 1)
    assert check_codes == build_codes == {"S808"}
    assert not out.exists()
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    capsys.readouterr()
    args = ["build", "--registry", str(registry), "--today", TODAY, "--keys", str(elsewhere)]
    assert main([*args, "--out", str(out), "--config-file", str(REPO / "mkdocs.yml")]) == 1
    said = capsys.readouterr().out
    assert str(elsewhere) in said, "the message names the folder looked in"
    assert "--keys" in said, "and the flag to set"


def test_a_misspelled_field_is_reported_once_in_its_own_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    registry = _demo(tmp_path)
    unit = registry / "units" / "enterprise" / "ZZ-ENT-0001.yaml"
    _replace(unit, "\napplied_on:", "\naplied_on:")
    notice = registry / "notices" / "GS-2017-01.yaml"
    _replace(notice, "\ntitle:", "\ntitel:")
    capsys.readouterr()
    assert main(["check", "--registry", str(registry), "--today", TODAY]) == 1
    errors = [line for line in capsys.readouterr().out.splitlines() if ": error[" in line]
    files = {line.split(":", 1)[0] for line in errors}
    assert files == {
        "registry/units/enterprise/ZZ-ENT-0001.yaml",
        "registry/notices/GS-2017-01.yaml",
    }, errors
    assert not any(code in line for line in errors for code in ("S321", "S322", "S323"))


@pytest.mark.parametrize(
    ("argv", "code"),
    [
        (["check", "--registry", "{missing}"], 2),
        (["build", "--registry", "{missing}", "--out", "{tmp}/o"], 2),
        (["plaque", "issue", "ZZ-ENT-0001", "--key", "{tmp}/k.pem", "--registry", "{missing}"], 2),
        (["plaque", "void", "1", "--reason", "lost", "--registry", "{missing}"], 2),
        (["plaque", "render", "ZZ-ENT-0001", "--registry", "{missing}", "--out", "{tmp}/p.svg",
          "--site-url", "https://x.org/"], 2),
        (["check", "--no-such-flag"], 2),
        (["check", "--registry", "{demo}"], 0),
        (["check", "--registry", "{broken}"], 1),
    ],
)  # fmt: skip
def test_one_exit_code_table(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], argv: list[str], code: int
) -> None:
    """0 ok, 1 problems found, 2 usage or missing input — the same for every command."""
    demo = _demo(tmp_path)
    broken = tmp_path / "b"
    shutil.copytree(demo.parent, broken)
    _mutate("threshold", broken / "registry")
    paths = {
        "missing": str(tmp_path / "nowhere" / "registry"),
        "tmp": str(tmp_path),
        "demo": str(demo),
        "broken": str(broken / "registry"),
    }
    args = [a.format(**paths) for a in argv]
    if args[0] == "check":
        args += ["--today", TODAY]
    assert main(args) == code
    assert "Traceback" not in capsys.readouterr().err


def test_the_exit_code_table_is_in_help_and_readme(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["--help"])
    help_text = capsys.readouterr().out
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    for text in (help_text, readme):
        assert "0" in text
        assert "problems found" in text
        assert "usage or missing input" in text


# ---------------------------------------------------------------------------- plaques


def _events(*specs: tuple[str, str, dict[str, Any]]) -> tuple[Event, ...]:
    return tuple(
        Event(type=kind, date=dt.date.fromisoformat(day), **extra)  # type: ignore[arg-type]
        for kind, day, extra in specs
    )


def test_plaque_standing_follows_revocation_and_reaward() -> None:
    issued = {"serial": 1, "kid": "2", "token": "1", "form": PlaqueForm.PLAQUE}
    revoked = {"reason": "falsified", "document": "x"}
    events = _events(
        ("awarded", "2020-01-01", {}),
        ("plaque_issued", "2020-02-01", issued),
        ("revoked", "2021-01-01", revoked),
    )
    (before,) = plaques_of(events, today=dt.date(2020, 12, 31))
    assert before.standing is Standing.VALID
    (after,) = plaques_of(events, today=dt.date(2021, 1, 1))
    assert (after.standing, after.ended_on) == (Standing.WITHDRAWN, dt.date(2021, 1, 1))
    assert not after.active
    again = (*events, *_events(("awarded", "2024-01-01", {})))
    (old,) = plaques_of(again, today=dt.date(2024, 6, 1))
    assert old.standing is Standing.SUPERSEDED
    failed = _events(
        ("awarded", "2020-01-01", {}),
        ("plaque_issued", "2020-02-01", issued),
        ("review", "2022-01-01", {"result": ReviewResult.FAILED, "document": "y"}),
    )
    (by_review,) = plaques_of(failed, today=dt.date(2022, 1, 2))
    assert by_review.standing is Standing.WITHDRAWN
    voided = (*events[:2], *_events(("plaque_voided", "2020-06-01", {"serial": 1})), events[2])
    (explicit,) = plaques_of(voided, today=dt.date(2022, 1, 1))
    assert explicit.standing is Standing.VOIDED


def test_a_revoked_units_plaque_is_withdrawn_everywhere(built_site: Path) -> None:
    """ZZ-ENT-0004 was revoked in 2024; its plaque 13 was never voided by hand."""
    doc = json.loads((built_site / "api" / "units" / "ZZ-ENT-0004.json").read_text())
    (plaque,) = [p for p in doc["plaques"] if p["serial"] == 13]
    assert plaque["status"] == "withdrawn"
    assert plaque["voided"]["date"] == "2024-08-15"
    page = (built_site / "units" / "ZZ-ENT-0004" / "index.html").read_text(encoding="utf-8")
    table = page[page.index('class="sf-plaques"') :]
    table = table[: table.index("</table>")]
    assert "已收回" in table
    assert ">有效<" not in table
    data = (built_site / "downloads" / "plaques.csv").read_bytes()[3:].decode("utf-8")
    rows = {r[0]: r for r in csv.reader(io.StringIO(data))}
    assert rows["13"][2] == "ZZ-ENT-0004"
    assert "已收回" in rows["13"][6]
    assert "withdrawn" in rows["13"]


def test_revocations_page_says_when_a_unit_was_awarded_again(built_site: Path) -> None:
    page = (built_site / "revocations" / "index.html").read_text(encoding="utf-8")
    row = page[page.index("ZZ-ENT-0005") :]
    row = row[: row.index("</tr>")]
    assert "2025-06-24 重新授牌" in row


def test_check_and_the_site_agree_on_every_status(built_site: Path) -> None:
    """The site's JSON is the assessment's: the same status for every unit."""
    registry = built_site.parent / "registry"
    a = assess(registry, built_site.parent / "keys", dt.date.fromisoformat(TODAY))
    for unit_id, status in a.units.items():
        doc = json.loads((built_site / "api" / "units" / f"{unit_id}.json").read_text())
        assert doc["status"] == status.state.value, unit_id
        served = [p["status"] for p in doc["plaques"]]
        mine = [p.standing for p in a.plaques[unit_id]]
        assert served == [{"valid": "active"}.get(s.value, s.value) for s in mine], unit_id


@pytest.mark.browser
def test_verify_page_agrees_with_the_assessment_on_demo_plaques(
    built_site: Path, browser: Any, static_server: Any
) -> None:
    """/v/ on the built site gives, for a revoked unit's withdrawn plaque and for valid and
    voided ones, the verdict `shifan verify` gives from the same site's documents."""
    from verifypage_support import open_recorded, wait_verdict

    a = assess(built_site.parent / "registry", built_site.parent / "keys", dt.date(2026, 11, 27))
    cases = {
        ("ZZ-ENT-0004", 13): "revoked",  # withdrawn with its unit's title
        ("ZZ-ENT-0012", 44): "valid",
        ("ZZ-ENT-0005", 5): "voided",  # voided in 2020; the unit holds plaque 43 since 2025
    }
    server = static_server(built_site)
    for (record_id, serial), expected in cases.items():
        (plaque,) = [p for p in a.plaques[record_id] if p.serial == serial]
        rec = open_recorded(browser)
        rec.page.goto(f"{server.url}/v/#{plaque.token}")
        assert wait_verdict(rec.page) == expected, (record_id, serial)
        rec.page.context.close()
