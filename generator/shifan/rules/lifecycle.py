"""The life of a unit: recommended → listed in a notice → awarded → reviewed … → revoked.

S510 events out of date order · S511 municipal unit not starting with `recommended` ·
S512 provincial/national unit without an award · S513 provincial/national unit in a notice ·
S514 provincial/national award without `by` · S515 municipal award without a `listed` event ·
S516 award before the notice period ended · S517 award while an objection is upheld or
open · S518 second award in one cycle · S519 event after revocation/rejection/withdrawal ·
S520 re-application inside the 3-year bar · S521 re-application without a preceding end ·
S522 revocation without an award · S523 event that needs a current title without one ·
S524 plaque voided that was never issued or already voided · S525 event after a failed
review other than the revocation · S526 `recommended` or `listed` out of place in a cycle ·
S527 an event type that figures do not have.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections import defaultdict
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field

from shifan.errors import Problem
from shifan.model import (
    BARRING_REASONS,
    LEVEL_LABELS,
    REVOCATION_LABELS,
    Event,
    Figure,
    Level,
    NoticeId,
    Objection,
    RevocationReason,
    Roster,
    Unit,
)
from shifan.rules._common import (
    BAR_YEARS,
    DYNAMIC_CLAUSE,
    UnknownCalendarYear,
    WorkCalendar,
    add_years,
    error,
    event_date,
    notice_end,
)

NEEDS_TITLE = frozenset({"review", "funding", "data_report", "plaque_issued"})
ENDINGS = frozenset({"revoked", "rejected", "withdrawn"})


@dataclass
class _Context:
    roster: Roster
    ends: Mapping[NoticeId, dt.date]
    objections: Mapping[tuple[NoticeId, str], Sequence[Objection]]
    figure_notices: Mapping[str, Sequence[NoticeId]]


@dataclass
class _Cycle:
    listed: Event | None = None
    awarded: Event | None = None
    failed_review: Event | None = None
    ended: Event | None = None
    started: bool = False
    plaques: set[int] = field(default_factory=set)


def check(roster: Roster, cal: WorkCalendar, today: dt.date) -> Iterator[Problem]:
    ends: dict[NoticeId, dt.date] = {}
    objections: dict[tuple[NoticeId, str], list[Objection]] = defaultdict(list)
    figure_notices: dict[str, list[NoticeId]] = defaultdict(list)
    for notice in roster.notices.values():
        for entry in notice.entries:
            if entry.figure is not None:
                figure_notices[entry.figure].append(notice.id)
        with contextlib.suppress(UnknownCalendarYear):  # reported by the notices rule (S402)
            ends[notice.id] = notice_end(notice, cal)
        for objection in notice.objections:
            subject = objection.unit or objection.figure
            if subject is not None:
                objections[(notice.id, subject)].append(objection)
    ctx = _Context(roster, ends, objections, figure_notices)
    for unit in roster.units.values():
        yield from _order(roster, unit.events)
        yield from _unit(ctx, unit)
    for figure in roster.figures.values():
        yield from _order(roster, figure.events)
        yield from _figure(ctx, figure)


def _order(roster: Roster, events: Sequence[Event]) -> Iterator[Problem]:
    latest: dt.date | None = None
    for event in events:
        day = event.date if event.date is not None else event_date(event, roster)
        if day is None:
            continue
        if latest is not None and day < latest:
            yield error(
                "S510",
                event.at("date") if event.date is not None else event.loc,
                f"`{event.type}` event dated {day} comes after an event dated {latest}",
                "list events in date order (oldest first)",
                zh=(
                    f"日期为 {day} 的 `{event.type}` 事件排在日期为 {latest} 的事件之后",
                    "事件按日期先后排列（早的在前）",
                ),
            )
        else:
            latest = day


def _unit(ctx: _Context, unit: Unit) -> Iterator[Problem]:
    municipal = unit.level is Level.MUNICIPAL
    if municipal and (not unit.events or unit.events[0].type != "recommended"):
        yield error(
            "S511",
            unit.events[0].loc if unit.events else unit.at("events"),
            f"municipal unit {unit.id} does not start with a `recommended` event",
            "a unit applies through its district office, which recommends it to the bureau "
            "(四、实施办法(二)): record `- type: recommended` with date and district first",
            zh=(
                f"市级单位 {unit.id} 的第一条事件不是 `recommended`（推荐）",
                "单位经所在县（市、区）推荐后向市商务局申报（四、实施办法（二））："
                "先登记 `- type: recommended`，写明 date 和 district",
            ),
        )
    if not municipal and not any(e.type == "awarded" for e in unit.events):
        yield error(
            "S512",
            unit.at("events"),
            f"{unit.level} unit {unit.id} has no `awarded` event",
            "record the title it holds: `- type: awarded` with date, document and `by` "
            "(the awarding body)",
            zh=(
                f"{LEVEL_LABELS[unit.level]}单位 {unit.id} 没有 `awarded`（授予）事件",
                "登记它所持的称号：`- type: awarded`，写明 date、document 和 `by`（授予机关）",
            ),
        )
    cycle = _Cycle()
    for event in unit.events:
        ended = cycle.ended
        if ended is not None:
            if event.type == "reapplied":
                yield from _reapplied(unit, ended, event)
                cycle = _Cycle()  # a `recommended` may follow the re-application
            elif not (event.type == "plaque_voided" and ended.type == "revoked"):
                yield error(
                    "S519",
                    event.loc,
                    f"`{event.type}` event after the unit was {ended.type} on {ended.date}",
                    "after a revocation, rejection or withdrawal only `reapplied` (a new "
                    "application) may follow; revoked plaques may still be voided",
                    zh=(
                        f"单位已于 {ended.date} {ended.type}，之后又有 `{event.type}` 事件",
                        "撤销、未通过或撤回之后，只能接 `reapplied`（重新申报）；"
                        "被撤销单位的牌匾仍可作废",
                    ),
                )
            else:
                yield from _plaque_voided(cycle, event)
            continue
        if cycle.failed_review is not None and event.type != "revoked":
            yield error(
                "S525",
                event.loc,
                f"`{event.type}` event after the failed review of {cycle.failed_review.date}",
                "a unit that fails its review loses the title (四、实施办法(三)): record "
                "`- type: revoked` with `reason: failed_review` next",
                zh=(
                    f"复核未通过（{cycle.failed_review.date}）之后又有 `{event.type}` 事件",
                    "复核不合格即取消称号（四、实施办法（三））：接着登记 "
                    "`- type: revoked`，`reason: failed_review`",
                ),
            )
        if event.type in NEEDS_TITLE and cycle.awarded is not None:
            _note(cycle, event)  # it follows the award, as it should: nothing to say
        else:
            yield from _step(ctx, unit, cycle, event)
        cycle.started = True


def _step(ctx: _Context, unit: Unit, cycle: _Cycle, event: Event) -> Iterator[Problem]:
    municipal = unit.level is Level.MUNICIPAL
    if event.type == "recommended" and cycle.started:
        yield _out_of_place(
            event,
            "a cycle starts with it (or with `reapplied`)",
            "每一轮以它开始（或以 `reapplied` 开始）",
        )
    elif event.type == "listed":
        if not municipal:
            yield error(
                "S513",
                event.loc,
                f"{unit.level} unit {unit.id} is listed in a notice",
                "only municipal titles are awarded by the bureau after a notice; record a "
                "provincial/national title as `awarded` with `by`",
                zh=(
                    f"{LEVEL_LABELS[unit.level]}单位 {unit.id} 出现在公示中",
                    "只有市级称号由市商务局公示后授予；省级、国家级称号登记为带 `by` 的 `awarded`",
                ),
            )
        if cycle.awarded is not None:
            yield _out_of_place(
                event,
                "a unit is listed before its award, once per cycle",
                "单位在授予之前公示，每轮一次",
            )
        cycle.listed = event
    elif event.type == "awarded":
        yield from _awarded(ctx, unit, cycle, event)
        cycle.awarded = cycle.awarded or event
    elif event.type == "reapplied":
        yield error(
            "S521",
            event.loc,
            "`reapplied` without a preceding revocation, rejection or withdrawal",
            "a re-application starts a new cycle after the previous one ended; remove it or "
            "record how the previous cycle ended",
            zh=(
                "`reapplied`（重新申报）之前没有撤销、未通过或撤回",
                "重新申报是在上一轮结束之后开始新一轮：删掉它，或登记上一轮是怎样结束的",
            ),
        )
    elif event.type in ENDINGS:
        if event.type == "revoked" and cycle.awarded is None:
            yield error(
                "S522",
                event.loc,
                f"{unit.id} is revoked but holds no title in this cycle",
                "a title is revoked only after it was awarded; use `rejected` or `withdrawn` "
                "for an application that did not succeed",
                zh=(
                    f"{unit.id} 在本轮并未持有称号，却被撤销",
                    "称号授予之后才能撤销；申报未成功请用 `rejected` 或 `withdrawn`",
                ),
            )
        cycle.ended = event
    elif event.type in NEEDS_TITLE and cycle.awarded is None:
        yield _needs_title(event)
    elif event.type == "plaque_voided":
        yield from _plaque_voided(cycle, event)
    _note(cycle, event)


def _note(cycle: _Cycle, event: Event) -> None:
    """What the cycle keeps of an event besides its place: a failed review, a plaque."""
    if event.type == "review" and event.result == "failed":
        cycle.failed_review = event
    if event.type == "plaque_issued" and event.serial is not None:
        cycle.plaques.add(event.serial)


def _awarded(ctx: _Context, unit: Unit, cycle: _Cycle, event: Event) -> Iterator[Problem]:
    if cycle.awarded is not None:
        yield error(
            "S518",
            event.loc,
            f"{unit.id} is awarded again; it already holds the title since {cycle.awarded.date}",
            "one award per cycle; a new award follows a revocation and `reapplied`",
            zh=(
                f"{unit.id} 再次被授予，但它自 {cycle.awarded.date} 起已持有该称号",
                "每轮只授予一次；再次授予须在撤销和 `reapplied` 之后",
            ),
        )
    if unit.level is not Level.MUNICIPAL:
        if not (event.by and event.by.strip()):
            yield error(
                "S514",
                event.loc,
                f"the {unit.level} award of {unit.id} does not say who awarded it",
                "add `by:` with the awarding body, e.g. 河南省商务厅 or 商务部",
                zh=(
                    f"{unit.id} 的{LEVEL_LABELS[unit.level]}称号没有写授予机关",
                    "加上 `by:`，写授予机关，例如 河南省商务厅 或 商务部",
                ),
            )
        return
    if cycle.listed is None or cycle.listed.notice is None:
        yield error(
            "S515",
            event.loc,
            f"municipal unit {unit.id} is awarded without being listed in a notice",
            "the bureau awards only after a public notice (四、实施办法(二)): add "
            "`- type: listed` with the notice id before the award",
            zh=(
                f"市级单位 {unit.id} 未经公示就被授予",
                "市商务局在公示之后才授予（四、实施办法（二））：在授予之前加上 "
                "`- type: listed`，写明公示编号",
            ),
        )
        return
    yield from _after_notice(ctx, cycle.listed.notice, unit.id, event)


def _after_notice(ctx: _Context, notice: NoticeId, subject: str, event: Event) -> Iterator[Problem]:
    end = ctx.ends.get(notice)
    if end is not None and event.date is not None and event.date <= end:
        yield error(
            "S516",
            event.at("date"),
            f"award dated {event.date}, but notice {notice} runs until {end}",
            "a unit is awarded only after its notice period has ended: correct the date",
            zh=(
                f"授予日期 {event.date}，但公示 {notice} 到 {end} 才结束",
                "公示期满后才能授予：改正日期",
            ),
        )
    for objection in ctx.objections.get((notice, subject), ()):
        open_then = objection.upheld is None or (
            objection.resolved is not None
            and event.date is not None
            and objection.resolved > event.date
        )
        if objection.upheld or open_then:
            state = "upheld" if objection.upheld else "not yet resolved"
            yield error(
                "S517",
                event.loc,
                f"award while an objection (received {objection.received}) against {subject} "
                f"in notice {notice} is {state}",
                "only a unit with no upheld objection is awarded (四、实施办法(二)); resolve the "
                "objection first, or record `rejected`",
                zh=(
                    f"公示 {notice} 中针对 {subject} 的异议（{objection.received} 收到）"
                    + ("已成立" if objection.upheld else "尚未处理完")
                    + "，却已授予",
                    "无异议或异议不成立的才授予（四、实施办法（二））：先处理异议，"
                    "或登记 `rejected`",
                ),
            )


def _reapplied(unit: Unit, ended: Event, event: Event) -> Iterator[Problem]:
    if ended.type != "revoked" or ended.date is None or event.date is None:
        return
    if ended.reason not in {r.value for r in BARRING_REASONS}:
        return
    until = add_years(ended.date, BAR_YEARS)  # the bar's last day, as in shifan.status
    if event.date <= until:
        label = REVOCATION_LABELS[RevocationReason(ended.reason)]
        yield error(
            "S520",
            event.at("date"),
            f"{unit.id} re-applied on {event.date}, but its title was revoked on "
            f"{ended.date} ({label}): no application is accepted up to and including {until}",
            f"{DYNAMIC_CLAUSE}: 取消其示范称号,3年内不再接受其申报 — the application cannot be "
            "accepted before the bar ends",
            zh=(
                f"{unit.id} 于 {event.date} 重新申报，但其称号已于 {ended.date} 被撤销"
                f"（{label}）：{until}（含）之前不接受申报",
                f"{DYNAMIC_CLAUSE}：取消其示范称号，3年内不再接受其申报。期满之前的申报不能受理",
            ),
        )


def _plaque_voided(cycle: _Cycle, event: Event) -> Iterator[Problem]:
    if event.serial is None:
        return
    if event.serial not in cycle.plaques:
        yield error(
            "S524",
            event.at("serial"),
            f"plaque {event.serial} is voided but was not issued to this record (or is "
            "already voided)",
            "void a plaque issued earlier in the same cycle, once; check the serial",
            zh=(
                f"作废的牌匾 {event.serial} 不是发给这条记录的（或已经作废过）",
                "只能作废本轮中已发放的牌匾，且只作废一次：核对牌匾编号",
            ),
        )
    cycle.plaques.discard(event.serial)


def _needs_title(event: Event) -> Problem:
    return error(
        "S523",
        event.loc,
        f"`{event.type}` event while the unit holds no title",
        "reviews, funding, data reports and plaques follow an award (and precede any "
        "revocation): check the order and the award",
        zh=(
            f"单位未持有称号时出现 `{event.type}` 事件",
            "复核、资金、数据报送和牌匾都在授予之后（撤销之前）：核对事件顺序和授予记录",
        ),
    )


def _out_of_place(event: Event, why: str, why_zh: str) -> Problem:
    return error(
        "S526",
        event.loc,
        f"`{event.type}` event out of place: {why}",
        "check the order",
        zh=(f"`{event.type}` 事件位置不对：{why_zh}", "核对事件顺序"),
    )


def _figure(ctx: _Context, figure: Figure) -> Iterator[Problem]:
    notices = ctx.figure_notices.get(figure.id, ())
    awarded = False
    plaques: set[int] = set()
    for event in figure.events:
        if event.type == "awarded":
            awarded = True
            for notice in notices:
                yield from _after_notice(ctx, notice, figure.id, event)
        elif event.type == "plaque_issued":
            if not awarded:
                yield _needs_title(event)
            if event.serial is not None:
                plaques.add(event.serial)
        elif event.type == "plaque_voided":
            yield from _plaque_voided(_Cycle(plaques=plaques), event)
        else:
            yield error(
                "S527",
                event.loc,
                f"`{event.type}` event on a leading figure",
                "a figure's events are `awarded`, `plaque_issued` and `plaque_voided`",
                zh=(
                    f"领军人物不能有 `{event.type}` 事件",
                    "人物的事件只有 `awarded`、`plaque_issued` 和 `plaque_voided`",
                ),
            )
