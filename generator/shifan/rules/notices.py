"""Notice periods (公示期) and what happens within and after them.

S410 period given neither or both ways · S411 explicit end before publication · S412 period
of fewer than 1 working day · S413 period end not computable (calendar year unknown) ·
S414 decision not after the period's end · S415 objection received before publication ·
S416 objection resolved before it was received · S417 objection decided without a resolution
date/text, or the reverse · S418 notice published after today.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from shifan.errors import Problem
from shifan.model import Notice, Objection, Roster
from shifan.rules._common import Calendar, error, notice_end, unknown_year


def check(roster: Roster, cal: Calendar, today: dt.date) -> Iterator[Problem]:
    for notice in roster.notices.values():
        yield from _notice(notice, cal, today)


def _notice(notice: Notice, cal: Calendar, today: dt.date) -> Iterator[Problem]:
    if (notice.working_days is None) == (notice.ends is None):
        yield error(
            "S410",
            notice.loc,
            f"notice {notice.id} must give exactly one of working_days and ends",
            "write `working_days: 5` (公示期 in 工作日) or `ends: YYYY-MM-DD`, not both",
        )
        return
    if notice.published > today:
        yield error(
            "S418",
            notice.at("published"),
            f"notice {notice.id} is published on {notice.published}, after today ({today})",
            "a notice enters the roster when it is published: correct the date",
        )
    if notice.ends is not None and notice.ends < notice.published:
        yield error(
            "S411",
            notice.at("ends"),
            f"notice {notice.id} ends on {notice.ends}, before it is published "
            f"({notice.published})",
            "correct `ends` or `published`",
        )
        return
    if notice.working_days is not None and notice.working_days < 1:
        yield error(
            "S412",
            notice.at("working_days"),
            f"notice {notice.id} runs {notice.working_days} working days",
            "a notice period is at least 1 working day (usually 5 or 7)",
        )
        return
    try:
        end = notice_end(notice, cal)
    except Exception as err:
        year = unknown_year(err)
        if year is None:
            raise
        yield error(
            "S413",
            notice.at("working_days"),
            f"the end of notice {notice.id} cannot be computed: the official working-day "
            f"schedule of {year} is unknown",
            f"add registry/calendar/{year}.yaml (year, document, holidays, workdays) from the "
            f"State Council's notice on the {year} public holidays, or give `ends` explicitly",
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
        )


def _objection(notice: Notice, objection: Objection) -> Iterator[Problem]:
    if objection.received < notice.published:
        yield error(
            "S415",
            objection.at("received"),
            f"objection received on {objection.received}, before notice {notice.id} was "
            f"published ({notice.published})",
            "correct the date the objection was received",
        )
    if objection.resolved is not None and objection.resolved < objection.received:
        yield error(
            "S416",
            objection.at("resolved"),
            f"objection resolved on {objection.resolved}, before it was received "
            f"({objection.received})",
            "correct `resolved` or `received`",
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
        )
