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
        day = event_date(event, roster)
        if day is None:
            continue
        if latest is not None and day < latest:
            yield error(
                "S510",
                event.at("date") if event.date is not None else event.loc,
                f"`{event.type}` event dated {day} comes after an event dated {latest}",
                "list events in date order (oldest first)",
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
        )
    if not municipal and not any(e.type == "awarded" for e in unit.events):
        yield error(
            "S512",
            unit.at("events"),
            f"{unit.level} unit {unit.id} has no `awarded` event",
            "record the title it holds: `- type: awarded` with date, document and `by` "
            "(the awarding body)",
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
            )
        yield from _step(ctx, unit, cycle, event)
        cycle.started = True


def _step(ctx: _Context, unit: Unit, cycle: _Cycle, event: Event) -> Iterator[Problem]:
    municipal = unit.level is Level.MUNICIPAL
    if event.type == "recommended" and cycle.started:
        yield _out_of_place(event, "a cycle starts with it (or with `reapplied`)")
    elif event.type == "listed":
        if not municipal:
            yield error(
                "S513",
                event.loc,
                f"{unit.level} unit {unit.id} is listed in a notice",
                "only municipal titles are awarded by the bureau after a notice; record a "
                "provincial/national title as `awarded` with `by`",
            )
        if cycle.awarded is not None:
            yield _out_of_place(event, "a unit is listed before its award, once per cycle")
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
        )
    elif event.type in ENDINGS:
        if event.type == "revoked" and cycle.awarded is None:
            yield error(
                "S522",
                event.loc,
                f"{unit.id} is revoked but holds no title in this cycle",
                "a title is revoked only after it was awarded; use `rejected` or `withdrawn` "
                "for an application that did not succeed",
            )
        cycle.ended = event
    elif event.type in NEEDS_TITLE and cycle.awarded is None:
        yield _needs_title(event)
    elif event.type == "plaque_voided":
        yield from _plaque_voided(cycle, event)
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
        )
    if unit.level is not Level.MUNICIPAL:
        if not (event.by and event.by.strip()):
            yield error(
                "S514",
                event.loc,
                f"the {unit.level} award of {unit.id} does not say who awarded it",
                "add `by:` with the awarding body, e.g. 河南省商务厅 or 商务部",
            )
        return
    if cycle.listed is None or cycle.listed.notice is None:
        yield error(
            "S515",
            event.loc,
            f"municipal unit {unit.id} is awarded without being listed in a notice",
            "the bureau awards only after a public notice (四、实施办法(二)): add "
            "`- type: listed` with the notice id before the award",
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
        )
    cycle.plaques.discard(event.serial)


def _needs_title(event: Event) -> Problem:
    return error(
        "S523",
        event.loc,
        f"`{event.type}` event while the unit holds no title",
        "reviews, funding, data reports and plaques follow an award (and precede any "
        "revocation): check the order and the award",
    )


def _out_of_place(event: Event, why: str) -> Problem:
    return error("S526", event.loc, f"`{event.type}` event out of place: {why}", "check the order")


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
            )
