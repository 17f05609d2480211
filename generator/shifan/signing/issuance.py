"""Issuing and voiding plaques: decide, sign, and produce the event to append. Pure.

`plan_issue` and `plan_void` take the loaded roster and return what to append to which
record file; the commands write it. Nothing here reads the clock or touches files.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from shifan.documents.records import FORM_LABELS
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
            "这把私钥的公钥不在 keys/ 中 (public key not published)",
            hint="请用 `./run shifan keygen` 生成、且 keys/<kid>.json 已提交的密钥签发",
        )
    if record.status is not KeyStatus.ACTIVE:
        raise CryptoError(
            f"密钥 {record.kid} 的状态为 {record.status}, 不能再签发 (may no longer sign)",
            hint="用 `./run shifan keygen` 生成新密钥 (见密钥指南中的轮换步骤)",
        )
    if not record.covers(today):
        raise CryptoError(
            f"密钥 {record.kid} 只能在 {record.not_before} 至 {record.not_after or '(无截止)'} "
            f"期间签发, 今天是 {today}",
            hint="换用当前有效的密钥; 如需按其他日期判断, 请用 --today",
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
            f"名册中没有示范单位或领军人物 {subject_id!r} (no such unit or figure)",
            hint="按文件名填写编号, 例如 ZZ-ENT-0042",
        )
    title = title_of(record)
    form = form or title.form
    if isinstance(record, Figure) and form is not PlaqueForm.CERTIFICATE:
        raise RegistryError(
            f"{subject_id} 是领军人物: 领军人物只发证书, 不发牌匾",
            hint="去掉 --form plaque (或写 --form certificate)",
        )
    valid_until = status.next_review_due if isinstance(record, Unit) else None
    if status.state not in ISSUABLE:
        hint = (
            "先登记复审结果 (./run shifan review …)"
            if status.state is State.REVIEW_OVERDUE
            else "只向持有称号的单位发放牌匾"
        )
        raise RegistryError(
            f"{subject_id} 在 {today} 的状态为「{status.label}」, 不予发放",
            hint=hint,
            loc=record.loc,
        )
    for plaque in a.plaques[record.id]:
        if plaque.active and plaque.form is form:
            raise RegistryError(
                f"{subject_id} 已有一份有效的{FORM_LABELS[form.value]} (牌匾编号 {plaque.serial})",
                hint=f"如需补发, 先作废旧的: ./run shifan plaque void {plaque.serial} "
                "--reason replaced",
                loc=record.loc,
            )
    awarded = status.awarded_on
    if awarded is None and isinstance(record, Figure):
        awarded = dt.date(record.year, 1, 1)
    if awarded is None:
        raise RegistryError(f"{subject_id} 没有认定日期", loc=record.loc)
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
        raise CryptoError("新签名验证不通过, 未写入任何内容")
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
        raise RegistryError(
            f"名册中没有编号为 {serial} 的牌匾或证书",
            hint="填写牌匾编号 (如 49) 或二维码下的核验码 (如 000-049-1)",
        )
    if len(found) > 1:
        places = ", ".join(str(record.loc) for record, _ in found)
        raise RegistryError(
            f"编号 {serial} 被发放了不止一次 ({places}), 无法判断作废哪一份",
            hint="先运行 `./run shifan check` (S811) 并改正重复的编号",
        )
    record, plaque = found[0]
    if plaque.voided:
        raise RegistryError(
            f"{record.id} 的编号 {serial} 已于 {plaque.voided_on} 作废",
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
