"""Derive a unit's or figure's status as of a date, from its events (never stored).

Pure functions, no clock: `today` is always passed in. Events dated after `today` are
ignored, so a status can be recomputed for any past date. Events are assumed to be in date
order (the validator reports when they are not); an invalid roster never makes these
functions raise: they derive what they can.

Lifecycle of one application cycle::

    recommended → pending ─ listed → in_notice ─(notice over)→ pending ─ awarded
                                                                  ├ rejected / withdrawn
    awarded ─ review passed → awarded (next review 2 years on) ─ review failed → revoked
            ─ revoked → revoked ─ reapplied / recommended → a new cycle (pending …)

Reviews (复审, every 2 years) apply to municipal titles only: provincial and national titles
are managed by their awarding bodies, so they stay awarded unless revoked.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from enum import StrEnum

from shifan.model import (
    BARRING_REASONS,
    Event,
    Figure,
    FigureId,
    Level,
    Notice,
    NoticeId,
    PlaqueForm,
    ReviewResult,
    RevocationReason,
    Roster,
    Unit,
    VoidReason,
)
from shifan.workdays import UnknownCalendarYear, WorkCalendar

REVIEW_INTERVAL_YEARS = 2  # 每2年复审1次
BAR_YEARS = 3  # 3年内不再受理其申请
DUE_WINDOW_DAYS = 60


class State(StrEnum):
    PENDING = "pending"
    IN_NOTICE = "in_notice"
    AWARDED = "awarded"
    REVIEW_DUE = "review_due"
    REVIEW_OVERDUE = "review_overdue"
    REVOKED = "revoked"
    REJECTED = "rejected"
    WITHDRAWN = "withdrawn"


STATE_LABELS: Mapping[State, str] = {
    State.PENDING: "评审中",
    State.IN_NOTICE: "公示中",
    State.AWARDED: "有效",
    State.REVIEW_DUE: "即将复审",
    State.REVIEW_OVERDUE: "复审逾期",
    State.REVOKED: "已撤销",
    State.REJECTED: "未通过",
    State.WITHDRAWN: "已撤回",
}

HOLDS_TITLE = frozenset({State.AWARDED, State.REVIEW_DUE, State.REVIEW_OVERDUE})
"""States in which the title is held (a plaque of the unit is genuine and current)."""


@dataclass(frozen=True)
class Status:
    """A state and the dates that explain it (None where they do not apply)."""

    state: State
    since: dt.date | None = None  # date of the event that led to this state
    awarded_on: dt.date | None = None
    award_document: str | None = None
    notice_id: NoticeId | None = None  # the notice of the current cycle
    notice_end: dt.date | None = None  # its last day (None if it cannot be computed)
    next_review_due: dt.date | None = None  # municipal titles only
    overdue_since: dt.date | None = None  # first day after next_review_due
    revoked_on: dt.date | None = None
    revoke_reason: RevocationReason | None = None
    revoke_document: str | None = None
    barred_until: dt.date | None = None  # last day of the 3-year bar

    @property
    def label(self) -> str:
        return STATE_LABELS[self.state]

    @property
    def holds_title(self) -> bool:
        return self.state in HOLDS_TITLE


class Standing(StrEnum):
    """Whether a plaque or certificate still stands for a title.

    `withdrawn`: its holder's title was revoked after it was issued (the plaque is recalled);
    `superseded`: that revocation was followed by a new award, whose plaques replace it.
    An explicit void wins over both.
    """

    VALID = "valid"
    VOIDED = "voided"
    WITHDRAWN = "withdrawn"
    SUPERSEDED = "superseded"


STANDING_LABELS: Mapping[Standing, str] = {
    Standing.VALID: "有效",
    Standing.VOIDED: "已作废",
    Standing.WITHDRAWN: "已收回（称号已撤销）",
    Standing.SUPERSEDED: "已失效（撤销前颁发，现已重新授牌）",
}


@dataclass(frozen=True)
class PlaqueState:
    """One plaque or certificate of a record, from its issue and void events."""

    serial: int
    form: PlaqueForm
    kid: str | None
    token: str | None
    issued_on: dt.date | None
    valid_until: dt.date | None = None
    voided_on: dt.date | None = None
    void_reason: VoidReason | None = None
    standing: Standing = Standing.VALID
    ended_on: dt.date | None = None  # the revocation that withdrew it (withdrawn, superseded)
    awarded_on: dt.date | None = None  # the award it was issued under (the last one before it)
    award_document: str | None = None  # that award's 文号

    @property
    def active(self) -> bool:
        """It still stands: neither voided nor withdrawn by a revocation."""
        return self.standing is Standing.VALID

    @property
    def voided(self) -> bool:
        return self.voided_on is not None

    @property
    def label(self) -> str:
        return STANDING_LABELS[self.standing]


def add_years(day: dt.date, years: int) -> dt.date:
    """Same month and day `years` later; 29 February becomes 28 February."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def notice_end(notice: Notice, cal: WorkCalendar) -> dt.date:
    """The last day of a notice: its explicit `ends`, or `working_days` counted by `cal`.

    Raises UnknownCalendarYear when the period runs into a year whose schedule is unknown.
    A notice with neither (invalid, reported by the validator) ends on its publication day.
    """
    if notice.ends is not None:
        return notice.ends
    if notice.working_days is None or notice.working_days < 1:
        return notice.published
    return cal.add_working_days(notice.published, notice.working_days)


class NoticePhase(StrEnum):
    UPCOMING = "upcoming"  # published after `today`: not public yet
    OPEN = "open"  # objections accepted (through its last day, until a decision)
    CLOSED = "closed"


NOTICE_PHASE_LABELS: Mapping[NoticePhase, str] = {
    NoticePhase.UPCOMING: "未开始",
    NoticePhase.OPEN: "公示中",
    NoticePhase.CLOSED: "已结束",
}


@dataclass(frozen=True)
class NoticeView:
    """A notice as of a date: its last day (None when its period runs into a year whose
    working-day schedule is unknown, reported by the check) and its phase."""

    ends: dt.date | None
    phase: NoticePhase
    decided: bool  # a decision dated on or before `today`

    @property
    def open(self) -> bool:
        return self.phase is NoticePhase.OPEN

    @property
    def label(self) -> str:
        return NOTICE_PHASE_LABELS[self.phase]


def notice_view(notice: Notice, cal: WorkCalendar, today: dt.date) -> NoticeView:
    """The one answer to "is this notice open, and until when?"."""
    try:
        ends: dt.date | None = notice_end(notice, cal)
    except UnknownCalendarYear:
        ends = None
    decided = notice.decision is not None and notice.decision.date <= today
    if notice.published > today:
        phase = NoticePhase.UPCOMING
    elif decided or (ends is not None and today > ends):
        phase = NoticePhase.CLOSED
    else:
        phase = NoticePhase.OPEN
    return NoticeView(ends=ends, phase=phase, decided=decided)


def _reason(text: str | None) -> RevocationReason | None:
    try:
        return RevocationReason(text) if text is not None else None
    except ValueError:
        return None


class _Walk:
    """Mutable state while folding events; turned into a Status at the end."""

    def __init__(self) -> None:
        self.reset()
        self.barred_until: dt.date | None = None

    def reset(self) -> None:
        self.state = State.PENDING
        self.since: dt.date | None = None
        self.awarded_on: dt.date | None = None
        self.award_document: str | None = None
        self.notice_id: NoticeId | None = None
        self.notice_end: dt.date | None = None
        self.last_pass: dt.date | None = None
        self.revoked_on: dt.date | None = None
        self.revoke_reason: RevocationReason | None = None
        self.revoke_document: str | None = None

    def new_cycle(self, day: dt.date | None) -> None:
        """A re-application: forget the previous cycle except a bar still running."""
        self.reset()
        if self.barred_until is not None and (day is None or day > self.barred_until):
            self.barred_until = None

    def apply(
        self,
        event: Event,
        day: dt.date | None,
        notices: Mapping[NoticeId, Notice],
        cal: WorkCalendar,
    ) -> None:
        kind = event.type
        if kind in ("recommended", "reapplied"):
            if self.state is not State.PENDING or self.awarded_on or self.notice_id:
                self.new_cycle(day)
            self.state, self.since = State.PENDING, day
        elif kind == "listed":
            self.state, self.since = State.IN_NOTICE, day
            self.notice_id = event.notice
            notice = notices.get(event.notice) if event.notice else None
            self.notice_end = None
            if notice is not None:
                try:
                    self.notice_end = notice_end(notice, cal)
                except UnknownCalendarYear:
                    self.notice_end = None
        elif kind == "awarded":
            self.state, self.since = State.AWARDED, day
            self.awarded_on, self.award_document = day, event.document
            self.last_pass = day
            self.revoked_on = self.revoke_reason = self.revoke_document = None
        elif kind == "review" and self.state is State.AWARDED:
            if event.result is ReviewResult.PASSED:
                self.last_pass = day
            elif event.result is ReviewResult.FAILED:
                self._revoke(day, RevocationReason.FAILED_REVIEW, event.document)
        elif kind == "revoked":
            self._revoke(day, _reason(event.reason), event.document)
        elif kind == "rejected":
            self.state, self.since = State.REJECTED, day
        elif kind == "withdrawn":
            self.state, self.since = State.WITHDRAWN, day

    def _revoke(
        self, day: dt.date | None, reason: RevocationReason | None, document: str | None
    ) -> None:
        self.state, self.since = State.REVOKED, day
        self.revoked_on, self.revoke_reason, self.revoke_document = day, reason, document
        if reason in BARRING_REASONS and day is not None:
            self.barred_until = add_years(day, BAR_YEARS)


def event_day(event: Event, notices: Mapping[NoticeId, Notice]) -> dt.date | None:
    """The day an event took effect: its date, or for `listed` its notice's publication."""
    if event.date is not None:
        return event.date
    if event.type == "listed" and event.notice is not None:
        notice = notices.get(event.notice)
        return notice.published if notice is not None else None
    return None


_NO_BEARING = frozenset({"data_report", "funding", "plaque_issued", "plaque_voided"})
"""Event types `_Walk.apply` passes over: they leave the state as it is."""


def _walk(events: Iterable[Event], roster: Roster, cal: WorkCalendar, today: dt.date) -> _Walk:
    walk = _Walk()
    notices = roster.notices
    for event in events:
        if event.type in _NO_BEARING:
            continue
        day = event.date if event.date is not None else event_day(event, notices)
        if day is not None and day > today:
            continue
        walk.apply(event, day, notices, cal)
    if walk.state is State.IN_NOTICE and walk.notice_end is not None and today > walk.notice_end:
        walk.state = State.PENDING  # notice over, awaiting the decision
    return walk


def _review(
    walk: _Walk, today: dt.date, *, reviewed: bool, due_window_days: int
) -> tuple[State, dt.date | None, dt.date | None]:
    """The final state, with the next review's due date and the first day overdue."""
    state = walk.state
    next_due = overdue_since = None
    if state is State.AWARDED and reviewed and walk.last_pass is not None:
        next_due = add_years(walk.last_pass, REVIEW_INTERVAL_YEARS)
        if today > next_due:
            state = State.REVIEW_OVERDUE
            overdue_since = next_due + dt.timedelta(days=1)
        elif (next_due - today).days <= due_window_days:
            state = State.REVIEW_DUE
    return state, next_due, overdue_since


def _finish(walk: _Walk, today: dt.date, *, reviewed: bool, due_window_days: int) -> Status:
    state, next_due, overdue_since = _review(
        walk, today, reviewed=reviewed, due_window_days=due_window_days
    )
    return Status(
        state=state,
        since=walk.since,
        awarded_on=walk.awarded_on,
        award_document=walk.award_document,
        notice_id=walk.notice_id,
        notice_end=walk.notice_end,
        next_review_due=next_due,
        overdue_since=overdue_since,
        revoked_on=walk.revoked_on,
        revoke_reason=walk.revoke_reason,
        revoke_document=walk.revoke_document,
        barred_until=walk.barred_until,
    )


def unit_status(
    unit: Unit,
    roster: Roster,
    cal: WorkCalendar,
    today: dt.date,
    *,
    due_window_days: int = DUE_WINDOW_DAYS,
) -> Status:
    """The unit's status on `today` (see the module doc for the lifecycle)."""
    walk = _walk(unit.events, roster, cal, today)
    reviewed = unit.level is Level.MUNICIPAL
    return _finish(walk, today, reviewed=reviewed, due_window_days=due_window_days)


def holds_title(unit: Unit, roster: Roster, cal: WorkCalendar, today: dt.date) -> bool:
    """Whether `unit_status(...).state` is in HOLDS_TITLE, without the review dates (which only
    tell the three holding states apart: the walk ends in AWARDED for each of them)."""
    return _walk(unit.events, roster, cal, today).state is State.AWARDED


def review_state(
    unit: Unit,
    roster: Roster,
    cal: WorkCalendar,
    today: dt.date,
    *,
    due_window_days: int = DUE_WINDOW_DAYS,
) -> tuple[State, dt.date | None]:
    """`unit_status(...)`'s state and next review's due date, without the whole Status
    (the check's review reminders ask this of every municipal unit)."""
    walk = _walk(unit.events, roster, cal, today)
    reviewed = unit.level is Level.MUNICIPAL
    state, next_due, _ = _review(walk, today, reviewed=reviewed, due_window_days=due_window_days)
    return state, next_due


def figure_notices(roster: Roster) -> dict[FigureId, list[Notice]]:
    """The notices listing each figure, in roster order (one pass over every notice)."""
    listing: dict[FigureId, list[Notice]] = {}
    for notice in roster.notices.values():
        for entry in notice.entries:
            if entry.figure is not None:
                found = listing.setdefault(entry.figure, [])
                if not found or found[-1] is not notice:
                    found.append(notice)
    return listing


def figure_status(
    figure: Figure,
    roster: Roster,
    cal: WorkCalendar,
    today: dt.date,
    *,
    notices: Mapping[FigureId, Sequence[Notice]] | None = None,
) -> Status:
    """A figure's status on `today`. Figures are not re-reviewed.

    A figure's record exists because the figure was named: with no lifecycle event at all
    (only plaque events, or none) and in no notice it counts as awarded, without an award
    date. A figure has no `listed` or `rejected` event: the latest notice listing it (up to
    today) stands for them when no award follows it — in that notice until its decision,
    not awarded once the decision came without an `awarded` event. `notices` is
    `figure_notices(roster)`, when the caller judges many figures of one roster.
    """
    lifecycle = [e for e in figure.events if not e.type.startswith("plaque_")]
    listed_in = (notices if notices is not None else figure_notices(roster)).get(figure.id, ())
    listing = [n for n in listed_in if n.published <= today]
    if not lifecycle and not listing:
        return Status(state=State.AWARDED)
    if listing:
        latest = max(listing, key=lambda n: n.published)
        if not any(
            e.type == "awarded" and e.date is not None and e.date >= latest.published
            for e in lifecycle
        ):
            lifecycle.append(Event(type="listed", notice=latest.id))
            if latest.decision is not None:
                decision = latest.decision
                lifecycle.append(
                    Event(type="rejected", date=decision.date, document=decision.document)
                )
    walk = _walk(lifecycle, roster, cal, today)
    return _finish(walk, today, reviewed=False, due_window_days=0)


def plaques_of(events: Sequence[Event], *, today: dt.date | None = None) -> list[PlaqueState]:
    """Plaques/certificates issued by `events` (ordered by serial), with their void events.

    Events dated after `today` (when given) are ignored. A void event for a serial never
    issued is ignored here (the validator reports it). Each plaque carries the award it was
    issued under: the last `awarded` event before its issue (its date and 文号).
    """
    plaques: dict[int, PlaqueState] = {}
    award: Event | None = None
    for event in events:
        if today is not None and event.date is not None and event.date > today:
            continue
        if event.type == "awarded":
            award = event
        if event.serial is None:
            continue
        if event.type == "plaque_issued":
            plaques[event.serial] = PlaqueState(
                serial=event.serial,
                form=event.form or PlaqueForm.PLAQUE,
                kid=event.kid,
                token=event.token,
                issued_on=event.date,
                valid_until=event.valid_until,
                awarded_on=award.date if award else None,
                award_document=award.document if award else None,
            )
        elif event.type == "plaque_voided" and event.serial in plaques:
            old = plaques[event.serial]
            try:
                reason = VoidReason(event.reason) if event.reason is not None else None
            except ValueError:
                reason = None
            plaques[event.serial] = replace(
                old, voided_on=event.date, void_reason=reason, standing=Standing.VOIDED
            )
    return [_standing(plaques[s], events, today) for s in sorted(plaques)]


def _ends_title(event: Event) -> bool:
    return event.type == "revoked" or (
        event.type == "review" and event.result is ReviewResult.FAILED
    )


def _standing(plaque: PlaqueState, events: Iterable[Event], today: dt.date | None) -> PlaqueState:
    """Withdrawn by the first revocation after its issue; superseded if an award followed."""
    if plaque.voided or plaque.issued_on is None:
        return plaque
    ended: dt.date | None = None
    for event in events:
        day = event.date
        if day is None or (today is not None and day > today):
            continue
        if ended is None and day >= plaque.issued_on and _ends_title(event):
            ended = day
        elif ended is not None and event.type == "awarded" and day >= ended:
            return replace(plaque, standing=Standing.SUPERSEDED, ended_on=ended)
    if ended is not None:
        return replace(plaque, standing=Standing.WITHDRAWN, ended_on=ended)
    return plaque
