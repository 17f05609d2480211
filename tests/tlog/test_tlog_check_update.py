"""`shifan check` and `shifan log update` on a real git repository: unlogged events (S821),
entries that no longer match (S822), malformed lines (S820), the append-only update, the
operations hook, and the private-key scan over the log key's PEM form."""

from __future__ import annotations

import json
from pathlib import Path

from shifan.cli import main
from shifan.signing.crypto import SigningKey
from support_operations import git
from support_tlog import TODAY

ENT3 = "registry/units/enterprise/ZZ-ENT-0003.yaml"
ENT7 = "registry/units/enterprise/ZZ-ENT-0007.yaml"
AWARD_LINE = "  - {type: awarded, date: 2017-06-28, document: 郑商务〔2017〕86号}\n"


def shifan(repo: Path, *args: str, capsys) -> tuple[int, str, str]:  # type: ignore[no-untyped-def]
    capsys.readouterr()
    code = main([*args, "--registry", str(repo / "registry"), "--today", TODAY])
    out, err = capsys.readouterr()
    return code, out, err


def entries(repo: Path) -> list[str]:
    return (repo / "log" / "entries.jsonl").read_text(encoding="utf-8").splitlines()


def test_the_committed_log_matches_the_demo_roster(repo: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    code, out, _ = shifan(repo, "check", capsys=capsys)
    assert code == 0, out
    code, out, _ = shifan(repo, "log", "update", capsys=capsys)
    assert code == 0
    assert "追加 0 条" in out
    assert git(repo, "status", "--porcelain") == ""


def test_an_unlogged_event_fails_check_until_update_appends_it(repo: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    path = repo / ENT7
    path.write_text(
        path.read_text(encoding="utf-8")
        + "  - {type: revoked, date: 2026-11-20, reason: falsified, "
        "document: 郑商务〔2026〕150号}\n",
        encoding="utf-8",
    )
    before = entries(repo)
    code, out, _ = shifan(repo, "check", capsys=capsys)
    assert code == 1
    assert f"{ENT7}:" in out
    assert "error[S821]" in out
    assert "shifan log update" in out
    code, out, _ = shifan(repo, "log", "update", capsys=capsys)
    assert code == 0
    assert "追加 1 条" in out
    after = entries(repo)
    assert after[: len(before)] == before  # append-only: every earlier line byte for byte
    new = json.loads(after[-1])
    assert new == {
        "date": "2026-11-20", "document": "郑商务〔2026〕150号", "event": "revoked",
        "reason": "falsified", "record": "ZZ-ENT-0007", "seq": len(before) + 1,
    }  # fmt: skip
    assert shifan(repo, "check", capsys=capsys)[0] == 0


def test_an_edited_event_is_retracted_never_rewritten(repo: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    path = repo / ENT3
    text = path.read_text(encoding="utf-8")
    assert AWARD_LINE in text
    path.write_text(text.replace(AWARD_LINE, AWARD_LINE.replace("86号", "87号")), "utf-8")
    before = entries(repo)
    old_seq = next(
        json.loads(line)["seq"]
        for line in before
        if '"record":"ZZ-ENT-0003"' in line and '"event":"awarded"' in line
    )
    code, out, _ = shifan(repo, "check", capsys=capsys)
    assert code == 1
    assert f"log/entries.jsonl:{old_seq}:1: error[S822]" in out
    assert "error[S821]" in out
    assert shifan(repo, "log", "update", capsys=capsys)[0] == 0
    after = entries(repo)
    assert after[: len(before)] == before
    retraction, corrected = (json.loads(line) for line in after[len(before) :])
    assert retraction == {
        "event": "retracted", "record": "ZZ-ENT-0003", "retracts": old_seq,
        "seq": len(before) + 1,
    }  # fmt: skip
    assert corrected["document"] == "郑商务〔2017〕87号"
    assert shifan(repo, "check", capsys=capsys)[0] == 0


def test_a_hand_edited_log_line_is_unreadable(repo: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    log = repo / "log" / "entries.jsonl"
    lines = entries(repo)
    lines[1] = lines[1].replace('"seq":2', '"seq": 2')
    log.write_text("\n".join(lines) + "\n", encoding="utf-8")
    code, out, _ = shifan(repo, "check", capsys=capsys)
    assert code == 1
    assert "log/entries.jsonl:2:1: error[S820]" in out
    code, _, err = shifan(repo, "log", "update", capsys=capsys)
    assert code == 1
    assert "S820" in err
    assert log.read_text(encoding="utf-8") == "\n".join(lines) + "\n"  # nothing written
    code, out, _ = shifan(repo, "check", "--lang", "en", capsys=capsys)
    assert "unreadable log entry" in out


def test_an_operation_logs_its_event_in_the_same_change(repo: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    before = entries(repo)
    revoke = ("revoke", "ZZ-ENT-0007", "--reason", "falsified", "--document", "郑商务〔2026〕132号")
    code, out, err = shifan(repo, *revoke, capsys=capsys)
    assert code == 0, err
    assert "log/entries.jsonl" in out
    after = entries(repo)
    assert after[: len(before)] == before
    assert len(after) == len(before) + 1
    assert json.loads(after[-1])["event"] == "revoked"
    assert shifan(repo, "check", capsys=capsys)[0] == 0


def test_voiding_a_plaque_logs_it(repo: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    before = entries(repo)
    code, out, err = shifan(repo, "plaque", "void", "26", "--reason", "lost", capsys=capsys)
    assert code == 0, err
    assert "公开日志已追加" in out
    after = entries(repo)
    assert after[: len(before)] == before
    assert json.loads(after[-1]) | {"seq": 0} == {
        "date": TODAY, "document": None, "event": "plaque_voided", "reason": "lost",
        "record": "ZZ-ENT-0007", "serial": 26, "seq": 0,
    }  # fmt: skip


def test_the_log_key_in_pem_form_in_the_repository_fails_check(repo: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    (repo / "log" / "SHIFAN_LOG_KEY").write_bytes(SigningKey.generate().to_pem())
    code, out, _ = shifan(repo, "check", capsys=capsys)
    assert code == 1
    assert "log/SHIFAN_LOG_KEY" in out
    assert "error[S801]" in out


def test_keygen_log_writes_the_public_half_only(repo: Path, tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    private = tmp_path / "outside" / "log.pem"
    private.parent.mkdir()
    code = main(["keygen", "--log", "--out", str(private), "--keys", str(repo / "keys")])
    assert code == 0
    assert private.stat().st_mode & 0o777 == 0o600
    public = json.loads((repo / "log" / "key.json").read_text(encoding="utf-8"))
    assert "d" not in public
    assert public["type"] == "ecdsa-p256-sha256"
    assert shifan(repo, "check", capsys=capsys)[0] == 0
    again = main(
        ["keygen", "--log", "--out", str(tmp_path / "b.pem"), "--keys", str(repo / "keys")]
    )
    assert again == 2  # rotation needs --replace
    inside = main(["keygen", "--log", "--replace", "--out", str(repo / "x.pem"),
                   "--keys", str(repo / "keys")])  # fmt: skip
    assert inside == 1
    assert not (repo / "x.pem").exists()
