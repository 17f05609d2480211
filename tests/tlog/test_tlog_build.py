"""`shifan build` publishes the log: entries, a checkpoint signed with SHIFAN_LOG_KEY (or
unsigned, said so), the key, and proofs that `shifan log verify` accepts."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from shifan.cli import main
from shifan.signing.crypto import SigningKey
from shifan.tlog.note import ORIGIN, LogKey
from support import REPO, small_registry

TODAY = "2026-12-01"


def test_build_signs_with_the_secret_and_says_when_it_cannot(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: Any
) -> None:
    registry = small_registry(tmp_path / "repo")
    assert main(["log", "update", "--registry", str(registry), "--today", TODAY]) == 0
    key = SigningKey.generate()
    (registry.parent / "log" / "key.json").write_text(
        json.dumps(LogKey(ORIGIN, key.public_key()).to_json()), encoding="utf-8"
    )
    build = ["build", "--registry", str(registry), "--today", TODAY,
             "--config-file", str(REPO / "mkdocs.yml")]  # fmt: skip

    monkeypatch.delenv("SHIFAN_LOG_KEY", raising=False)
    assert main([*build, "--out", str(tmp_path / "unsigned")]) == 0
    assert "检查点未签名" in capsys.readouterr().out
    monkeypatch.setenv("SHIFAN_LOG_KEY", key.to_pem().decode())
    assert main([*build, "--out", str(tmp_path / "signed")]) == 0
    assert "未签名" not in capsys.readouterr().out

    signed, unsigned = tmp_path / "signed", tmp_path / "unsigned"
    assert main(["log", "verify", "--site", str(signed), "--require-signed"]) == 0
    assert main(["log", "verify", "--site", str(unsigned), "--published", str(signed)]) == 0
    for rel in ("log/entries.jsonl", "log/key.json", "api/units/ZZ-PRK-0001.json"):
        assert (signed / rel).read_bytes() == (unsigned / rel).read_bytes(), rel
    body = (unsigned / "log" / "checkpoint").read_text(encoding="utf-8")
    assert (
        (signed / "log" / "checkpoint").read_text(encoding="utf-8").startswith(body + "\n\u2014 ")
    )
    unit = json.loads((signed / "api/units/ZZ-PRK-0001.json").read_text(encoding="utf-8"))
    assert [json.loads(e["leaf"])["event"] for e in unit["log"]["entries"]] == ["awarded"]

    monkeypatch.setenv("SHIFAN_LOG_KEY", SigningKey.generate().to_pem().decode())
    assert main([*build, "--out", str(tmp_path / "wrong")]) == 1
    assert "log/key.json" in capsys.readouterr().err
    assert not (tmp_path / "wrong").exists()
