"""ES256 keys and signatures: the only module that imports `cryptography`.

Everything else in shifan sees two small types, `SigningKey` (the private half, held only
by the key holder's `shifan` process) and `PublicKey` (x, y coordinates as in a JWK).
Signatures are the raw 64-byte `r‖s` form that WebCrypto produces and verifies, never DER.
Errors raised by the library are translated here into `CryptoError` with a readable message.
"""

from __future__ import annotations

import base64
import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass, field

from cryptography.exceptions import InvalidSignature, UnsupportedAlgorithm
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import (
    decode_dss_signature,
    encode_dss_signature,
)

from shifan.errors import CryptoError

COORD_BYTES = 32
SIGNATURE_BYTES = 2 * COORD_BYTES
ALGORITHM = "ES256"
_CURVE = ec.SECP256R1()


def b64url_encode(data: bytes) -> str:
    """Base64url without padding (RFC 7515 §2)."""
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def b64url_decode(text: str) -> bytes:
    """Strict inverse of `b64url_encode`; raises `CryptoError` on anything else."""
    if not isinstance(text, str) or not text or "=" in text:
        raise CryptoError(f"not base64url without padding: {text!r}")
    try:
        data = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    except (ValueError, TypeError):
        raise CryptoError(f"not base64url: {text!r}") from None
    if b64url_encode(data) != text:
        raise CryptoError(f"not canonical base64url: {text!r}")
    return data


@dataclass(frozen=True)
class PublicKey:
    """A P-256 public key: the affine coordinates, 32 bytes big-endian each."""

    x: bytes
    y: bytes
    _key: ec.EllipticCurvePublicKey = field(compare=False, repr=False)

    @classmethod
    def from_coordinates(cls, x: bytes, y: bytes) -> PublicKey:
        """Build a key from its coordinates, refusing points that are not on the curve."""
        if len(x) != COORD_BYTES or len(y) != COORD_BYTES:
            raise CryptoError("a P-256 public key has 32-byte x and y coordinates")
        try:
            key = ec.EllipticCurvePublicKey.from_encoded_point(_CURVE, b"\x04" + x + y)
        except ValueError:
            raise CryptoError("the x, y coordinates are not a point on P-256") from None
        return cls(x=x, y=y, _key=key)

    @classmethod
    def from_jwk(cls, jwk: Mapping[str, object]) -> PublicKey:
        """Read `kty`, `crv`, `x`, `y` of an EC JWK; other members are the caller's business."""
        if jwk.get("kty") != "EC" or jwk.get("crv") != "P-256":
            raise CryptoError('only EC keys on P-256 are supported ("kty": "EC", "crv": "P-256")')
        x, y = jwk.get("x"), jwk.get("y")
        if not isinstance(x, str) or not isinstance(y, str):
            raise CryptoError('a JWK needs "x" and "y" as base64url strings')
        return cls.from_coordinates(b64url_decode(x), b64url_decode(y))

    def to_jwk(self) -> dict[str, str]:
        """The key's required JWK members (RFC 7518 §6.2.1)."""
        return {"kty": "EC", "crv": "P-256", "x": b64url_encode(self.x), "y": b64url_encode(self.y)}

    def thumbprint(self) -> str:
        """RFC 7638 JWK thumbprint (SHA-256, base64url): the key's fingerprint."""
        members = self.to_jwk()
        canonical = json.dumps(
            {name: members[name] for name in ("crv", "kty", "x", "y")},
            separators=(",", ":"),
            sort_keys=True,
        )
        return b64url_encode(hashlib.sha256(canonical.encode("ascii")).digest())

    def spki_der(self) -> bytes:
        """The key as DER SubjectPublicKeyInfo (what a signed note's ECDSA key ID hashes)."""
        return self._key.public_bytes(
            serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
        )

    def verify_der(self, signature: bytes, message: bytes) -> bool:
        """True when `signature` is an ASN.1 DER ECDSA P-256/SHA-256 signature of `message`."""
        try:
            self._key.verify(signature, message, ec.ECDSA(hashes.SHA256()))
        except (InvalidSignature, ValueError):
            return False
        return True

    def verify(self, signature: bytes, message: bytes) -> bool:
        """True when `signature` is a raw 64-byte r‖s ES256 signature of `message`."""
        if len(signature) != SIGNATURE_BYTES:
            return False
        r = int.from_bytes(signature[:COORD_BYTES], "big")
        s = int.from_bytes(signature[COORD_BYTES:], "big")
        if r == 0 or s == 0:
            return False
        try:
            self._key.verify(encode_dss_signature(r, s), message, ec.ECDSA(hashes.SHA256()))
        except InvalidSignature:
            return False
        return True


class SigningKey:
    """The private half of an ES256 key. Never written anywhere but the holder's key file."""

    __slots__ = ("_key",)

    def __init__(self, key: ec.EllipticCurvePrivateKey) -> None:
        if not isinstance(key.curve, ec.SECP256R1):
            raise CryptoError(f"私钥的曲线是 {key.curve.name}, 不是 P-256 (not P-256)")
        self._key = key

    def __repr__(self) -> str:
        return "SigningKey(<private>)"

    @classmethod
    def generate(cls) -> SigningKey:
        return cls(ec.generate_private_key(_CURVE))

    @classmethod
    def derive_insecure(cls, seed: str) -> SigningKey:
        """A key derived from a public seed, for reproducible test vectors ONLY: anyone who
        knows the seed can sign with it, so such a key must never sign a real plaque."""
        order = 0xFFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551
        scalar = int.from_bytes(hashlib.sha256(seed.encode()).digest(), "big") % (order - 1) + 1
        return cls(ec.derive_private_key(scalar, _CURVE))

    @classmethod
    def from_pem(cls, data: bytes, passphrase: bytes | None = None) -> SigningKey:
        """Load a PEM private key (PKCS#8 or SEC1), decrypting it with `passphrase` if given."""
        try:
            key = serialization.load_pem_private_key(data, password=passphrase)
        except TypeError as exc:
            if passphrase is None:
                raise CryptoError(
                    "私钥已加密, 需要口令 (the private key is encrypted)",
                    hint="用 --passphrase-env 变量名 给出存放口令的环境变量",
                ) from exc
            raise CryptoError(
                "私钥未加密, 却给了口令 (the private key is not encrypted)",
                hint="去掉 --passphrase-env",
            ) from exc
        except (ValueError, UnsupportedAlgorithm) as exc:
            raise CryptoError(
                "无法读取私钥: 口令不对, 或不是 PEM 格式的私钥 (cannot load the private key)",
                hint="检查 --key 指向 `./run shifan keygen` 生成的私钥文件, 以及口令",
            ) from exc
        if not isinstance(key, ec.EllipticCurvePrivateKey):
            raise CryptoError("这不是椭圆曲线 (ES256) 私钥 (not an ES256 key)")
        return cls(key)

    def to_pem(self, passphrase: bytes | None = None) -> bytes:
        """PEM PKCS#8, encrypted with the best available scheme when `passphrase` is given."""
        encryption: serialization.KeySerializationEncryption = (
            serialization.BestAvailableEncryption(passphrase)
            if passphrase
            else serialization.NoEncryption()
        )
        return self._key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, encryption
        )

    def public_key(self) -> PublicKey:
        numbers = self._key.public_key().public_numbers()
        return PublicKey.from_coordinates(
            numbers.x.to_bytes(COORD_BYTES, "big"), numbers.y.to_bytes(COORD_BYTES, "big")
        )

    def sign(self, message: bytes) -> bytes:
        """ES256 signature of `message` as raw r‖s, 32 bytes big-endian each."""
        der = self._key.sign(message, ec.ECDSA(hashes.SHA256()))
        r, s = decode_dss_signature(der)
        return r.to_bytes(COORD_BYTES, "big") + s.to_bytes(COORD_BYTES, "big")

    def sign_der(self, message: bytes) -> bytes:
        """ECDSA P-256/SHA-256 signature of `message` in ASN.1 DER (signed notes, type 0x02)."""
        return self._key.sign(message, ec.ECDSA(hashes.SHA256()))


def is_der_private_key(der: bytes) -> bool:
    """Whether `der` is exactly one DER private key (PKCS#8, encrypted PKCS#8, SEC1, PKCS#1, DSA).

    Used by the repository scan to confirm a candidate it found by its ASN.1 shape. An
    encrypted key counts: the library asks for its password, which proves what it is.
    """
    try:
        serialization.load_der_private_key(der, password=None, unsafe_skip_rsa_key_validation=True)
    except TypeError:
        return True
    except (ValueError, UnsupportedAlgorithm):
        return False
    return True
