"""Offline verdict on a plaque token: genuine (signature, key) and still valid (status).

Pure: the key set, a status lookup and the verifier's date are passed in. The status is a
unit's or figure's typed status document (`shifan.documents`, docs/api.md), whether it was
built from the local roster's assessment or read back from a site.

Checks run in the order documented in docs/token.md (*Verdicts*); the first that fails
decides the verdict.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum

from shifan.documents.records import Revocation, StatusDocument
from shifan.signing.keys import KeyRecord, KeyStatus
from shifan.signing.token import MalformedToken, Token, parse

CLOCK_SKEW = dt.timedelta(days=1)
"""How far the token's dates may lie after the verifier's date, or outside a key's window."""

StatusDoc = StatusDocument
StatusSource = Callable[[Token], StatusDoc | None]
"""Returns the subject's status document (docs/api.md), or None if the registry lacks it."""


class VerdictCode(StrEnum):
    VALID = "valid"
    VALID_RETIRED_KEY = "valid_retired_key"
    REVIEW_OVERDUE = "review_overdue"
    REVOKED = "revoked"
    VOIDED = "voided"
    NOT_ON_RECORD = "not_on_record"
    COMPROMISED_KEY = "compromised_key"
    UNKNOWN_KEY = "unknown_key"
    BAD_SIGNATURE = "bad_signature"
    MALFORMED = "malformed"


@dataclass(frozen=True)
class VerdictInfo:
    exit_code: int
    page_name: str  # the verify page's name for it (tests/vectors/tokens.json "expected")
    genuine: bool  # the bureau issued it
    label: str  # Chinese, as the public reads it


VERDICTS: Mapping[VerdictCode, VerdictInfo] = {
    VerdictCode.VALID: VerdictInfo(0, "valid", True, "真实有效"),
    VerdictCode.VALID_RETIRED_KEY: VerdictInfo(
        3, "valid", True, "真实有效(由已停用的密钥在其有效期内签发)"
    ),
    VerdictCode.REVIEW_OVERDUE: VerdictInfo(4, "overdue", True, "真实,但已逾期未复审"),
    VerdictCode.REVOKED: VerdictInfo(5, "revoked", True, "真实,但称号已被撤销"),
    VerdictCode.VOIDED: VerdictInfo(6, "voided", True, "真实,但此牌匾/证书已作废"),
    VerdictCode.NOT_ON_RECORD: VerdictInfo(7, "not-on-record", True, "签名真实,但名录中无此记录"),
    VerdictCode.COMPROMISED_KEY: VerdictInfo(8, "compromised-key", False, "无效:签名密钥已泄露"),
    VerdictCode.UNKNOWN_KEY: VerdictInfo(9, "unknown-key", False, "无效:未知的签名密钥"),
    VerdictCode.BAD_SIGNATURE: VerdictInfo(10, "forged", False, "无效:签名不符,疑似伪造"),
    VerdictCode.MALFORMED: VerdictInfo(11, "malformed", False, "不是本名录的二维码"),
}
GOOD_STATUSES = frozenset({"awarded", "review_due"})


@dataclass(frozen=True)
class Verdict:
    code: VerdictCode
    detail: str  # one English sentence for the terminal
    token: Token | None = None
    key: KeyRecord | None = None
    status: StatusDoc | None = None
    notes: tuple[str, ...] = ()

    @property
    def info(self) -> VerdictInfo:
        return VERDICTS[self.code]

    @property
    def exit_code(self) -> int:
        return self.info.exit_code


def _title_notes(token: Token, status: StatusDoc) -> list[str]:
    notes = []
    if status.kind != token.kind:
        notes.append(f"the token says kind {token.kind}, the record {status.kind}")
    if status.level is not None and status.level != token.level:
        notes.append(f"the token says level {token.level}, the record {status.level}")
    return notes


def verify_token(
    token_digits: str | bytes,
    keys: Iterable[KeyRecord],
    status_source: StatusSource,
    now: dt.date,
) -> Verdict:
    """The verdict on one token as of the verifier's date `now`."""
    try:
        token = parse(token_digits)
    except MalformedToken as exc:
        return Verdict(VerdictCode.MALFORMED, f"not a code of this registry: {exc.message}")
    by_kid = {key.kid: key for key in keys}
    key = by_kid.get(str(token.kid))
    if key is None:
        return Verdict(
            VerdictCode.UNKNOWN_KEY, f"signed with key {token.kid}, which is not published", token
        )
    if not key.public.verify(token.signature, token.signed_input):
        return Verdict(
            VerdictCode.BAD_SIGNATURE,
            f"the signature does not match key {key.kid}: the code was altered or forged",
            token,
            key,
        )
    if key.status is KeyStatus.COMPROMISED:
        return Verdict(
            VerdictCode.COMPROMISED_KEY,
            f"key {key.kid} was compromised at {key.compromised_at}: nothing it signed is trusted",
            token,
            key,
        )
    notes: list[str] = []
    if token.awarded > now + CLOCK_SKEW:
        notes.append(f"the award date {token.awarded} is after today ({now}); check the clock")
    status = status_source(token)
    if status is None or status.id != token.subject:
        return Verdict(
            VerdictCode.NOT_ON_RECORD,
            f"genuine signature, but the registry has no record of {token.subject}",
            token,
            key,
            status,
            tuple(notes),
        )
    notes += _title_notes(token, status)
    if status.as_of > now + CLOCK_SKEW:
        notes.append(f"the status is dated {status.as_of}, after today ({now}); check the clock")
    entry = status.plaque(token.serial)
    if entry is None or str(entry.kid) != str(token.kid):
        return Verdict(
            VerdictCode.NOT_ON_RECORD,
            f"genuine signature, but serial {token.serial} is not on {token.subject}'s record",
            token,
            key,
            status,
            tuple(notes),
        )
    issued_on = entry.issued_on
    if issued_on is None or not key.covers(issued_on, CLOCK_SKEW):
        window = f"{key.not_before} … {key.not_after or 'open'}"
        return Verdict(
            VerdictCode.BAD_SIGNATURE,
            f"key {key.kid} may sign only inside {window}; this plaque is recorded as issued "
            f"on {issued_on}: treat it as forged",
            token,
            key,
            status,
            tuple(notes),
        )
    if status.status == "revoked" or status.revoked is not None:
        r = status.revoked or Revocation(None, None, None, None)
        return Verdict(
            VerdictCode.REVOKED,
            f"the title was revoked on {r.date} ({r.reason}: {r.reason_label}, {r.document})",
            token,
            key,
            status,
            tuple(notes),
        )
    if not entry.active or entry.voided is not None:
        ended = entry.voided
        return Verdict(
            VerdictCode.VOIDED,
            f"this {token.form} (serial {token.serial}) is {entry.status} since "
            f"{ended.date if ended else None} ({ended.reason if ended else None})",
            token,
            key,
            status,
            tuple(notes),
        )
    state = status.status
    if state == "review_overdue":
        return Verdict(
            VerdictCode.REVIEW_OVERDUE,
            f"genuine, but the re-review due {status.next_review_due} is overdue "
            f"(since {status.overdue_since})",
            token,
            key,
            status,
            tuple(notes),
        )
    if state not in GOOD_STATUSES:
        return Verdict(
            VerdictCode.NOT_ON_RECORD,
            f"genuine signature, but {token.subject}'s record says {state!r}, not awarded",
            token,
            key,
            status,
            tuple(notes),
        )
    if key.status is KeyStatus.RETIRED:
        return Verdict(
            VerdictCode.VALID_RETIRED_KEY,
            f"genuine and valid; signed by key {key.kid}, retired since {key.not_after}, "
            "inside its window",
            token,
            key,
            status,
            tuple(notes),
        )
    return Verdict(VerdictCode.VALID, "genuine and valid", token, key, status, tuple(notes))
