"""What a change does to the public record, in words: compare two judgements of the roster.

`compare(before, after)` takes two `Assessment`s made with the same `today` and returns the
`Change`s between them; `record_changes(old, new)` does the same for one unit, figure or
notice (the per-record history uses it). Texts are plain Chinese with roster values left
raw: whoever prints them escapes them for their medium (`shifan.changes.render`).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from shifan.assessment import Assessment
from shifan.model import (
    KIND_LABELS,
    REVOCATION_LABELS,
    VOID_LABELS,
    Event,
    Figure,
    Notice,
    PlaqueForm,
    RevocationReason,
    Unit,
    VoidReason,
)
from shifan.status import NoticeView, PlaqueState, Status

EVENT_LABELS: Mapping[str, str] = {
    "recommended": "县（市、区）推荐",
    "listed": "列入公示",
    "awarded": "授予称号",
    "rejected": "未予认定",
    "withdrawn": "撤回申请",
    "data_report": "报送数据",
    "review": "复审",
    "funding": "获得资金支持",
    "revoked": "撤销称号",
    "reapplied": "重新申报",
    "plaque_issued": "颁发牌匾/证书",
    "plaque_voided": "牌匾/证书作废",
}
FIELD_LABELS: Mapping[str, str] = {
    "kind": "类别",
    "enterprise_class": "企业类别",
    "level": "级别",
    "name": "名称",
    "credit_code": "统一社会信用代码",
    "district": "所在区县",
    "address": "地址",
    "website": "网站",
    "applied_on": "申报日期",
    "hosts_leading_firm": "引进知名龙头企业",
    "achievements": "主要工作业绩",
    "declared": "申报指标",
    "affiliation_unit": "所在单位",
    "affiliation": "所在单位",
    "field_of_work": "领域",
    "year": "年度",
    "certificate": "证书编号",
    "citation": "事迹",
    "title": "标题",
    "published": "发布日期",
    "working_days": "公示期（工作日）",
    "ends": "公示截止日期",
    "channel": "意见反馈渠道",
    "entries": "公示名单",
    "objections": "异议",
    "decision": "认定决定",
}
_SKIPPED_FIELDS = frozenset({"loc", "field_locs", "id", "events"})

Record = Unit | Figure | Notice


@dataclass(frozen=True)
class Change:
    """One thing a change does. `risky` ones are for a reviewer to look at twice."""

    subject: str  # a record id, a file path, or "" for the roster as a whole
    text: str
    risky: bool = False


@dataclass(frozen=True)
class RecordView:
    """One record as judged: its status label (units, figures) or its notice phase."""

    record: Record
    status: str | None = None
    plaques: tuple[PlaqueState, ...] = ()
    notice: NoticeView | None = None


def view_of(a: Assessment, record_id: str) -> RecordView | None:
    """The record `record_id` as judged in `a` (None when it is not in the roster)."""
    found = a.record(record_id)
    if found is not None:
        status: Status | None = a.status(record_id)
        return RecordView(found, status.label if status else None, a.plaques.get(record_id, ()))
    notice = a.roster.notices.get(record_id)  # type: ignore[call-overload]
    if notice is None:
        return None
    return RecordView(notice, notice=a.notices.get(notice.id))


def _what(record: Record) -> str:
    if isinstance(record, Unit):
        return f"{KIND_LABELS[record.kind]} {record.id} {record.name}"
    if isinstance(record, Figure):
        return f"领军人物 {record.id} {record.name}"
    return f"公示 {record.id}《{record.title}》"


def _value(value: object) -> str:
    if value is None or value == ():
        return "（空）"
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, str | int | float | dt.date):
        return str(value)
    return "（已修改）"


def _plaque(form: PlaqueForm | None, serial: object) -> str:
    return f"{'证书' if form is PlaqueForm.CERTIFICATE else '牌匾'} No. {serial}"


def event_text(event: Event) -> tuple[str, bool]:
    """An added event in words, and whether it is risky."""
    label = EVENT_LABELS.get(event.type, event.type)
    doc = f"（{event.document}）" if event.document else ""
    if event.type == "listed":
        return f"列入公示 {event.notice}", False
    if event.type in ("awarded", "revoked"):
        reason = ""
        if event.type == "revoked" and event.reason in set(RevocationReason):
            reason = f"：{REVOCATION_LABELS[RevocationReason(event.reason)]}"
        if not event.document:
            return f"{label}{reason}，但没有决定文件（文号）", True
        return f"{label}{reason}{doc}", False
    if event.type == "review":
        result = {"passed": "通过", "failed": "不合格"}.get(str(event.result), "")
        return f"复审{result}{doc}", False
    if event.type == "plaque_issued":
        return f"新增{_plaque(event.form, event.serial)}", False
    if event.type == "plaque_voided":
        why = ""
        if event.reason in set(VoidReason):
            why = f"（{VOID_LABELS[VoidReason(event.reason)]}）"
        return f"{_plaque(None, event.serial)} 作废{why}", False
    when = f" {event.date}" if event.date else ""
    return f"{label}{when}{doc}", False


def _events_diff(subject: str, old: Sequence[Event], new: Sequence[Event]) -> list[Change]:
    remaining = list(old)
    added: list[Event] = []
    for event in new:
        if event in remaining:
            remaining.remove(event)
        else:
            added.append(event)
    changes = [Change(subject, *event_text(event)) for event in added]
    for event in remaining:
        when = f" {event.date}" if event.date else ""
        label = EVENT_LABELS.get(event.type, event.type)
        changes.append(
            Change(subject, f"删除或改写了已有事件：{label}{when}（事件只应追加）", True)
        )
    return changes


def _plaques_diff(subject: str, old: RecordView, new: RecordView) -> list[Change]:
    changes: list[Change] = []
    after = {p.serial: p for p in new.plaques}
    for plaque in old.plaques:
        now = after.get(plaque.serial)
        name = _plaque(plaque.form, plaque.serial)
        if now is None:
            changes.append(Change(subject, f"{name} 被删除（牌匾只能作废，不能删除）", True))
        elif now.token != plaque.token:
            changes.append(Change(subject, f"{name} 的令牌被修改（已发出的二维码会失效）", True))
        elif now.standing != plaque.standing and not now.voided:
            changes.append(Change(subject, f"{name}：{plaque.label} → {now.label}"))
    return changes


def _fields_diff(subject: str, old: Record, new: Record) -> list[Change]:
    changes = []
    for field in dataclasses.fields(new):
        if field.name in _SKIPPED_FIELDS or field.name not in {
            f.name for f in dataclasses.fields(old)
        }:
            continue
        was, now = getattr(old, field.name), getattr(new, field.name)
        if was != now:
            label = FIELD_LABELS.get(field.name, field.name)
            if isinstance(was, tuple | Mapping) or isinstance(now, tuple | Mapping):
                changes.append(Change(subject, f"{label}已修改"))
            else:
                changes.append(Change(subject, f"{label}：{_value(was)} → {_value(now)}"))
    return changes


def _notice_diff(
    old: Notice, new: Notice, was: NoticeView | None, now: NoticeView | None
) -> list[Change]:
    changes = []
    subject = str(new.id)
    if was is not None and was.phase.value == "closed" and old != new:
        changes.append(Change(subject, "公示已结束后又被修改", True))
    before = {e.unit or e.figure for e in old.entries}
    after = {e.unit or e.figure for e in new.entries}
    changes.extend(
        Change(subject, f"公示名单新增 {rid}") for rid in sorted(after - before, key=str)
    )
    changes.extend(
        Change(subject, f"公示名单删除 {rid}") for rid in sorted(before - after, key=str)
    )
    if new.decision is not None and old.decision != new.decision:
        changes.append(Change(subject, f"作出认定决定（{new.decision.document}）"))
    if was is not None and now is not None and was.phase != now.phase:
        changes.append(Change(subject, f"公示状态：{was.label} → {now.label}"))
    return changes


def record_changes(old: RecordView | None, new: RecordView | None) -> list[Change]:
    """What happened to one record between two views of it."""
    if new is None:
        if old is None:
            return []
        return [
            Change(
                str(old.record.id),
                f"删除了{_what(old.record)}（记录只能撤销或撤回，不能删除）",
                True,
            )
        ]
    subject = str(new.record.id)
    if old is None:
        added = [Change(subject, f"新增{_what(new.record)}")]
        if new.notice is not None:
            added.append(Change(subject, f"公示状态：{new.notice.label}"))
        if isinstance(new.record, Unit | Figure):
            added.extend(_events_diff(subject, (), new.record.events))
        return added
    changes = []
    if old.status != new.status:
        changes.append(Change(subject, f"状态：{old.status} → {new.status}"))
    if isinstance(old.record, Notice) and isinstance(new.record, Notice):
        return (
            changes
            + _notice_diff(old.record, new.record, old.notice, new.notice)
            + [
                c
                for c in _fields_diff(subject, old.record, new.record)
                if not c.text.startswith((FIELD_LABELS["entries"], FIELD_LABELS["decision"]))
            ]
        )
    if isinstance(old.record, Unit | Figure) and isinstance(new.record, Unit | Figure):
        changes.extend(_events_diff(subject, old.record.events, new.record.events))
    changes.extend(_plaques_diff(subject, old, new))
    changes.extend(_fields_diff(subject, old.record, new.record))
    return changes


def _ids(a: Assessment) -> list[str]:
    return [*a.roster.units, *a.roster.figures, *a.roster.notices]


def compare(before: Assessment, after: Assessment) -> list[Change]:
    """Every change from `before` to `after` (both judged as of the same day)."""
    changes: list[Change] = []
    ids = dict.fromkeys([*_ids(before), *_ids(after)])
    for record_id in sorted(ids):
        changes.extend(record_changes(view_of(before, record_id), view_of(after, record_id)))
    changes.extend(_reference_changes(before, after))
    errors = len(after.errors)
    if errors:
        changes.append(Change("", f"修改后的名册有 {errors} 个错误（见 shifan check）", True))
    return changes


def _reference_changes(before: Assessment, after: Assessment) -> Iterable[Change]:
    old, new = before.roster, after.roster
    for kind in sorted({*old.standards, *new.standards}):
        if old.standards.get(kind) != new.standards.get(kind):
            yield Change(f"standards/{kind}", f"创建标准已修改：{KIND_LABELS[kind]}")
    if old.targets != new.targets:
        yield Change("targets", "工作目标已修改")
    if old.districts != new.districts:
        yield Change("districts", "区县列表已修改")
    if old.calendar != new.calendar:
        yield Change("calendar", "节假日安排（工作日历）已修改")
