"""The plaque token (docs/token.md, version 1): a pure byte codec and its decimal text form.

Every field has exactly one encoding, so a parsed `Token` re-encodes to the very bytes it
was read from; `Token.signed_input` is what the signature covers.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from shifan.errors import ShifanError
from shifan.model import EnterpriseClass, Figure, Kind, Level, PlaqueForm, Unit

VERSION = 1
CONTEXT = b"SHIFAN-TOKEN\x00"
"""Prefix of the signing input; not transmitted."""
EPOCH = dt.date(2000, 1, 1)
NO_REVIEW = 0xFFFF
"""`valid_until` value meaning "no review date" (figures)."""
HEADER_BYTES = 13
SIGNATURE_BYTES = 64
MAX_SUBJECT = 32
FIGURE = "figure"
"""The token's fifth kind, beside the four unit kinds of `shifan.model.Kind`."""

KINDS: tuple[str, ...] = (
    Kind.PARK,
    Kind.ENTERPRISE,
    Kind.TRAINING_BASE,
    Kind.TOWNSHIP,
    FIGURE,
)
CLASSES: tuple[EnterpriseClass | None, ...] = (
    None,
    EnterpriseClass.PLATFORM_CONSUMER,
    EnterpriseClass.PLATFORM_BUSINESS,
    EnterpriseClass.APPLICATION,
    EnterpriseClass.SERVICE,
)
LEVELS: tuple[Level, ...] = (Level.MUNICIPAL, Level.PROVINCIAL, Level.NATIONAL)
FORMS: tuple[PlaqueForm, ...] = (PlaqueForm.PLAQUE, PlaqueForm.CERTIFICATE)
SUBJECT_RE = re.compile(r"[A-Z0-9-]{1,32}")

CHUNK_BYTES = 6
CHUNK_DIGITS: Mapping[int, int] = {1: 3, 2: 5, 3: 8, 4: 10, 5: 13, 6: 15}
"""Decimal width of a chunk of n bytes: the digits of 256**n - 1."""
_BYTES_OF_WIDTH = {width: size for size, width in CHUNK_DIGITS.items()}


class MalformedToken(ShifanError):
    """Not a code of this registry: wrong length, unknown version, bad field or digits."""


@dataclass(frozen=True)
class Title:
    """What a token states about its holder, as the holder's record says it: the one mapping
    from a record to token fields (issuance writes it, the S807 check compares with it)."""

    subject: str
    kind: str
    enterprise_class: EnterpriseClass | None
    level: Level
    form: PlaqueForm  # the default form: units get a plaque, figures a certificate


def title_of(record: Unit | Figure) -> Title:
    if isinstance(record, Unit):
        return Title(
            record.id, record.kind.value, record.enterprise_class, record.level, PlaqueForm.PLAQUE
        )
    return Title(record.id, FIGURE, None, Level.MUNICIPAL, PlaqueForm.CERTIFICATE)


def _days(day: dt.date, what: str, limit: int) -> int:
    n = (day - EPOCH).days
    if not 0 <= n <= limit:
        raise MalformedToken(f"{what} {day} is outside {EPOCH} … {_date(limit)}")
    return n


def _date(days: int) -> dt.date:
    return EPOCH + dt.timedelta(days=days)


def encode_payload(
    *,
    form: PlaqueForm,
    kid: int,
    serial: int,
    kind: str,
    enterprise_class: EnterpriseClass | None,
    level: Level,
    awarded: dt.date,
    valid_until: dt.date | None,
    subject: str,
) -> bytes:
    """The token bytes before the signature (offsets 0 … 13+L); raises `MalformedToken`."""
    if form not in FORMS:
        raise MalformedToken(f"unknown form {form!r}")
    if kind not in KINDS:
        raise MalformedToken(f"unknown kind {kind!r}")
    if enterprise_class not in CLASSES:
        raise MalformedToken(f"unknown enterprise class {enterprise_class!r}")
    if level not in LEVELS:
        raise MalformedToken(f"unknown level {level!r}")
    if not 0 <= kid <= 0xFFFF:
        raise MalformedToken(f"kid {kid} does not fit in 2 bytes (0 … 65535)")
    if not 1 <= serial <= 0xFFFFFFFF:
        raise MalformedToken(f"serial {serial} is outside 1 … 4294967295")
    if not SUBJECT_RE.fullmatch(subject):
        raise MalformedToken(f"id {subject!r} is not 1–32 characters of A–Z, 0–9 and '-'")
    title = KINDS.index(kind) << 5 | CLASSES.index(enterprise_class) << 2 | LEVELS.index(level)
    until = NO_REVIEW if valid_until is None else _days(valid_until, "valid_until", NO_REVIEW - 1)
    return b"".join(
        (
            bytes([VERSION << 4 | FORMS.index(form)]),
            kid.to_bytes(2, "big"),
            serial.to_bytes(4, "big"),
            bytes([title]),
            _days(awarded, "award date", 0xFFFF).to_bytes(2, "big"),
            until.to_bytes(2, "big"),
            bytes([len(subject)]),
            subject.encode("ascii"),
        )
    )


def signing_input(payload: bytes) -> bytes:
    """What the signature covers: the context prefix followed by the payload."""
    return CONTEXT + payload


def seal(payload: bytes, sign: Callable[[bytes], bytes]) -> Token:
    """Sign `payload` with `sign` (e.g. `SigningKey.sign`) and return the complete token."""
    return parse(payload + sign(signing_input(payload)))


@dataclass(frozen=True, slots=True)
class Token:
    """A decoded token. `kind` is a `shifan.model.Kind` value or `"figure"`."""

    form: PlaqueForm
    kid: int
    serial: int
    kind: str
    enterprise_class: EnterpriseClass | None
    level: Level
    awarded: dt.date
    valid_until: dt.date | None  # None: no review date (0xFFFF)
    subject: str
    signature: bytes

    @property
    def payload(self) -> bytes:
        return encode_payload(
            form=self.form,
            kid=self.kid,
            serial=self.serial,
            kind=self.kind,
            enterprise_class=self.enterprise_class,
            level=self.level,
            awarded=self.awarded,
            valid_until=self.valid_until,
            subject=self.subject,
        )

    @property
    def signed_input(self) -> bytes:
        return signing_input(self.payload)

    def to_bytes(self) -> bytes:
        return self.payload + self.signature

    def to_digits(self) -> str:
        return to_digits(self.to_bytes())


def to_digits(data: bytes) -> str:
    """The decimal text form: 6-byte chunks, each zero-padded to its fixed width."""
    parts = []
    for start in range(0, len(data), CHUNK_BYTES):
        chunk = data[start : start + CHUNK_BYTES]
        parts.append(str(int.from_bytes(chunk, "big")).zfill(CHUNK_DIGITS[len(chunk)]))
    return "".join(parts)


def from_digits(text: str) -> bytes:
    """Inverse of `to_digits`; raises `MalformedToken` for anything it cannot have produced."""
    if not text:
        raise MalformedToken("the token is empty")
    if not text.isascii() or not text.isdigit():
        raise MalformedToken("a token is written in the digits 0–9 only")
    full, rest = divmod(len(text), CHUNK_DIGITS[CHUNK_BYTES])
    widths = [CHUNK_DIGITS[CHUNK_BYTES]] * full
    if rest:
        if rest not in _BYTES_OF_WIDTH:
            raise MalformedToken(f"{len(text)} digits is not the length of any token")
        widths.append(rest)
    out = bytearray()
    pos = 0
    for width in widths:
        size = _BYTES_OF_WIDTH[width]
        value = int(text[pos : pos + width])
        pos += width
        if value >= 256**size:
            raise MalformedToken(f"digits {pos - width + 1}–{pos} do not fit in {size} bytes")
        out += value.to_bytes(size, "big")
    return bytes(out)


def parse(token: str | bytes) -> Token:
    """Decode a token from its digits or bytes; raises `MalformedToken` for anything malformed."""
    data = from_digits(token) if isinstance(token, str) else bytes(token)
    if len(data) < HEADER_BYTES + 1 + SIGNATURE_BYTES:
        raise MalformedToken(f"{len(data)} bytes is too short for a token")
    version, form = data[0] >> 4, data[0] & 0x0F
    if version != VERSION:
        raise MalformedToken(f"unknown token version {version}")
    if form >= len(FORMS):
        raise MalformedToken(f"unknown form {form}")
    serial = int.from_bytes(data[3:7], "big")
    if serial == 0:
        raise MalformedToken("serial 0 is not used (serials start at 1)")
    title = data[7]
    kind, klass, level = title >> 5, (title >> 2) & 0x07, title & 0x03
    if kind >= len(KINDS) or klass >= len(CLASSES) or level >= len(LEVELS):
        raise MalformedToken(f"unknown title byte 0x{title:02x}")
    length = data[12]
    if not 1 <= length <= MAX_SUBJECT:
        raise MalformedToken(f"id length {length} is outside 1–32")
    if len(data) != HEADER_BYTES + length + SIGNATURE_BYTES:
        raise MalformedToken(f"{len(data)} bytes does not match an id of {length} characters")
    raw_subject = data[HEADER_BYTES : HEADER_BYTES + length]
    subject = raw_subject.decode("latin-1")
    if not SUBJECT_RE.fullmatch(subject):
        raise MalformedToken("the id is not made of A–Z, 0–9 and '-'")
    until = int.from_bytes(data[10:12], "big")
    return Token(
        form=FORMS[form],
        kid=int.from_bytes(data[1:3], "big"),
        serial=serial,
        kind=KINDS[kind],
        enterprise_class=CLASSES[klass],
        level=LEVELS[level],
        awarded=_date(int.from_bytes(data[8:10], "big")),
        valid_until=None if until == NO_REVIEW else _date(until),
        subject=subject,
        signature=data[HEADER_BYTES + length :],
    )
