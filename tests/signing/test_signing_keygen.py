"""`shifan keygen`: private half 0600 outside any repository, public JWK in keys/."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest

from shifan.cli import main
from shifan.signing.crypto import PublicKey, SigningKey


def test_keygen_writes_0600_private_and_public_jwk(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    keys = tmp_path / "repo" / "keys"
    secret = tmp_path / "secret"
    secret.mkdir()
    old = os.umask(0)
    try:
        code = main(
            ["keygen", "--kid", "7", "--out", str(secret / "k.pem"), "--keys", str(keys),
             "--label", "签名密钥 2026", "--today", "2026-01-01"]
        )  # fmt: skip
    finally:
        os.umask(old)
    assert code == 0
    mode = stat.S_IMODE((secret / "k.pem").stat().st_mode)
    assert mode == 0o600
    private = SigningKey.from_pem((secret / "k.pem").read_bytes())
    jwk = json.loads((keys / "7.json").read_text(encoding="utf-8"))
    assert "d" not in jwk
    assert jwk["kid"] == "7"
    assert jwk["status"] == "active"
    assert jwk["not_before"] == "2026-01-01"
    assert jwk["label"] == "签名密钥 2026"
    assert jwk["demo"] is False
    assert PublicKey.from_jwk(jwk) == private.public_key()
    assert private.public_key().thumbprint() in capsys.readouterr().out


def test_keygen_encrypts_with_passphrase_from_env(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SHIFAN_TEST_PASS", "long passphrase")
    out = tmp_path / "k.pem"
    keys = str(tmp_path / "repo" / "keys")
    args = ["keygen", "--kid", "2", "--out", str(out), "--keys", keys, "--demo",
            "--passphrase-env", "SHIFAN_TEST_PASS", "--not-before", "2020-02-02"]  # fmt: skip
    assert main(args) == 0
    assert b"ENCRYPTED PRIVATE KEY" in out.read_bytes()
    key = SigningKey.from_pem(out.read_bytes(), b"long passphrase")
    jwk = json.loads((tmp_path / "repo" / "keys" / "2.json").read_text(encoding="utf-8"))
    assert jwk["demo"] is True
    assert jwk["not_before"] == "2020-02-02"
    assert PublicKey.from_jwk(jwk) == key.public_key()
    monkeypatch.delenv("SHIFAN_TEST_PASS")
    args[4] = str(tmp_path / "other.pem")
    args[2] = "3"
    assert main(args) == 2


def test_keygen_refuses_paths_inside_the_repository(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    repo = tmp_path / "repo"
    (repo / ".git").mkdir(parents=True)
    (repo / "deep" / "er").mkdir(parents=True)
    (tmp_path / "link").symlink_to(repo / "deep")
    keys = repo / "keys"
    for out in (repo / "k.pem", repo / "deep" / "er" / "k.pem", tmp_path / "link" / "k.pem"):
        assert main(["keygen", "--kid", "1", "--out", str(out), "--keys", str(keys)]) == 1
        assert "拒绝把私钥写进仓库" in capsys.readouterr().err
        assert not out.exists()
    assert not keys.exists()
    # Another git work tree is refused too, even when keys/ lives elsewhere.
    other = tmp_path / "other"
    (other / ".git").mkdir(parents=True)
    assert main(["keygen", "--kid", "1", "--out", str(other / "k.pem"), "--keys", str(keys)]) == 1


def test_keygen_refuses_taken_kid_existing_file_and_bad_kid(tmp_path: Path) -> None:
    keys = tmp_path / "repo" / "keys"
    out = tmp_path / "a.pem"
    assert main(["keygen", "--kid", "1", "--out", str(out), "--keys", str(keys)]) == 0
    before = out.read_bytes()
    assert main(["keygen", "--kid", "2", "--out", str(out), "--keys", str(keys)]) == 2
    assert out.read_bytes() == before
    assert (
        main(["keygen", "--kid", "1", "--out", str(tmp_path / "b.pem"), "--keys", str(keys)]) == 2
    )
    assert not (tmp_path / "b.pem").exists()
    for kid in ("0", "65536", "01", "x"):
        assert (
            main(["keygen", "--kid", kid, "--out", str(tmp_path / "c.pem"), "--keys", str(keys)])
            == 2
        )


def test_keygen_leaves_no_orphan_private_key(tmp_path: Path) -> None:
    keys = tmp_path / "repo" / "keys"
    keys.parent.mkdir()
    keys.write_text("not a folder", encoding="utf-8")
    out = tmp_path / "k.pem"
    assert main(["keygen", "--kid", "1", "--out", str(out), "--keys", str(keys)]) == 1
    assert not out.exists()
