"""`shifan log verify`: a site's checkpoint, signature and proofs, and that a new log extends
the published one — across real git history (appended, rewritten, truncated), from a folder
and from a URL on 127.0.0.1."""

from __future__ import annotations

import base64
import json
from pathlib import Path
from typing import Any

import pytest

from shifan.cli import main
from shifan.signing.crypto import SigningKey
from shifan.tlog.note import ORIGIN, LogKey
from support_operations import git
from support_tlog import TODAY, publish

ENT7 = "registry/units/enterprise/ZZ-ENT-0007.yaml"


def verify(capsys: Any, *args: str) -> tuple[int, str]:
    capsys.readouterr()
    code = main(["log", "verify", *args])
    return code, capsys.readouterr().out


def log_revocation(repo: Path) -> None:
    """A change on the current branch: a revocation, logged by the operations command."""
    revoke = ["revoke", "ZZ-ENT-0007", "--reason", "falsified", "--document", "郑商务〔2026〕132号"]
    code = main([*revoke, "--registry", str(repo / "registry"), "--today", TODAY])
    assert code == 0
    git(repo, "commit", "-qam", "revoke ZZ-ENT-0007")


@pytest.fixture
def signer(repo: Path) -> SigningKey:
    key = SigningKey.generate()
    (repo / "log" / "key.json").write_text(
        json.dumps(LogKey(ORIGIN, key.public_key()).to_json()), encoding="utf-8"
    )
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "publish the log key")
    return key


def test_history_appended_verifies_rewritten_or_truncated_does_not(
    repo: Path, tmp_path: Path, signer: SigningKey, capsys: Any, static_server: Any
) -> None:
    published = publish(repo, tmp_path / "published", signer)
    base = git(repo, "rev-parse", "HEAD").strip()
    log_revocation(repo)
    new = publish(repo, tmp_path / "new", signer)
    code, out = verify(capsys, "--site", str(new), "--published", str(published))
    assert code == 0, out
    assert "检查点签名有效" in out
    assert "inclusion proofs verified" in out
    assert "extends" in out
    server = static_server(published)
    code, out = verify(capsys, "--site", str(new), "--published", server.url + "/")
    assert code == 0, out
    assert "/log/checkpoint" in server.paths

    # A fork: from the published commit, the same revocation logged by rewriting line 1.
    git(repo, "checkout", "-q", "-b", "fork", base)
    log = repo / "log" / "entries.jsonl"
    lines = log.read_text(encoding="utf-8").splitlines()
    lines[0], lines[1] = (
        lines[1].replace('"seq":2', '"seq":1'),
        lines[0].replace('"seq":1', '"seq":2'),
    )
    log.write_text("\n".join(lines) + "\n", encoding="utf-8")
    git(repo, "commit", "-qam", "reorder the log")
    log_revocation(repo)
    forked = publish(repo, tmp_path / "forked", signer)
    assert verify(capsys, "--site", str(forked))[0] == 0  # consistent in itself
    code, out = verify(capsys, "--site", str(forked), "--published", server.url)
    assert code == 1
    assert "does not extend the published one" in out

    # Truncated: the published site is newer than the one about to be deployed.
    code, out = verify(capsys, "--site", str(published), "--published", str(new))
    assert code == 1
    assert "shrank" in out


def test_tampered_entries_proofs_or_signature_fail(
    repo: Path, tmp_path: Path, signer: SigningKey, capsys: Any
) -> None:
    site = publish(repo, tmp_path / "site", signer)
    assert verify(capsys, "--site", str(site), "--require-signed")[0] == 0

    doc_path = site / "api" / "units" / "ZZ-ENT-0003.json"
    good_doc = doc_path.read_bytes()
    doc = json.loads(good_doc)
    doc["log"]["entries"][0]["proof"][0] = doc["log"]["entries"][0]["proof"][1]
    doc_path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    code, out = verify(capsys, "--site", str(site))
    assert code == 1
    assert "api/units/ZZ-ENT-0003.json：第 5 条的包含证明不成立" in out
    doc = json.loads(good_doc)
    doc["log"]["entries"].pop()
    doc_path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    code, out = verify(capsys, "--site", str(site))
    assert code == 1
    assert "not the log's entries of it" in out
    doc_path.write_bytes(good_doc)

    entries = site / "log" / "entries.jsonl"
    good = entries.read_bytes()
    entries.write_bytes(
        good.replace("郑商务〔2017〕86号".encode(), "郑商务〔2017〕87号".encode(), 1)
    )
    code, out = verify(capsys, "--site", str(site))
    assert code == 1
    assert "do not match log/entries.jsonl" in out
    entries.write_bytes(good)

    checkpoint = site / "log" / "checkpoint"
    text = checkpoint.read_text(encoding="utf-8")
    sig_line = text.split("\n\n")[1]
    sig = sig_line.split(" ")[2].strip()
    raw = bytearray(base64.b64decode(sig))
    raw[-1] ^= 1
    checkpoint.write_text(
        text.replace(sig, base64.b64encode(bytes(raw)).decode()), encoding="utf-8"
    )
    code, out = verify(capsys, "--site", str(site))
    assert code == 1
    assert "signature does not verify" in out


def test_unsigned_checkpoint_is_reported_and_refused_only_when_required(
    repo: Path, tmp_path: Path, capsys: Any
) -> None:
    site = publish(repo, tmp_path / "site", None)
    code, out = verify(capsys, "--site", str(site))
    assert code == 0
    assert "unsigned" in out
    code, out = verify(capsys, "--site", str(site), "--require-signed")
    assert code == 1
    assert "unsigned" in out
    code, out = verify(capsys, "--site", str(site), "--published", str(tmp_path / "nothing"))
    assert code == 0
    assert "no published log yet" in out


def test_a_signing_key_that_is_not_the_published_one_is_refused(
    repo: Path, tmp_path: Path, signer: SigningKey
) -> None:
    from shifan.tlog.publish import LogKeyError

    with pytest.raises(LogKeyError, match=r"log/key\.json"):
        publish(repo, tmp_path / "site", SigningKey.generate())


def test_usage_errors_exit_2(tmp_path: Path, capsys: Any) -> None:
    assert main(["log", "verify", "--site", str(tmp_path / "missing")]) == 2
    assert main(["log", "verify"]) == 2
    code, out = verify(capsys, "--site", str(tmp_path))
    assert code == 1
    assert "no log/entries.jsonl" in out
