"""Issue, void, re-issue and verify through `shifan.cli.main`, on a throwaway repository.

Every verdict of `shifan verify` is reached here with its exit code. Keys are ephemeral,
created in tmp dirs outside the throwaway repository.
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass
from pathlib import Path

import pytest
import qrcode

from shifan.cli import main
from shifan.errors import RegistryError
from shifan.loader.registry import load_roster
from shifan.model import Figure, Unit
from shifan.signing.token import parse, to_digits
from shifan.status import plaques_of
from support_signing import signing_registry


@dataclass
class Repo:
    root: Path
    registry: Path
    keys: Path
    key1: Path
    secret: Path

    def run(self, *args: str) -> int:
        return main([*args, "--registry", str(self.registry)])

    def issue(self, subject: str, today: str, key: Path | None = None, *more: str) -> int:
        return self.run(
            "plaque", "issue", subject, "--key", str(key or self.key1), "--today", today, *more
        )

    def token(self, serial: int) -> str:
        roster, _ = load_roster(self.registry)
        records: list[Unit | Figure] = [*roster.units.values(), *roster.figures.values()]
        for record in records:
            for plaque in plaques_of(record.events):
                if plaque.serial == serial and plaque.token:
                    return plaque.token
        raise AssertionError(f"no serial {serial}")

    def key_problems(self, today: str) -> list[str]:
        """The S8xx codes `shifan check` reports (other areas' rules are not under test here)."""
        import contextlib
        import io

        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            self.run("check", "--today", today, "--format", "json")
        return [
            p["code"] for p in json.loads(out.getvalue())["problems"] if p["code"].startswith("S8")
        ]

    def verify(self, code: str, today: str, *more: str) -> int:
        return self.run("verify", code, "--today", today, *more)

    def set_key(self, kid: str, **members: object) -> None:
        path = self.keys / f"{kid}.json"
        jwk = json.loads(path.read_text(encoding="utf-8"))
        jwk.update(members)
        path.write_text(json.dumps(jwk), encoding="utf-8")


@pytest.fixture
def repo(tmp_path: Path) -> Repo:
    root = tmp_path / "repo"
    registry = signing_registry(root)
    secret = tmp_path / "secret"
    secret.mkdir()
    keys = root / "keys"
    key1 = secret / "1.pem"
    args = ["keygen", "--kid", "1", "--out", str(key1), "--keys", str(keys),
            "--not-before", "2024-01-01", "--today", "2024-01-01"]  # fmt: skip
    assert main(args) == 0
    return Repo(root=root, registry=registry, keys=keys, key1=key1, secret=secret)


UNIT = "ZZ-PRK-0001"
UNIT_FILE = "units/park/ZZ-PRK-0001.yaml"


def test_issue_appends_event_keeping_the_file_and_verifies(
    repo: Repo, capsys: pytest.CaptureFixture[str]
) -> None:
    path = repo.registry / UNIT_FILE
    path.write_text("# keep this comment\n" + path.read_text(encoding="utf-8"), encoding="utf-8")
    before = path.read_text(encoding="utf-8")
    assert repo.issue(UNIT, "2024-06-01") == 0
    assert "牌匾编号 1，核验码 000-001-" in capsys.readouterr().out
    after = path.read_text(encoding="utf-8")
    assert after.startswith(before)  # nothing above changed; the event is appended at the end
    added = after[len(before) :]
    assert re.match(r"  - type: plaque_issued\n    date: 2024-06-01\n    serial: 1\n", added)
    token = parse(repo.token(1))
    assert token.subject == UNIT
    assert token.kind == "park"
    assert str(token.awarded) == "2024-05-20"
    assert str(token.valid_until) == "2026-05-20"
    assert repo.key_problems("2024-06-02") == []
    capsys.readouterr()
    assert repo.verify(repo.token(1), "2024-06-02") == 0
    out = capsys.readouterr().out
    assert out.startswith("valid: 真实有效")
    assert "status as of 2024-06-02 (today)" in out
    assert "郑州示例电子商务产业园" in out
    url = "https://example.org/v/#" + repo.token(1)
    assert repo.verify(url, "2024-06-02") == 0


def test_refusals_leave_files_untouched(repo: Repo, capsys: pytest.CaptureFixture[str]) -> None:
    snapshot = {p: p.read_bytes() for p in repo.registry.rglob("*.yaml")}
    assert repo.issue("ZZ-ENT-0009", "2024-06-01") == 1  # pending, not awarded
    assert "不予发放" in capsys.readouterr().err
    assert repo.issue("ZZ-XXX-0001", "2024-06-01") == 1
    assert repo.issue(UNIT, "2024-06-01", None, "--form", "plaque") == 0
    snapshot = {p: p.read_bytes() for p in repo.registry.rglob("*.yaml")}
    assert repo.issue(UNIT, "2024-06-02") == 1  # already has an active plaque
    assert "void 1 --reason replaced" in capsys.readouterr().err
    assert repo.issue(UNIT, "2026-06-01") == 1  # review overdue
    assert repo.issue("ZZ-FIG-0001", "2024-07-01", None, "--form", "plaque") == 1
    assert repo.run("plaque", "void", "99", "--reason", "lost", "--today", "2024-07-01") == 1
    assert repo.run("plaque", "void", "1", "--reason", "eaten", "--today", "2024-07-01") == 2
    stranger = repo.secret / "stranger.pem"
    elsewhere = repo.root.parent / "elsewhere" / "keys"
    assert main(["keygen", "--kid", "5", "--out", str(stranger), "--keys", str(elsewhere)]) == 0
    capsys.readouterr()
    assert repo.issue("ZZ-FIG-0001", "2024-07-01", stranger) == 1
    assert "不在 keys/ 中" in capsys.readouterr().err
    assert {p: p.read_bytes() for p in repo.registry.rglob("*.yaml")} == snapshot


def test_void_reissue_and_every_status_verdict(
    repo: Repo, capsys: pytest.CaptureFixture[str]
) -> None:
    assert repo.issue(UNIT, "2024-06-01") == 0
    first = repo.token(1)
    assert repo.run("plaque", "void", "1", "--reason", "replaced", "--today", "2024-09-01") == 0
    assert repo.issue(UNIT, "2024-09-01") == 0
    second = repo.token(2)
    assert parse(second).serial == 2
    assert repo.issue("ZZ-FIG-0001", "2024-09-02") == 0
    cert = parse(repo.token(3))
    assert cert.kind == "figure"
    assert cert.valid_until is None
    assert repo.key_problems("2024-09-03") == []
    assert repo.verify(first, "2024-09-03") == 6  # voided
    assert repo.verify(second, "2024-09-03") == 0
    assert repo.verify(repo.token(3), "2024-09-03") == 0
    assert repo.verify(second, "2026-06-01") == 4  # review overdue
    assert repo.verify(repo.token(3), "2026-06-01") == 0  # figures are not reviewed
    capsys.readouterr()
    path = repo.registry / UNIT_FILE
    path.write_text(
        path.read_text(encoding="utf-8")
        + "  - {type: revoked, date: 2025-01-10, reason: falsified, document: 郑商务〔2025〕3号}\n",
        encoding="utf-8",
    )
    assert repo.verify(second, "2025-02-01") == 5  # revoked
    assert "2025-01-10" in capsys.readouterr().out
    assert repo.issue(UNIT, "2025-02-01") == 1  # no plaque for a revoked unit


def test_key_rotation_retired_compromised_unknown(repo: Repo) -> None:
    assert repo.issue(UNIT, "2024-06-01") == 0
    old = repo.token(1)
    key2 = repo.secret / "2.pem"
    assert main(["keygen", "--kid", "2", "--out", str(key2), "--keys", str(repo.keys),
                 "--today", "2024-08-01"]) == 0  # fmt: skip
    repo.set_key("1", status="retired", not_after="2024-07-31")
    assert repo.key_problems("2024-08-01") == []
    assert repo.verify(old, "2024-08-02") == 3  # genuine, retired key inside its window
    assert repo.run("plaque", "void", "1", "--reason", "replaced", "--today", "2024-08-02") == 0
    assert repo.issue(UNIT, "2024-08-02") == 1  # the retired key may no longer sign
    assert repo.issue(UNIT, "2024-08-02", key2) == 0
    assert parse(repo.token(2)).kid == 2
    assert repo.verify(repo.token(2), "2024-08-03") == 0
    repo.set_key("2", status="compromised", not_after="2024-08-10",
                 compromised_at="2024-08-10T09:00:00+08:00")  # fmt: skip
    assert repo.verify(repo.token(2), "2024-08-11") == 8
    assert repo.key_problems("2024-08-11") == ["S810"]  # a warning: re-issue
    os.remove(repo.keys / "2.json")
    assert repo.verify(repo.token(2), "2024-08-11") == 9  # unknown key
    assert repo.key_problems("2024-08-11") == ["S808"]


def test_forged_malformed_and_not_on_record(repo: Repo, tmp_path: Path) -> None:
    assert repo.issue(UNIT, "2024-06-01") == 0
    raw = bytearray(parse(repo.token(1)).to_bytes())
    raw[7] ^= 0x02  # municipal → national
    assert repo.verify(to_digits(bytes(raw)), "2024-06-02") == 10
    assert repo.verify("hello", "2024-06-02") == 11
    assert repo.verify("https://example.org/v/#12345", "2024-06-02") == 11
    status = tmp_path / "status.json"
    doc = {"id": UNIT, "name": "x", "kind": "enterprise", "status": "awarded", "plaques": []}
    status.write_text(json.dumps(doc | {"as_of": "2024-06-02"}), encoding="utf-8")
    assert repo.verify(repo.token(1), "2024-06-02", "--status", str(status)) == 7


@pytest.mark.parametrize(
    ("document", "says"),
    [
        ('{"id": 5}', "`id` has the wrong type"),
        ("[" * 100_000 + "]" * 100_000, "nested too deeply"),
        ('{"id": "ZZ-ENT-0001", "name": "x", "kind": "enterprise", "status": "awarded"}',
         "`as_of` is missing"),
        ('{"id": "ZZ-ENT-0001", "name": "x", "kind": "enterprise", "status": "awarded", '
         '"as_of": "2024-06-02", "plaques": [{"serial": "1"}]}', "`serial` has the wrong type"),
        ('{"id": "ZZ-ENT-0001", "name": "x", "kind": "enterprise", "status": "awarded", '
         '"as_of": "2024-06-02", "plaques": {"a": 1}}', "`plaques` has the wrong type"),
        ("\xff", "not a status JSON document"),
    ],
)  # fmt: skip
def test_verify_status_document_that_is_not_one_is_a_clear_error(
    repo: Repo, tmp_path: Path, capsys: pytest.CaptureFixture[str], document: str, says: str
) -> None:
    """A nested or mistyped status document was a RecursionError or TypeError traceback."""
    assert repo.issue(UNIT, "2024-06-01") == 0
    status = tmp_path / "status.json"
    status.write_bytes(document.encode("latin-1" if document == "\xff" else "utf-8"))
    capsys.readouterr()
    assert repo.verify(repo.token(1), "2024-06-02", "--status", str(status)) == 1
    err = capsys.readouterr().err
    assert says in err
    assert "Traceback" not in err


def test_private_key_in_the_repository_fails_check(
    repo: Repo, capsys: pytest.CaptureFixture[str]
) -> None:
    assert repo.key_problems("2024-06-01") == []
    leaked = repo.root / "docs" / "backup.txt"
    leaked.parent.mkdir()
    leaked.write_bytes(b"notes\n" + repo.key1.read_bytes())
    assert repo.key_problems("2024-06-01") == ["S801"]
    capsys.readouterr()
    assert repo.run("check", "--today", "2024-06-01") == 1
    assert "docs/backup.txt:1:1: error[S801]" in capsys.readouterr().out


def test_verify_reads_a_qr_image_with_zxing(
    repo: Repo, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert repo.issue(UNIT, "2024-06-01") == 0
    url = "https://shifan.example.org/v/#" + repo.token(1)
    image = qrcode.make(url, error_correction=qrcode.constants.ERROR_CORRECT_Q, box_size=4)
    png = tmp_path / "plaque.png"
    image.save(png)
    capsys.readouterr()
    assert repo.verify(str(png), "2024-06-02") == 0
    assert "valid" in capsys.readouterr().out
    blank = tmp_path / "blank.png"
    qrcode.make("x").resize((10, 10)).save(blank)
    assert repo.verify(str(blank), "2024-06-02") == 2


def test_verify_against_a_site_over_http(repo: Repo, tmp_path: Path, static_server: object) -> None:
    import datetime as dt

    from shifan.assessment import assess
    from shifan.documents import status_document, to_json

    assert repo.issue(UNIT, "2024-06-01") == 0
    status = status_document(assess(repo.registry, None, dt.date(2024, 6, 1)), UNIT, site_url="/")
    assert status is not None
    doc = to_json(status)
    site = tmp_path / "site"
    (site / "api" / "units").mkdir(parents=True)
    (site / "api" / "units" / f"{UNIT}.json").write_text(json.dumps(doc), encoding="utf-8")
    server = static_server(site)  # type: ignore[operator]
    assert repo.verify(repo.token(1), "2024-06-03", "--status", server.url) == 0
    assert f"/api/units/{UNIT}.json" in server.paths
    assert repo.verify(repo.token(1), "2024-06-03", "--status", str(site)) == 0


def test_events_stay_in_date_order_and_comments_in_place() -> None:
    import datetime as dt

    from shifan.yamlappend import append_event

    text = (
        "id: ZZ-ENT-0001  # keep\nevents:\n- {type: awarded, date: 2024-05-10}\n"
        "# the 2026 review\n- type: review\n  date: 2026-05-01\nname: x\n"
    )
    out = append_event(text, {"type": "plaque_issued", "date": dt.date(2024, 6, 1), "serial": 3})
    assert out == (
        "id: ZZ-ENT-0001  # keep\nevents:\n- {type: awarded, date: 2024-05-10}\n"
        "- type: plaque_issued\n  date: 2024-06-01\n  serial: 3\n"
        "# the 2026 review\n- type: review\n  date: 2026-05-01\nname: x\n"
    )
    last = append_event(out, {"type": "plaque_voided", "date": dt.date(2026, 6, 1), "kid": "1"})
    assert last.endswith(
        '  date: 2026-05-01\n- type: plaque_voided\n  date: 2026-06-01\n  kid: "1"\nname: x\n'
    )
    assert append_event("id: a\nevents: []\n", {"type": "x"}) == "id: a\nevents:\n  - type: x\n"
    assert append_event("id: a", {"type": "x"}) == "id: a\nevents:\n  - type: x\n"
    with pytest.raises(RegistryError, match="flow style"):
        append_event("id: a\nevents: [{type: y}]\n", {"type": "x"})


def test_verify_a_typed_check_code(
    repo: Repo, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from shifan.signing.checkcode import check_code

    assert repo.issue(UNIT, "2024-06-01") == 0
    code = check_code(1)
    capsys.readouterr()
    assert repo.verify(code, "2024-06-02") == 0
    assert f"check code {code} → serial 1" in capsys.readouterr().out
    assert repo.verify(code.replace("-", " "), "2024-06-02") == 0
    wrong = code[:-1] + str((int(code[-1]) + 1) % 10)
    assert repo.verify(wrong, "2024-06-02") == 11
    assert repo.verify(check_code(999), "2024-06-02") == 7
    site = tmp_path / "site"
    (site / "api" / "plaques").mkdir(parents=True)
    (site / "api" / "units").mkdir(parents=True)
    plaque = {"serial": 1, "token": repo.token(1), "subject": UNIT}
    (site / "api" / "plaques" / "1.json").write_text(json.dumps(plaque), encoding="utf-8")
    voided = {"date": "2024-06-01", "reason": "lost"}
    entry = {
        "serial": 1,
        "kid": "1",
        "issued_on": "2024-06-01",
        "status": "voided",
        "voided": voided,
    }
    status = {"id": UNIT, "name": "x", "kind": "enterprise", "status": "awarded",
              "revoked": None, "as_of": "2024-06-01", "plaques": [entry]}  # fmt: skip
    (site / "api" / "units" / f"{UNIT}.json").write_text(json.dumps(status), encoding="utf-8")
    capsys.readouterr()
    assert repo.verify(code, "2024-06-02", "--status", str(site)) == 6
    assert "status as of 2024-06-01 (1 day(s) old)" in capsys.readouterr().out


def test_a_serial_issued_twice_is_s811(repo: Repo) -> None:
    assert repo.issue(UNIT, "2024-06-01") == 0
    assert repo.issue("ZZ-FIG-0001", "2024-06-02") == 0
    unit_file = repo.registry / UNIT_FILE
    text = unit_file.read_text(encoding="utf-8")
    figure = (repo.registry / "figures" / "ZZ-FIG-0001.yaml").read_text(encoding="utf-8")
    copied = figure[figure.index("  - type: plaque_issued") :].replace("serial: 2", "serial: 1")
    (repo.registry / "figures" / "ZZ-FIG-0001.yaml").write_text(
        figure[: figure.index("  - type: plaque_issued")] + copied, encoding="utf-8"
    )
    assert unit_file.read_text(encoding="utf-8") == text
    assert "S811" in repo.key_problems("2024-06-03")


def test_issue_and_void_refuse_a_registry_that_does_not_load(
    repo: Repo, capsys: pytest.CaptureFixture[str]
) -> None:
    broken = repo.registry / "units" / "enterprise" / "ZZ-ENT-0009.yaml"
    broken.write_text("id: ZZ-ENT-0009\nid: ZZ-ENT-0010\n", encoding="utf-8")  # duplicate key
    snapshot = {p: p.read_bytes() for p in repo.registry.rglob("*.yaml")}
    assert repo.issue(UNIT, "2024-06-01") == 1
    err = capsys.readouterr().err
    assert "未写入任何内容" in err
    assert "registry/units/enterprise/ZZ-ENT-0009.yaml:" in err
    assert "先运行 `./run shifan check` 并改正这些错误" in err
    assert repo.run("plaque", "void", "1", "--reason", "lost", "--today", "2024-07-01") == 1
    assert "先运行 `./run shifan check`" in capsys.readouterr().err
    assert {p: p.read_bytes() for p in repo.registry.rglob("*.yaml")} == snapshot


def test_void_refuses_a_serial_issued_twice_naming_every_place(
    repo: Repo, capsys: pytest.CaptureFixture[str]
) -> None:
    """Defect: `plaque void 55` voided the first of two plaques with serial 55."""
    assert repo.issue(UNIT, "2024-06-01") == 0
    assert repo.issue("ZZ-FIG-0001", "2024-06-02") == 0
    figure_file = repo.registry / "figures" / "ZZ-FIG-0001.yaml"
    figure = figure_file.read_text(encoding="utf-8")
    figure_file.write_text(figure.replace("serial: 2", "serial: 1"), encoding="utf-8")
    snapshot = {p: p.read_bytes() for p in repo.registry.rglob("*.yaml")}
    capsys.readouterr()
    assert repo.run("plaque", "void", "1", "--reason", "lost", "--today", "2024-07-01") == 1
    err = capsys.readouterr().err
    assert "[S811] 牌匾编号 1 发放了两次" in err
    assert f"registry/{UNIT_FILE}:" in err
    assert "registry/figures/ZZ-FIG-0001.yaml:" in err
    assert "Traceback" not in err
    assert {p: p.read_bytes() for p in repo.registry.rglob("*.yaml")} == snapshot
