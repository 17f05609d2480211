"""The award (授牌认定) after a notice: the decision on the notice, `awarded` on each unit
and each leading figure it lists.

Only after the notice period has ended, only while no objection is unresolved, and only for
listed units with no upheld objection (四、实施办法(二)). A unit with an upheld objection is
left for `shifan notice close`, which records it as not awarded.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING

from shifan.errors import RegistryError
from shifan.model import Figure, Unit
from shifan.operations import FileWrite, Plan, event_append, not_after_today, notice_of
from shifan.operations.noticefile import add_decision
from shifan.operations.notices import awaiting, period_over, upheld_against
from shifan.yamlappend import Scalar

if TYPE_CHECKING:
    from shifan.assessment import Assessment


def plan_award(
    a: Assessment,
    notice_id: str,
    *,
    document: str,
    day: dt.date,
    units: Sequence[str] = (),
    summary: str | None = None,
    text: str,
) -> Plan:
    """Award the units of notice `notice_id` (all eligible ones, or `units`) on `day`."""
    notice = notice_of(a, notice_id)
    not_after_today(a, day, "认定")
    if not document.strip():
        raise RegistryError("请用 --document 给出认定决定的文号, 例如 郑商务〔2026〕99号")
    if notice.decision is not None:
        raise RegistryError(
            f"公示 {notice.id} 已于 {notice.decision.date} 作出认定决定 "
            f"({notice.decision.document})",
            hint="一份公示只有一个认定决定",
            loc=notice.decision.loc,
        )
    period_over(a, notice, day, "认定")
    upheld = upheld_against(notice)
    pending: dict[str, Unit | Figure] = {u.id: u for u in awaiting(a, notice)}
    chosen = list(units) or [uid for uid in pending if uid not in upheld]
    for unit_id in chosen:
        if unit_id in upheld:
            raise RegistryError(
                f"公示 {notice.id} 期间对 {unit_id} 的异议成立, 不能认定 (objection upheld)",
                hint="异议成立的单位不予认定: 用 `shifan notice close` 登记为未予认定",
                loc=notice.loc,
            )
        if unit_id not in pending:
            raise RegistryError(
                f"{unit_id} 不是公示 {notice.id} 中等待认定的单位或领军人物",
                hint="只能认定列入该公示且尚未认定的单位和领军人物",
                loc=notice.loc,
            )
    if not chosen:
        raise RegistryError(
            f"公示 {notice.id} 中没有可以认定的单位 (所有单位均有成立的异议或已处理)",
            hint="用 `shifan notice close` 结束该公示",
        )
    path = notice.loc.path
    people = sum(1 for uid in chosen if isinstance(pending[uid], Figure))
    named = (
        [f"{len(chosen) - people}家单位为郑州市电子商务示范单位"] if people < len(chosen) else []
    )
    named += [f"{people}人为郑州市电子商务领军人物"] if people else []
    decision: dict[str, Scalar] = {
        "date": day,
        "document": document,
        "summary": summary or f"公示期满, 认定{'、'.join(named)}",
    }
    new = add_decision(text, decision, where=path)
    appends = tuple(
        event_append(pending[unit_id], {"type": "awarded", "date": day, "document": document})
        for unit_id in chosen
    )
    left = [uid for uid in pending if uid not in chosen]
    return Plan(
        writes=(FileWrite(path, new, old=text),),
        appends=appends,
        summary=(
            f"公示 {notice.id}: 写入认定决定 {document} ({day})",
            *(f"{uid} {pending[uid].name}: 认定 (awarded) {document}" for uid in chosen),
            *(
                f"{uid}: 未认定 (领军人物, 以本认定决定为准)"
                if isinstance(pending[uid], Figure)
                else f"{uid}: 未认定; 请用 `shifan notice close {notice.id}` 登记为未予认定"
                for uid in left
            ),
        ),
    )
