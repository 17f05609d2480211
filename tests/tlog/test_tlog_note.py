"""The checkpoint as a C2SP signed note: ECDSA (signature type 0x02), unsigned, tampered."""

from __future__ import annotations

import base64
import hashlib
import json

import pytest

from shifan.errors import CryptoError
from shifan.signing.crypto import SigningKey
from shifan.tlog.note import ORIGIN, Checkpoint, LogKey, parse_checkpoint, parse_key

ROOT = hashlib.sha256(b"root").digest()


def test_signed_checkpoint_round_trips_and_verifies() -> None:
    key = SigningKey.generate()
    log_key = LogKey(ORIGIN, key.public_key())
    text = Checkpoint(ORIGIN, 171, ROOT).signed(key).text()
    body, _blank, sig_line = text.partition("\n\n")
    assert body == f"{ORIGIN}\n171\n{base64.b64encode(ROOT).decode()}"
    assert sig_line.startswith(f"\u2014 {ORIGIN} ")
    assert sig_line.endswith("\n")
    sig = base64.b64decode(sig_line.split(" ")[2])
    # key ID: the first four bytes of SHA-256 of the DER SubjectPublicKeyInfo
    assert sig[:4] == hashlib.sha256(key.public_key().spki_der()).digest()[:4]
    assert sig[4] == 0x30  # ASN.1 DER, as signed-note ECDSA signatures are
    parsed = parse_checkpoint(text)
    assert (parsed.size, parsed.root) == (171, ROOT)
    assert parsed.verified_by(log_key)


def test_a_changed_size_or_another_key_does_not_verify() -> None:
    key = SigningKey.generate()
    text = Checkpoint(ORIGIN, 171, ROOT).signed(key).text()
    assert not parse_checkpoint(text.replace("\n171\n", "\n172\n")).verified_by(
        LogKey(ORIGIN, key.public_key())
    )
    assert not parse_checkpoint(text).verified_by(
        LogKey(ORIGIN, SigningKey.generate().public_key())
    )


def test_unsigned_checkpoint_is_the_note_text_alone() -> None:
    text = Checkpoint(ORIGIN, 3, ROOT).text()
    assert text.count("\n") == 3
    assert "\u2014" not in text
    parsed = parse_checkpoint(text)
    assert parsed.signatures == ()
    assert not parsed.verified_by(LogKey(ORIGIN, SigningKey.generate().public_key()))


@pytest.mark.parametrize(
    "text",
    ["", "origin\n3\n", "origin\nx\nAAAA\n", "origin\n03\n" + "A" * 44 + "\n", "o\n1\nAAAA\n",
     f"o\n1\n{base64.b64encode(ROOT).decode()}\n\nnot a signature\n", "o\x00\n1\n"],
)  # fmt: skip
def test_what_is_not_a_checkpoint_is_refused(text: str) -> None:
    with pytest.raises(CryptoError):
        parse_checkpoint(text)


def test_log_key_file_round_trips_and_refuses_a_private_or_wrong_id() -> None:
    key = LogKey(ORIGIN, SigningKey.generate().public_key())
    doc = key.to_json()
    assert parse_key(json.dumps(doc)) == key
    with pytest.raises(CryptoError, match="key_id"):
        parse_key(json.dumps(doc | {"key_id": "00000000"}))
    with pytest.raises(CryptoError, match="public JWK"):
        parse_key(json.dumps(doc | {"d": "AAAA"}))


def test_an_auditor_without_the_key_gets_the_same_checkpoint_less_its_signature() -> None:
    from shifan.audit.compare import unsigned_note

    unsigned = Checkpoint(ORIGIN, 171, ROOT)
    signed = unsigned.signed(SigningKey.generate())
    assert unsigned_note(signed.text().encode()) == unsigned.text().encode()
    assert unsigned_note(unsigned.text().encode()) == unsigned.text().encode()
