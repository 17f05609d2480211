"""The private-key scan (S801) in real git repositories and plain folders.

Every form of private key is written into a throwaway `git init` repository, in folders the
scan once skipped, and must be reported with its path; public keys and prose must not be.
PEM markers are never written literally here (they come from `cryptography` or are split),
so repository key scanners stay quiet about this file.
"""

from __future__ import annotations

import functools
import json
import os
import subprocess
import time
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import dsa, ec, rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from hypothesis import given, settings
from hypothesis import strategies as st

from shifan.signing import keyscan
from shifan.signing.crypto import b64url_encode
from shifan.signing.keyscan import DER, JWK, private_key_reason, scan_for_private_keys
from support import REPO

PREVIOUSLY_EXEMPT = ("build", "dist", "site", "node_modules", "deep/er/build", "x/node_modules")
JUNK = bytes(range(256)) * 40


@functools.cache
def _ec() -> ec.EllipticCurvePrivateKey:
    return ec.derive_private_key(0x5EC2E7, ec.SECP256R1())


def _pem(key: object, fmt: serialization.PrivateFormat, password: bytes | None = None) -> bytes:
    encryption: serialization.KeySerializationEncryption = (
        serialization.BestAvailableEncryption(password)
        if password
        else serialization.NoEncryption()
    )
    data: bytes = key.private_bytes(serialization.Encoding.PEM, fmt, encryption)  # type: ignore[attr-defined]
    return data


def _der(fmt: serialization.PrivateFormat, password: bytes | None = None) -> bytes:
    encryption: serialization.KeySerializationEncryption = (
        serialization.BestAvailableEncryption(password)
        if password
        else serialization.NoEncryption()
    )
    return _ec().private_bytes(serialization.Encoding.DER, fmt, encryption)


def _jwk_members() -> dict[str, str]:
    numbers = _ec().private_numbers()
    pub = numbers.public_numbers
    return {
        "kty": "EC",
        "crv": "P-256",
        "x": b64url_encode(pub.x.to_bytes(32, "big")),
        "y": b64url_encode(pub.y.to_bytes(32, "big")),
        "d": b64url_encode(numbers.private_value.to_bytes(32, "big")),
    }


@functools.cache
def private_forms() -> dict[str, bytes]:
    """File name → content: every form of private key the scan must find."""
    Fmt = serialization.PrivateFormat
    rsa_key = rsa.generate_private_key(public_exponent=65537, key_size=1024)
    dsa_key = dsa.generate_private_key(key_size=1024)
    jwk = _jwk_members()
    yaml_jwk = "".join(f"{k}: {v}\n" for k, v in jwk.items())
    escaped = json.dumps(jwk).replace('"d"', '"\\u0064"')
    p12 = pkcs12.serialize_key_and_certificates(
        b"shifan", _ec(), None, None, serialization.BestAvailableEncryption(b"pw")
    )
    sec1, pkcs8 = _der(Fmt.TraditionalOpenSSL), _der(Fmt.PKCS8)
    return {
        "ec.pem": _pem(_ec(), Fmt.TraditionalOpenSSL),
        "pkcs8.pem": _pem(_ec(), Fmt.PKCS8),
        "encrypted.pem": _pem(_ec(), Fmt.PKCS8, b"passphrase"),
        "rsa.pem": _pem(rsa_key, Fmt.TraditionalOpenSSL),
        "dsa.pem": _pem(dsa_key, Fmt.TraditionalOpenSSL),
        "openssh.key": _pem(_ec(), Fmt.OpenSSH),
        "jwk.json": json.dumps(jwk).encode(),
        "jwk.yaml": yaml_jwk.encode(),
        "jwk-flow.yml": ("{" + ", ".join(f"{k}: '{v}'" for k, v in jwk.items()) + "}").encode(),
        "escaped.json": escaped.encode(),
        "bundle.p12": p12,
        "bundle.pfx.bin": p12,
        "sec1.der": sec1,
        "pkcs8.der": pkcs8,
        "encrypted.der": _der(Fmt.PKCS8, b"passphrase"),
        "sec1-prefixed.bin": b"\x00" + sec1,
        "pkcs8-prefixed.bin": b"\xff" + pkcs8,
        "sec1-embedded.png": b"\x89PNG\r\n\x1a\n" + JUNK + sec1 + JUNK,
        "pkcs8-embedded.dat": JUNK + pkcs8 + JUNK,
        "bare-base64.env": b"SIGNING_KEY=" + b64(pkcs8) + b"\n",
    }


def b64(data: bytes) -> bytes:
    import base64

    return base64.b64encode(data)


def public_forms() -> dict[str, bytes]:
    """File name → content that must NOT be reported."""
    jwk = _jwk_members()
    public = {k: v for k, v in jwk.items() if k != "d"}
    prose = "Never commit a file with a BEGIN PRIVATE" + " KEY line; the PRIVATE KEY stays offline."
    public_der = (
        _ec()
        .public_key()
        .public_bytes(serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)
    )
    return {
        "public.json": json.dumps(public).encode(),
        "public.yaml": "".join(f"{k}: {v}\n" for k, v in public.items()).encode(),
        "prose.md": prose.encode(),
        "fixture.py": b'MESSAGE = "the private key (PRIVATE KEY) is refused"\n'
        + b"d"
        + b": VeryLongTypeAnnotationName = None\n",  # no kty in this file
        "public.der": public_der,
        "junk.bin": JUNK,
    }


def git(root: Path, *args: str) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    subprocess.run(["git", *args], cwd=root, check=True, capture_output=True, env=env)


def git_repo(root: Path, files: dict[str, bytes], *, add: bool = True) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    git(root, "init", "-q")
    for name, data in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    if add:
        git(root, "add", "-A", "-f")
    return root


def found(root: Path) -> dict[str, str]:
    return {p.loc.path: p.code for p in scan_for_private_keys(root)}


def test_private_key_scan_finds_every_form_in_previously_exempt_folders(tmp_path: Path) -> None:
    files = {
        f"{folder}/{name}": data
        for folder in ("", *PREVIOUSLY_EXEMPT)
        for name, data in private_forms().items()
    }
    files = {name.lstrip("/"): data for name, data in files.items()}
    files.update({f"clean/{name}": data for name, data in public_forms().items()})
    root = git_repo(tmp_path / "repo", files)
    result = found(root)
    missing = sorted(set(files) - set(result) - {n for n in files if n.startswith("clean/")})
    assert missing == []
    assert set(result) == {n for n in files if not n.startswith("clean/")}
    assert set(result.values()) == {"S801"}


def test_private_key_scan_ignores_public_keys_and_prose(tmp_path: Path) -> None:
    root = git_repo(tmp_path / "repo", public_forms())
    assert found(root) == {}


def test_private_key_scan_reads_files_over_2_mb(tmp_path: Path) -> None:
    pem = private_forms()["pkcs8.pem"]
    jwk = private_forms()["jwk.json"]
    files = {
        "big/tail.log": b"x" * 3_000_000 + pem,
        "big/jwk.json": b" " * 2_500_000 + jwk,
        "big/der.bin": JUNK * 500 + private_forms()["sec1.der"] + JUNK,
    }
    assert found(git_repo(tmp_path / "repo", files)) == dict.fromkeys(files, "S801")


def test_private_key_scan_finds_markers_across_read_chunks(tmp_path: Path) -> None:
    from shifan.signing.keyscan import CHUNK

    pem, der = private_forms()["ec.pem"], private_forms()["pkcs8.der"]
    files: dict[str, bytes] = {}
    for k in (1, 2, 3):
        for cut in (5, 20, len(der) // 2):
            files[f"pem-{k}-{cut}.txt"] = b"." * (k * CHUNK - cut) + pem + b"." * 100
            files[f"der-{k}-{cut}.bin"] = b"\x01" * (k * CHUNK - cut) + der + b"\x01" * 100
    assert found(git_repo(tmp_path / "repo", files)) == dict.fromkeys(files, "S801")


def test_private_key_scan_covers_untracked_but_not_ignored_files(tmp_path: Path) -> None:
    root = git_repo(tmp_path / "repo", {".gitignore": b"ignored/\n"})
    for name in ("new/key.pem", "ignored/key.pem", "site/key.pem"):
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_bytes(private_forms()["ec.pem"])
    assert found(root) == {"new/key.pem": "S801", "site/key.pem": "S801"}


def test_private_key_scan_never_follows_symlinks_or_blocks_on_fifos(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "key.pem").write_bytes(private_forms()["ec.pem"])
    root = git_repo(tmp_path / "repo", {"README": b"hello\n"})
    (root / "link.pem").symlink_to(outside / "key.pem")
    (root / "linked-dir").symlink_to(outside)
    os.mkfifo(root / "pipe")
    git(root, "add", "link.pem", "linked-dir")
    assert found(root) == {}


def test_private_key_scan_walks_everything_without_git(tmp_path: Path) -> None:
    root = tmp_path / "plain"
    names = ("a.pem", ".venv/lib/k.pem", "site/k.pem", "node_modules/p/k.pem", "build/k.der")
    for name in names:
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        data = private_forms()["sec1.der" if name.endswith(".der") else "ec.pem"]
        (root / name).write_bytes(data)
    (root / "ok.txt").write_bytes(b"nothing here")
    assert found(root) == dict.fromkeys(names, "S801")


def test_private_key_scan_of_the_demo_repository_is_fast() -> None:
    scan_for_private_keys(REPO)  # warm the page cache
    start = time.perf_counter()
    assert scan_for_private_keys(REPO) == []
    assert time.perf_counter() - start < 1.0


@pytest.mark.parametrize("name", ["jwk.yaml", "escaped.json", "bundle.p12", "sec1-prefixed.bin"])
def test_private_key_reason_names_the_form(tmp_path: Path, name: str) -> None:
    root = git_repo(tmp_path / "repo", {name: private_forms()[name]})
    (problem,) = scan_for_private_keys(root)
    assert problem.loc.path == name
    assert "private key material" in problem.message


def test_private_key_reason_of_bytes() -> None:
    assert private_key_reason(private_forms()["jwk.json"]) == JWK
    assert private_key_reason(private_forms()["pkcs8.der"]) == DER
    assert private_key_reason(json.dumps(_jwk_members() | {"d": None}).encode()) is None


def test_private_key_scan_reads_nested_repositories_tracked_or_not(tmp_path: Path) -> None:
    """A nested repository is read file by file: committed as a gitlink (listed without a
    trailing slash, found to be a folder) or untracked (listed as `name/`)."""
    root = git_repo(tmp_path / "repo", {"README": b"hello\n"})
    for name in ("tracked", "loose"):
        git_repo(root / name, {"deep/k.pem": private_forms()["ec.pem"]})
    who = ("-c", "user.name=t", "-c", "user.email=t@example.invalid")
    git(root / "tracked", *who, "commit", "-q", "-m", "nested")
    git(root, "add", "tracked")
    assert found(root) == {"tracked/deep/k.pem": "S801", "loose/deep/k.pem": "S801"}


def test_private_key_scan_of_a_relative_folder(tmp_path: Path, monkeypatch: Any) -> None:
    """Paths are reported relative to the scanned folder, also when it is given as `.`."""
    (tmp_path / "a" / "b").mkdir(parents=True)
    (tmp_path / "a" / "b" / "k.der").write_bytes(private_forms()["sec1.der"])
    (tmp_path / "top.pem").write_bytes(private_forms()["ec.pem"])
    monkeypatch.chdir(tmp_path)
    assert found(Path(".")) == {"a/b/k.der": "S801", "top.pem": "S801"}


@pytest.mark.parametrize("name", ["sec1.der", "pkcs8.der", "encrypted.der", "bundle.p12"])
def test_binary_forms_carry_the_bytes_the_cheap_test_looks_for(name: str) -> None:
    """Text without a `02 01` pair or a `06` byte skips the DER and PKCS#12 searches: every
    binary form has one of them, and is found in a text file whatever surrounds it."""
    data = private_forms()[name]
    assert b"\x02\x01" in data or b"\x06" in data
    for before, after in ((b"", b""), (b"name: x\n" * 50, b"\n" * 7), (JUNK, b"0" * 99)):
        assert private_key_reason(before + data + after) is not None
    assert private_key_reason(b"date: 2024-01-01\n" * 500) is None


@settings(max_examples=150, deadline=None)
@given(
    st.lists(
        st.sampled_from([b"x", b"\\", b'"', b"d", b":", b" ", b"kty", b"M", b"A" * 30, b"\x02"])
        | st.sampled_from(sorted(private_forms().values()))
        | st.binary(max_size=8),
        max_size=12,
    )
)
def test_one_window_files_skip_only_what_cannot_hold_a_key(parts: list[bytes]) -> None:
    """A file read in one window is searched form by form only if it holds one of the signs
    every form needs; the answer is the same as searching it form by form."""
    data = b"".join(parts)
    assert keyscan._whole_reason(data) == keyscan.window_reason(data, keyscan._FileState())
    assert private_key_reason(data) == keyscan.window_reason(data, keyscan._FileState())
