"""Public notices (公示, 四、实施办法(二)): open one, record an objection, resolve it, close.

`plan_open` lists recommended units that meet their standard in a new notice and appends a
`listed` event to each; it lists leading figures (领军人物) not yet awarded too — a figure's
record has no `listed` or `rejected` event: the notice entry and its decision stand for them
(`shifan.status.figure_status`). `plan_object` and `plan_resolve` edit the notice's
`objections:`; `plan_close` ends a notice whose period is over: the units not awarded get
`rejected`, and the notice its decision if it has none. Every decision reads the assessment.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from shifan.errors import RegistryError
from shifan.model import Figure, Notice, NoticeId, Objection, Unit
from shifan.operations import (
    FileWrite,
    Plan,
    event_append,
    figure_of,
    not_after_today,
    notice_of,
    unit_of,
)
from shifan.operations.noticefile import add_decision, add_objection, new_notice_text
from shifan.operations.noticefile import resolve_objection as resolved_text
from shifan.status import NoticePhase, State
from shifan.workdays import UnknownCalendarYear
from shifan.yamlappend import Scalar

if TYPE_CHECKING:
    from shifan.assessment import Assessment

_NOTICE_NUMBER = re.compile(r"GS-(\d{4})-(\d{2,3})")


def next_notice_id(a: Assessment, year: int) -> NoticeId:
    """GS-<year>-NN: one more than the highest number of that year (files that failed to
    load count too, so a number is never taken twice)."""
    numbers = [
        int(m.group(2))
        for name in (*a.roster.notices, *a.roster.unloaded)
        if (m := _NOTICE_NUMBER.fullmatch(name)) and int(m.group(1)) == year
    ]
    return NoticeId(f"GS-{year}-{max(numbers, default=0) + 1:02d}")


def notice_path(notice_id: str) -> str:
    return f"registry/notices/{notice_id}.yaml"


def _listable(a: Assessment, unit: Unit) -> None:
    """Refuse unless `unit` is recommended (pending, in no notice, not barred) and meets its
    standard, as the assessment judges it."""
    status = a.units[unit.id]
    if status.barred_until is not None and status.barred_until >= a.today:
        raise RegistryError(
            f"{unit.id} 的称号已于 {status.revoked_on} 撤销 ({status.revoke_reason}), "
            f"至 {status.barred_until} 前不受理其申报, 不能列入公示 (barred)",
            hint="郑政办〔2016〕54号 四(三): 3年内不再受理其申报",
            loc=unit.loc,
        )
    if status.state is not State.PENDING or status.notice_id is not None:
        where = f", 已列入公示 {status.notice_id}" if status.notice_id else ""
        raise RegistryError(
            f"{unit.id} 当前状态为「{status.label}」{where}: 只有已推荐、尚未公示的单位可以公示",
            hint="先由县(市、区)推荐: 单位文件的 events 以 `recommended` 开始",
            loc=unit.loc,
        )
    if not a.standards[unit.id].met:
        raise RegistryError(
            f"{unit.id} 不符合其创建标准, 不能列入公示 (does not meet its standard)",
            hint="运行 `shifan check` 查看未达标的指标",
            loc=unit.loc,
        )
    if not (unit.achievements and unit.achievements.strip()):
        raise RegistryError(
            f"{unit.id} 没有填写主要工作业绩 `achievements:`, 公示需要列出",
            hint="在单位文件中填写 achievements (一段公开的业绩摘要)",
            loc=unit.loc,
        )


def _listable_figure(a: Assessment, figure: Figure) -> None:
    """Refuse unless `figure` has not been awarded and is in no notice yet."""
    status = a.figures[figure.id]
    if any(e.type == "awarded" for e in figure.events):
        raise RegistryError(
            f"{figure.id} 已认定为领军人物 ({status.label}), 不能再列入公示",
            hint="只有尚未认定的领军人物可以公示: 先用 `shifan new figure` 新建人物文件",
            loc=figure.loc,
        )
    if status.notice_id is not None:
        raise RegistryError(
            f"{figure.id} 已列入公示 {status.notice_id} ({status.label}), 不能重复公示",
            loc=figure.loc,
        )


def plan_open(
    a: Assessment,
    unit_ids: Sequence[str],
    *,
    working_days: int,
    channel: Mapping[str, str | None],
    published: dt.date | None = None,
    title: str | None = None,
    figure_ids: Sequence[str] = (),
) -> Plan:
    """A new notice `GS-<year>-NN` listing `unit_ids` and `figure_ids`, and a `listed` event
    on each unit."""
    day = published or a.today
    not_after_today(a, day, "公示发布")
    if working_days < 1:
        raise RegistryError("公示期至少 1 个工作日", hint="公示期通常为 5 或 7 个工作日")
    ids = [*unit_ids, *figure_ids]
    if len(set(ids)) != len(ids) or not ids:
        raise RegistryError("请列出要公示的单位 (--units) 或领军人物 (--figures), 每个一次")
    units = [unit_of(a, unit_id) for unit_id in unit_ids]
    figures = [figure_of(a, figure_id) for figure_id in figure_ids]
    for unit in units:
        _listable(a, unit)
    for figure in figures:
        _listable_figure(a, figure)
    try:
        ends = a.cal.add_working_days(day, working_days)
    except UnknownCalendarYear as err:
        raise RegistryError(
            f"无法计算公示期: {err.year} 年的法定节假日安排未知, 不能推算工作日 "
            f"(the {err.year} holiday schedule is not known)",
            hint=f"添加 registry/calendar/{err.year}.yaml (国务院办公厅节假日安排通知), "
            "或升级 chinese-calendar",
        ) from None
    notice_id = next_notice_id(a, day.year)
    what = "示范单位" if not figures else "领军人物" if not units else "示范单位和领军人物"
    text = new_notice_text(
        notice_id=notice_id,
        title=title or f"关于{day.year}年度郑州市电子商务{what}拟认定名单的公示",
        published=day,
        working_days=working_days,
        channel=channel,
        entries=[
            *(("unit", u.id, (u.achievements or "").strip()) for u in units),
            *(("figure", f.id, f.citation.strip()) for f in figures),
        ],
    )
    appends = tuple(event_append(u, {"type": "listed", "notice": notice_id}) for u in units)
    return Plan(
        writes=(FileWrite(notice_path(notice_id), text),),
        appends=appends,
        summary=(
            f"新建公示 {notice_id}: {day} 发布, {working_days} 个工作日, 截止 {ends}",
            *(f"{u.id} {u.name}: 列入公示 {notice_id} (listed)" for u in units),
            *(f"{f.id} {f.name}: 列入公示 {notice_id} (领军人物)" for f in figures),
        ),
    )


def _entry_ids(notice: Notice) -> list[str]:
    """The units and figures a notice lists, in its order."""
    return [str(e.unit or e.figure) for e in notice.entries if e.unit or e.figure]


def plan_object(
    a: Assessment, notice_id: str, unit_id: str, *, summary: str, received: dt.date, text: str
) -> Plan:
    """An objection against `unit_id` received during notice `notice_id` (`text`: its file)."""
    notice = notice_of(a, notice_id)
    view = a.notices[notice.id]
    not_after_today(a, received, "异议收到")
    if unit_id not in _entry_ids(notice):
        raise RegistryError(f"{unit_id} 不在公示 {notice.id} 的名单中", loc=notice.loc)
    if view.decided:
        raise RegistryError(f"公示 {notice.id} 已作出认定决定, 不能再登记异议", loc=notice.loc)
    if received < notice.published or (view.ends is not None and received > view.ends):
        raise RegistryError(
            f"异议收到日期 {received} 不在公示期内 ({notice.published} 至 {view.ends})",
            hint="公示期内收到的异议才登记在公示上",
            loc=notice.loc,
        )
    if not summary.strip():
        raise RegistryError("请用 --summary 写明异议的内容摘要 (不含个人信息)")
    field = "figure" if unit_id in a.roster.figures else "unit"
    objection: dict[str, Scalar] = {"received": received, field: unit_id, "summary": summary}
    path = notice.loc.path
    new = add_objection(text, objection, where=path)
    return Plan(
        writes=(FileWrite(path, new, old=text),),
        summary=(f"公示 {notice.id}: 登记对 {unit_id} 的异议 ({received} 收到), 待核查",),
    )


def _open_objections(notice: Notice, unit_id: str) -> list[tuple[int, Objection]]:
    return [
        (i, o)
        for i, o in enumerate(notice.objections)
        if (o.unit or o.figure) == unit_id and o.upheld is None
    ]


def plan_resolve(
    a: Assessment,
    notice_id: str,
    unit_id: str,
    *,
    upheld: bool,
    resolved: dt.date,
    resolution: str,
    received: dt.date | None,
    text: str,
) -> Plan:
    """The outcome of the open objection against `unit_id` (the one received on `received`
    when several are open)."""
    notice = notice_of(a, notice_id)
    not_after_today(a, resolved, "异议处理")
    candidates = [
        (i, o)
        for i, o in _open_objections(notice, unit_id)
        if received is None or o.received == received
    ]
    if not candidates:
        raise RegistryError(
            f"公示 {notice.id} 中没有对 {unit_id} 的待处理异议"
            + (f" (收到日期 {received})" if received else ""),
            loc=notice.loc,
        )
    if len(candidates) > 1:
        days = ", ".join(str(o.received) for _, o in candidates)
        raise RegistryError(
            f"公示 {notice.id} 中对 {unit_id} 有 {len(candidates)} 条待处理异议 ({days})",
            hint="用 --received 指明处理哪一条",
        )
    index, objection = candidates[0]
    if resolved < objection.received:
        raise RegistryError(f"处理日期 {resolved} 早于异议收到日期 {objection.received}")
    if not resolution.strip():
        raise RegistryError("请用 --resolution 写明核查结论")
    path = notice.loc.path
    new = resolved_text(
        text, index, upheld=upheld, resolved=resolved, resolution=resolution, where=path
    )
    outcome = "异议成立 (upheld)" if upheld else "异议不成立 (dismissed)"
    return Plan(
        writes=(FileWrite(path, new, old=text),),
        summary=(f"公示 {notice.id}: 对 {unit_id} 的异议 ({objection.received}) {outcome}",),
    )


def period_over(a: Assessment, notice: Notice, day: dt.date, what: str) -> dt.date:
    """The notice's last day, if its period is over by `day` (and by today)."""
    view = a.notices[notice.id]
    if view.ends is None:
        raise RegistryError(
            f"无法计算公示 {notice.id} 的截止日期 (工作日历未知), 不能{what}",
            hint="运行 `shifan check` (S402) 并补充该年度的节假日安排",
            loc=notice.loc,
        )
    if view.phase is not NoticePhase.CLOSED or day <= view.ends:
        raise RegistryError(
            f"公示 {notice.id} 的公示期至 {view.ends} 结束, {day} 还不能{what}",
            hint=f"公示期满后 ({view.ends} 之后) 再{what}",
            loc=notice.loc,
        )
    unresolved = [o for o in notice.objections if o.upheld is None]
    if unresolved:
        who = ", ".join(f"{o.unit or o.figure} ({o.received})" for o in unresolved)
        raise RegistryError(
            f"公示 {notice.id} 还有未处理的异议: {who}; 不能{what}",
            hint="先用 `shifan notice resolve` 登记核查结论",
            loc=notice.loc,
        )
    return view.ends


def upheld_against(notice: Notice) -> set[str]:
    return {str(o.unit or o.figure) for o in notice.objections if o.upheld}


def awaiting(a: Assessment, notice: Notice) -> list[Unit | Figure]:
    """Units and figures of the notice still awaiting its decision (listed in it, period
    over, not yet decided)."""
    found = []
    for record_id in _entry_ids(notice):
        status, record = a.status(record_id), a.record(record_id)
        if (
            record is not None
            and status is not None
            and status.state is State.PENDING
            and status.notice_id == notice.id
        ):
            found.append(record)
    return found


def plan_close(
    a: Assessment,
    notice_id: str,
    *,
    day: dt.date,
    document: str | None,
    summary: str | None,
    text: str,
) -> Plan:
    """End notice `notice_id`: `rejected` for every unit not awarded; the decision if none."""
    notice = notice_of(a, notice_id)
    not_after_today(a, day, "结束公示")
    period_over(a, notice, day, "结束公示")
    if notice.decision is not None and day < notice.decision.date:
        raise RegistryError(f"结束日期 {day} 早于认定决定日期 {notice.decision.date}")
    rest = awaiting(a, notice)
    upheld = upheld_against(notice)
    writes: tuple[FileWrite, ...] = ()
    lines: list[str] = []
    if notice.decision is None:
        if not document:
            raise RegistryError(
                f"公示 {notice.id} 还没有认定决定: 请用 --document 给出决定文号",
                hint="例如 --document 郑商务〔2026〕99号",
            )
        path = notice.loc.path
        decision: dict[str, Scalar] = {
            "date": day,
            "document": document,
            "summary": summary or "公示期满, 未予认定",
        }
        writes = (FileWrite(path, add_decision(text, decision, where=path), old=text),)
        lines.append(f"公示 {notice.id}: 写入认定决定 {document} ({day})")
    elif not rest:
        raise RegistryError(
            f"公示 {notice.id} 已有认定决定, 名单中没有待处理的单位", loc=notice.loc
        )
    why = document or (notice.decision.document if notice.decision else None)
    appends = []
    for unit in rest:
        if isinstance(unit, Figure):  # no event: the notice's decision records it
            lines.append(f"{unit.id} {unit.name}: 未予认定 (领军人物, 以公示的认定决定为准)")
            continue
        event: dict[str, Scalar] = {"type": "rejected", "date": day, "document": why}
        if unit.id in upheld:
            event["note"] = "公示期间异议成立"
        appends.append(event_append(unit, event))
        lines.append(f"{unit.id} {unit.name}: 未予认定 (rejected)")
    return Plan(writes=writes, appends=tuple(appends), summary=tuple(lines))
