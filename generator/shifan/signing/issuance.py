"""Issuing and voiding plaques: decide, sign, and produce the event to append. Pure.

`plan_issue` and `plan_void` take the loaded roster and return what to append to which
record file; the commands write it. Nothing here reads the clock or touches files.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from shifan.errors import CryptoError, RegistryError
from shifan.model import (
    Event,
    Figure,
    Loc,
    PlaqueForm,
    Roster,
    Unit,
    VoidReason,
)
from shifan.signing.crypto import SigningKey
from shifan.signing.keys import KeyRecord, KeyStatus
from shifan.signing.token import Token, encode_payload, seal, title_of
from shifan.status import State
from shifan.yamlappend import Scalar

if TYPE_CHECKING:
    from shifan.assessment import Assessment

ISSUABLE = frozenset({State.AWARDED, State.REVIEW_DUE})


@dataclass(frozen=True)
class Append:
    """One event to append to the record file at `loc.path` (relative to the registry's parent)."""

    loc: Loc
    subject: str
    event: dict[str, Scalar]
    token: Token | None = None


def _all_events(roster: Roster) -> Iterable[tuple[Unit | Figure, Event]]:
    for unit in roster.units.values():
        for event in unit.events:
            yield unit, event
    for figure in roster.figures.values():
        for event in figure.events:
            yield figure, event


def next_serial(roster: Roster) -> int:
    """One more than the highest serial ever issued in the roster (voided ones included)."""
    serials = [
        event.serial
        for _, event in _all_events(roster)
        if event.type == "plaque_issued" and event.serial is not None
    ]
    return max(serials, default=0) + 1


def signing_record(keys: Iterable[KeyRecord], key: SigningKey, today: dt.date) -> KeyRecord:
    """The published key matching `key`, if it may sign today; else a `CryptoError`."""
    public = key.public_key()
    for record in keys:
        if record.public == public:
            break
    else:
        raise CryptoError(
            "this private key's public half is not in keys/",
            hint="sign with a key created by `shifan keygen` whose keys/<kid>.json is committed",
        )
    if record.status is not KeyStatus.ACTIVE:
        raise CryptoError(
            f"key {record.kid} is {record.status}: it may no longer sign",
            hint="create a new key with `shifan keygen` (see the key rotation guide)",
        )
    if not record.covers(today):
        raise CryptoError(
            f"key {record.kid} may sign only from {record.not_before} to "
            f"{record.not_after or 'open'}; today is {today}"
        )
    return record


def plan_issue(
    a: Assessment,
    subject_id: str,
    *,
    key: SigningKey,
    form: PlaqueForm | None = None,
) -> Append:
    """Sign a new plaque/certificate for an awarded unit or figure, as of the assessment's day."""
    today, roster = a.today, a.roster
    record = a.record(subject_id)
    status = a.status(subject_id)
    if record is None or status is None:
        raise RegistryError(
            f"no unit or figure {subject_id!r} in the registry",
            hint="give the id exactly as in its file name, e.g. ZZ-ENT-0042",
        )
    title = title_of(record)
    form = form or title.form
    if isinstance(record, Figure) and form is not PlaqueForm.CERTIFICATE:
        raise RegistryError(f"{subject_id} is a figure: figures get a certificate, not a plaque")
    valid_until = status.next_review_due if isinstance(record, Unit) else None
    if status.state not in ISSUABLE:
        hint = (
            "record the re-review (复审) result first"
            if status.state is State.REVIEW_OVERDUE
            else "a plaque is issued only to a unit that holds its title"
        )
        raise RegistryError(
            f"{subject_id} is {status.state} ({status.label}) on {today}: refusing to issue",
            hint=hint,
            loc=record.loc,
        )
    for plaque in a.plaques[record.id]:
        if plaque.active and plaque.form is form:
            raise RegistryError(
                f"{subject_id} already has an active {form} (serial {plaque.serial})",
                hint=f"to re-issue, first `shifan plaque void {plaque.serial} --reason replaced`",
                loc=record.loc,
            )
    awarded = status.awarded_on
    if awarded is None and isinstance(record, Figure):
        awarded = dt.date(record.year, 1, 1)
    if awarded is None:
        raise RegistryError(f"{subject_id} has no award date", loc=record.loc)
    signer = signing_record(a.keys, key, today)
    serial = next_serial(roster)
    payload = encode_payload(
        form=form,
        kid=int(signer.kid),
        serial=serial,
        kind=title.kind,
        enterprise_class=title.enterprise_class,
        level=title.level,
        awarded=awarded,
        valid_until=valid_until,
        subject=subject_id,
    )
    token = seal(payload, key.sign)
    if not signer.public.verify(token.signature, token.signed_input):
        raise CryptoError("the new signature does not verify; nothing was written")
    event: dict[str, Scalar] = {
        "type": "plaque_issued",
        "date": today,
        "serial": serial,
        "kid": signer.kid,
        "form": str(form),
        "valid_until": valid_until,
        "token": token.to_digits(),
    }
    return Append(loc=record.loc, subject=subject_id, event=event, token=token)


def plan_void(
    a: Assessment,
    serial: int,
    *,
    reason: VoidReason,
    document: str | None = None,
) -> Append:
    """Void plaque `serial` as of the assessment's day (issued once, and not yet voided)."""
    found = a.plaque(serial)
    if not found:
        raise RegistryError(f"no plaque or certificate with serial {serial} in the registry")
    if len(found) > 1:
        places = ", ".join(str(record.loc) for record, _ in found)
        raise RegistryError(
            f"serial {serial} is issued more than once ({places}): refusing to guess which",
            hint="run `shifan check` (S811) and correct the duplicate serial first",
        )
    record, plaque = found[0]
    if plaque.voided:
        raise RegistryError(
            f"serial {serial} of {record.id} was already voided on {plaque.voided_on}",
            loc=record.loc,
        )
    void: dict[str, Scalar] = {
        "type": "plaque_voided",
        "date": a.today,
        "serial": serial,
        "reason": str(reason),
        "document": document,
    }
    return Append(loc=record.loc, subject=str(record.id), event=void)
