"""The log's checkpoint as a signed note (C2SP tlog-checkpoint in C2SP signed-note form).

    <origin>\\n<tree size>\\n<base64 root hash>\\n
    \\n
    — <key name> base64(4-byte key ID || signature)\\n

The signature type is signed-note's `0x02`, ECDSA on P-256 with SHA-256: the key ID is the
first four bytes of SHA-256 of the public key's DER SubjectPublicKeyInfo and the signature is
ASN.1 DER over the note text — the browser's WebCrypto verifies it after re-encoding it as raw
r‖s. The key name is the log's origin. A checkpoint built without the private key has no
signature lines at all: it is the note text alone, and every reader calls it unsigned.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
from dataclasses import dataclass
from typing import Any

from shifan.errors import CryptoError
from shifan.signing.crypto import PublicKey, SigningKey

ORIGIN = "zhengzhou-ecommerce-demonstration-registry/log"
SIGNATURE_TYPE = "ecdsa-p256-sha256"  # signed-note signature type 0x02
MAX_NOTE_BYTES = 16 * 1024


def key_id(public: PublicKey) -> bytes:
    return hashlib.sha256(public.spki_der()).digest()[:4]


@dataclass(frozen=True)
class LogKey:
    """The log's public key as published in `log/key.json` and on the site."""

    name: str
    public: PublicKey

    @property
    def key_id(self) -> bytes:
        return key_id(self.public)

    def to_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "type": SIGNATURE_TYPE,
            "key_id": self.key_id.hex(),
            **self.public.to_jwk(),
        }


def parse_key(text: str) -> LogKey:
    """Read `log/key.json`; raises CryptoError saying what is wrong."""
    try:
        data = json.loads(text)
    except ValueError:
        raise CryptoError("the log key file is not JSON") from None
    if not isinstance(data, dict) or "d" in data:
        raise CryptoError("the log key file must be a public JWK object (no `d`)")
    if data.get("name") != ORIGIN or data.get("type") != SIGNATURE_TYPE:
        raise CryptoError(f'the log key needs "name": "{ORIGIN}", "type": "{SIGNATURE_TYPE}"')
    key = LogKey(ORIGIN, PublicKey.from_jwk(data))
    if data.get("key_id") != key.key_id.hex():
        raise CryptoError(f'"key_id" is not the key\'s ID ({key.key_id.hex()})')
    return key


@dataclass(frozen=True)
class Checkpoint:
    origin: str
    size: int
    root: bytes
    signatures: tuple[tuple[str, bytes], ...] = ()  # (key name, key ID || signature)

    @property
    def body(self) -> str:
        return f"{self.origin}\n{self.size}\n{base64.b64encode(self.root).decode('ascii')}\n"

    def text(self) -> str:
        if not self.signatures:
            return self.body
        lines = "".join(
            f"\u2014 {name} {base64.b64encode(sig).decode('ascii')}\n"
            for name, sig in self.signatures
        )
        return f"{self.body}\n{lines}"

    def signed(self, key: SigningKey, name: str = ORIGIN) -> Checkpoint:
        sig = key_id(key.public_key()) + key.sign_der(self.body.encode("utf-8"))
        return Checkpoint(self.origin, self.size, self.root, ((name, sig),))

    def verified_by(self, key: LogKey) -> bool:
        """Some signature line is the key's (name and ID) and all such lines verify."""
        mine = [s for n, s in self.signatures if n == key.name and s[:4] == key.key_id]
        body = self.body.encode("utf-8")
        return bool(mine) and all(key.public.verify_der(s[4:], body) for s in mine)


def parse_checkpoint(text: str) -> Checkpoint:
    """Read a checkpoint, signed or not; raises CryptoError when it is not one."""
    if len(text.encode("utf-8")) > MAX_NOTE_BYTES or any(ord(c) < 0x20 and c != "\n" for c in text):
        raise CryptoError("not a checkpoint: too long, or control characters")
    body, sep, sig_text = text.rpartition("\n\n")
    if not sep:
        body, sig_text = text.removesuffix("\n"), ""
    lines = body.split("\n")
    if len(lines) < 3 or not text.endswith("\n") or not lines[1].isdigit():
        raise CryptoError("not a checkpoint: origin, tree size and root hash lines expected")
    try:
        root = base64.b64decode(lines[2], validate=True)
    except binascii.Error:
        raise CryptoError("not a checkpoint: the root hash is not base64") from None
    if len(root) != 32 or lines[1] != str(int(lines[1])):
        raise CryptoError("not a checkpoint: a 32-byte root hash and a decimal size expected")
    signatures = []
    for line in sig_text.splitlines():
        dash, _, rest = line.partition(" ")
        name, _, sig64 = rest.partition(" ")
        try:
            sig = base64.b64decode(sig64, validate=True)
        except binascii.Error:
            sig = b""
        if dash != "\u2014" or not name or len(sig) < 5:
            raise CryptoError(f"not a signature line: {line[:80]!r}")
        signatures.append((name, sig))
    return Checkpoint(lines[0], int(lines[1]), root, tuple(signatures))
