"""Re-review (复审, every 2 years) and revocation (撤销称号), 四、实施办法(三).

A municipal unit holding its title is reviewed; a failed review ends the title, and the
revocation that follows records its decision (`reason: failed_review`). A unit found to have
falsified its application or to operate illegally is revoked at once, and the status then
bars any application from it for 3 years — the bar follows from the reason, never written.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from shifan.errors import RegistryError
from shifan.model import REVOCATION_LABELS, Level, ReviewResult, RevocationReason
from shifan.operations import Plan, event_append, not_after_today, unit_of

if TYPE_CHECKING:
    from shifan.assessment import Assessment

REVOCATION_PENDING = "S904"
"""The assessment's finding "failed its review; no revocation is recorded"."""


def revocation_pending(a: Assessment, unit_id: str) -> bool:
    """The unit failed its review and its revocation is not recorded yet (per the check)."""
    unit = unit_of(a, unit_id)
    return any(p.code == REVOCATION_PENDING and p.loc.path == unit.loc.path for p in a.problems)


def plan_review(a: Assessment, unit_id: str, *, passed: bool, day: dt.date, document: str) -> Plan:
    unit = unit_of(a, unit_id)
    status = a.units[unit.id]
    not_after_today(a, day, "复审")
    if unit.level is not Level.MUNICIPAL:
        raise RegistryError(
            f"{unit.id} 是{unit.level}称号, 由授予机关管理, 市级不复审",
            loc=unit.loc,
        )
    if not status.holds_title:
        raise RegistryError(
            f"{unit.id} 当前状态为「{status.label}」, 不持有称号, 不能复审",
            hint="复审只针对已认定且未撤销的单位",
            loc=unit.loc,
        )
    if status.awarded_on is not None and day < status.awarded_on:
        raise RegistryError(f"复审日期 {day} 早于认定日期 {status.awarded_on}", loc=unit.loc)
    result = ReviewResult.PASSED if passed else ReviewResult.FAILED
    append = event_append(
        unit, {"type": "review", "date": day, "result": str(result), "document": document}
    )
    lines: tuple[str, ...]
    if passed:
        lines = (f"{unit.id} {unit.name}: 复审通过 ({day}, {document}); 下次复审 2 年后",)
    else:
        lines = (
            f"{unit.id} {unit.name}: 复审不合格 ({day}, {document}), 称号随之失去",
            f"下一步: shifan revoke {unit.id} --reason failed-review --document <撤销文号>",
        )
    return Plan(appends=(append,), summary=lines)


def plan_revoke(
    a: Assessment, unit_id: str, *, reason: RevocationReason, day: dt.date, document: str
) -> Plan:
    unit = unit_of(a, unit_id)
    status = a.units[unit.id]
    not_after_today(a, day, "撤销")
    pending = revocation_pending(a, unit_id)
    if reason is RevocationReason.FAILED_REVIEW and not pending:
        raise RegistryError(
            f"{unit.id} 没有未处理的复审不合格记录, 不能以「复审不合格」撤销",
            hint=f"先登记复审结果: shifan review {unit.id} --result fail …",
            loc=unit.loc,
        )
    if not (pending or status.holds_title):
        raise RegistryError(
            f"{unit.id} 当前状态为「{status.label}」, 不持有称号, 无可撤销",
            loc=unit.loc,
        )
    if status.since is not None and day < status.since:
        raise RegistryError(f"撤销日期 {day} 早于上一事项 ({status.since})", loc=unit.loc)
    append = event_append(
        unit, {"type": "revoked", "date": day, "reason": str(reason), "document": document}
    )
    lines = [f"{unit.id} {unit.name}: 撤销称号 ({REVOCATION_LABELS[reason]}, {day}, {document})"]
    for plaque in a.plaques.get(unit.id, ()):
        if not plaque.voided:
            lines.append(
                f"收回牌匾 {plaque.serial}: 收回后运行 shifan plaque void {plaque.serial} "
                "--reason recalled"
            )
    return Plan(appends=(append,), summary=tuple(lines))
