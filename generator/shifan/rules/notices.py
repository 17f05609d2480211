"""Notice periods (公示期) and what happens within and after them.

S402 period end not computable (the calendar year is unknown) · S405 period given neither
or both ways · S406 empty period (end before publication, or < 1 working day) · S414 decision
not after the period's end · S415 objection received before publication ·
S416 objection resolved before it was received · S417 objection decided without a resolution
date/text, or the reverse · S418 notice published after today.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from shifan.errors import Problem
from shifan.model import Notice, Objection, Roster
from shifan.rules._common import UnknownCalendarYear, WorkCalendar, error, notice_end


def check(roster: Roster, cal: WorkCalendar, today: dt.date) -> Iterator[Problem]:
    for notice in roster.notices.values():
        yield from _notice(notice, cal, today)


def _notice(notice: Notice, cal: WorkCalendar, today: dt.date) -> Iterator[Problem]:
    if notice.published > today:
        yield error(
            "S418",
            notice.at("published"),
            f"notice {notice.id} is published on {notice.published}, after today ({today})",
            "a notice enters the roster when it is published: correct the date",
            zh=(
                f"公示 {notice.id} 的发布日期 {notice.published} 晚于今天（{today}）",
                "公示发布后才登记：改正日期",
            ),
        )
    if (notice.working_days is None) == (notice.ends is None):
        both = notice.working_days is not None
        yield error(
            "S405",
            notice.at("ends") if both else notice.loc,
            "a notice gives "
            + ("both `working_days` and `ends`" if both else "neither `working_days` nor `ends`"),
            "give the period either as `working_days: N` (工作日) or as `ends: YYYY-MM-DD`",
            zh=(
                "公示"
                + (
                    "同时写了 `working_days` 和 `ends`"
                    if both
                    else "既没写 `working_days` 也没写 `ends`"
                ),
                "公示期二选一：写 `working_days: N`（工作日数）或 `ends: YYYY-MM-DD`",
            ),
        )
        return
    if notice.ends is not None and notice.ends < notice.published:
        yield error(
            "S406",
            notice.at("ends"),
            f"the notice ends ({notice.ends}) before it is published ({notice.published})",
            "check both dates",
            zh=(
                f"公示截止日期（{notice.ends}）早于发布日期（{notice.published}）",
                "核对这两个日期",
            ),
        )
        return
    if notice.working_days is not None and notice.working_days < 1:
        yield error(
            "S406",
            notice.at("working_days"),
            f"a notice period of {notice.working_days} working days is empty",
            "公示 periods are usually 5 or 7 working days",
            zh=(
                f"公示期 {notice.working_days} 个工作日，等于没有公示期",
                "公示期一般为 5 或 7 个工作日",
            ),
        )
        return
    try:
        end = notice_end(notice, cal)
    except UnknownCalendarYear as err:
        yield error(
            "S402",
            notice.at("working_days"),
            f"cannot compute the end of this {notice.working_days}-working-day notice "
            f"published {notice.published}: {err.message}",
            err.hint or f"add registry/calendar/{err.year}.yaml",
            zh=(
                f"无法计算这个 {notice.working_days} 个工作日的公示（{notice.published} 发布）"
                f"的截止日期：缺少 {err.year} 年的工作日安排",
                f"添加 registry/calendar/{err.year}.yaml（当年的放假和调休安排）",
            ),
        )
        return
    for objection in notice.objections:
        yield from _objection(notice, objection)
    if notice.decision is not None and notice.decision.date <= end:
        yield error(
            "S414",
            notice.decision.at("date"),
            f"decision of notice {notice.id} is dated {notice.decision.date}, but the notice "
            f"period runs until {end}",
            "the decision follows the end of the notice period: correct its date",
            zh=(
                f"公示 {notice.id} 的决定日期为 {notice.decision.date}，但公示期到 {end} 才结束",
                "决定在公示期结束之后作出：改正决定日期",
            ),
        )


def _objection(notice: Notice, objection: Objection) -> Iterator[Problem]:
    if objection.received < notice.published:
        yield error(
            "S415",
            objection.at("received"),
            f"objection received on {objection.received}, before notice {notice.id} was "
            f"published ({notice.published})",
            "correct the date the objection was received",
            zh=(
                f"异议收到日期 {objection.received} 早于公示 {notice.id} 的发布日期"
                f"（{notice.published}）",
                "改正异议的收到日期",
            ),
        )
    if objection.resolved is not None and objection.resolved < objection.received:
        yield error(
            "S416",
            objection.at("resolved"),
            f"objection resolved on {objection.resolved}, before it was received "
            f"({objection.received})",
            "correct `resolved` or `received`",
            zh=(
                f"异议处理日期 {objection.resolved} 早于收到日期（{objection.received}）",
                "改正 `resolved` 或 `received`",
            ),
        )
    decided = objection.upheld is not None
    if decided != (objection.resolved is not None) or (
        decided and not (objection.resolution and objection.resolution.strip())
    ):
        yield error(
            "S417",
            objection.loc,
            "an objection is either open (no upheld/resolved/resolution) or decided (upheld: "
            "true/false with the resolved date and the resolution)",
            "while it is being investigated leave upheld, resolved and resolution out; once "
            "decided give all three",
            zh=(
                "异议要么未处理（不写 upheld、resolved、resolution），要么已处理"
                "（upheld 写 true/false，并写处理日期 resolved 和处理结果 resolution）",
                "调查期间三项都不写；处理完毕后三项都写",
            ),
        )
