"""Every status state is reachable, with the dates that explain it."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from typing import Any

import pytest

from shifan.model import (
    Channel,
    District,
    DistrictId,
    DistrictType,
    Event,
    Figure,
    FigureId,
    Kind,
    Level,
    Notice,
    NoticeEntry,
    NoticeId,
    ReviewResult,
    RevocationReason,
    Roster,
    Unit,
    UnitId,
)
from shifan.status import (
    STATE_LABELS,
    State,
    add_years,
    figure_notices,
    figure_status,
    notice_end,
    unit_status,
)
from shifan.workdays import WorkCalendar

D = dt.date
CAL = WorkCalendar()
JINSHUI = District(id=DistrictId("jinshui"), name="金水区", type=DistrictType.DISTRICT)
NOTICE = Notice(
    id=NoticeId("GS-2024-01"),
    title="公示",
    published=D(2024, 5, 6),
    working_days=5,
    channel=Channel(department="市商务局"),
    entries=(NoticeEntry(unit=UnitId("ZZ-PRK-0001"), achievements="业绩"),),
)


def _roster(*notices: Notice) -> Roster:
    return Roster(
        units={},
        figures={},
        notices={n.id: n for n in (NOTICE, *notices)},
        districts={JINSHUI.id: JINSHUI},
        targets=(),
        standards={},
        calendar={},
    )


def _unit(*events: Event, level: Level = Level.MUNICIPAL) -> Unit:
    return Unit(
        id=UnitId("ZZ-PRK-0001"),
        kind=Kind.PARK,
        level=level,
        name="示例园区",
        district=DistrictId("jinshui"),
        applied_on=D(2024, 3, 1),
        events=events,
    )


def ev(type_: str, day: dt.date | None = None, **kw: Any) -> Event:
    return Event(type=type_, date=day, **kw)  # type: ignore[arg-type]


RECOMMENDED = ev("recommended", D(2024, 3, 10), district=DistrictId("jinshui"))
LISTED = ev("listed", notice=NoticeId("GS-2024-01"))
AWARDED = ev("awarded", D(2024, 5, 20), document="郑商务〔2024〕12号")
BASE = (RECOMMENDED, LISTED, AWARDED)


def status(*events: Event, today: dt.date, level: Level = Level.MUNICIPAL, **kw: Any) -> Any:
    return unit_status(_unit(*events, level=level), _roster(), CAL, today, **kw)


def test_labels_cover_every_state() -> None:
    assert set(STATE_LABELS) == set(State)
    assert STATE_LABELS[State.IN_NOTICE] == "公示中"


def test_no_events_is_pending() -> None:
    assert status(today=D(2024, 3, 1)).state is State.PENDING


def test_recommended_is_pending_since_recommendation() -> None:
    s = status(RECOMMENDED, today=D(2024, 4, 1))
    assert (s.state, s.since) == (State.PENDING, D(2024, 3, 10))


def test_in_notice_until_the_last_working_day() -> None:
    s = status(RECOMMENDED, LISTED, today=D(2024, 5, 10))
    assert s.state is State.IN_NOTICE
    assert (s.notice_id, s.notice_end, s.since) == ("GS-2024-01", D(2024, 5, 10), D(2024, 5, 6))


def test_after_notice_without_decision_is_pending() -> None:
    s = status(RECOMMENDED, LISTED, today=D(2024, 5, 11))
    assert s.state is State.PENDING
    assert s.notice_end == D(2024, 5, 10)


def test_listed_before_publication_date_is_ignored() -> None:
    assert status(RECOMMENDED, LISTED, today=D(2024, 5, 5)).state is State.PENDING


def test_notice_end_explicit_or_counted() -> None:
    assert notice_end(NOTICE, CAL) == D(2024, 5, 10)
    explicit = Notice(
        id=NoticeId("GS-X"),
        title="t",
        published=D(2024, 5, 6),
        ends=D(2024, 5, 20),
        channel=Channel(department="d"),
        entries=(),
    )
    assert notice_end(explicit, CAL) == D(2024, 5, 20)


def test_awarded_with_next_review_two_years_on() -> None:
    s = status(*BASE, today=D(2025, 1, 1))
    assert s.state is State.AWARDED
    assert (s.awarded_on, s.award_document) == (D(2024, 5, 20), "郑商务〔2024〕12号")
    assert s.next_review_due == D(2026, 5, 20)
    assert s.holds_title
    assert s.label == "有效"


def test_review_due_within_window() -> None:
    s = status(*BASE, today=D(2026, 3, 21))  # 60 days before 20 May
    assert s.state is State.REVIEW_DUE
    assert status(*BASE, today=D(2026, 3, 20)).state is State.AWARDED
    assert status(*BASE, today=D(2026, 3, 20), due_window_days=90).state is State.REVIEW_DUE


def test_review_overdue_after_due_date() -> None:
    assert status(*BASE, today=D(2026, 5, 20)).state is State.REVIEW_DUE
    s = status(*BASE, today=D(2026, 5, 21))
    assert s.state is State.REVIEW_OVERDUE
    assert (s.next_review_due, s.overdue_since) == (D(2026, 5, 20), D(2026, 5, 21))


def test_passed_review_restarts_the_two_years() -> None:
    review = ev("review", D(2026, 4, 1), result=ReviewResult.PASSED, document="复审文件")
    s = status(*BASE, review, today=D(2026, 6, 1))
    assert s.state is State.AWARDED
    assert s.next_review_due == D(2028, 4, 1)


def test_failed_review_revokes() -> None:
    review = ev("review", D(2026, 4, 1), result=ReviewResult.FAILED, document="复审文件")
    s = status(*BASE, review, today=D(2026, 6, 1))
    assert s.state is State.REVOKED
    assert (s.revoked_on, s.revoke_reason) == (D(2026, 4, 1), RevocationReason.FAILED_REVIEW)
    assert s.barred_until is None


@pytest.mark.parametrize("level", [Level.PROVINCIAL, Level.NATIONAL])
def test_non_municipal_titles_are_not_reviewed(level: Level) -> None:
    awarded = ev("awarded", D(2019, 1, 10), document="商电发〔2019〕1号", by="商务部")
    s = status(awarded, level=level, today=D(2026, 11, 27))
    assert s.state is State.AWARDED
    assert s.next_review_due is None


@pytest.mark.parametrize(
    ("reason", "barred"),
    [
        ("falsified", D(2028, 7, 1)),
        ("illegal", D(2028, 7, 1)),
        ("failed_review", None),
    ],
)
def test_revoked_with_bar_for_falsified_or_illegal(reason: str, barred: dt.date | None) -> None:
    revoked = ev("revoked", D(2025, 7, 1), reason=reason, document="郑商务〔2025〕30号")
    s = status(*BASE, revoked, today=D(2025, 8, 1))
    assert s.state is State.REVOKED
    assert (s.revoked_on, s.revoke_reason, s.revoke_document) == (
        D(2025, 7, 1),
        RevocationReason(reason),
        "郑商务〔2025〕30号",
    )
    assert s.barred_until == barred
    assert not s.holds_title


def test_rejected_and_withdrawn() -> None:
    rejected = ev("rejected", D(2024, 5, 15), document="专家评审意见")
    assert status(RECOMMENDED, LISTED, rejected, today=D(2024, 6, 1)).state is State.REJECTED
    withdrawn = ev("withdrawn", D(2024, 4, 1))
    s = status(RECOMMENDED, withdrawn, today=D(2024, 6, 1))
    assert (s.state, s.since) == (State.WITHDRAWN, D(2024, 4, 1))


def test_reapplication_after_bar_starts_a_new_cycle() -> None:
    revoked = ev("revoked", D(2020, 7, 1), reason="falsified", document="郑商务〔2020〕9号")
    reapplied = ev("reapplied", D(2024, 3, 1))
    s = status(AWARDED_2019, revoked, reapplied, today=D(2024, 4, 1))
    assert s.state is State.PENDING
    assert (s.awarded_on, s.revoked_on, s.barred_until) == (None, None, None)
    s = status(AWARDED_2019, revoked, reapplied, RELISTED, today=D(2024, 5, 8))
    assert (s.state, s.notice_id) == (State.IN_NOTICE, "GS-2024-01")
    s = status(AWARDED_2019, revoked, reapplied, RELISTED, AWARDED, today=D(2024, 6, 1))
    assert (s.state, s.awarded_on, s.revoked_on) == (State.AWARDED, D(2024, 5, 20), None)


AWARDED_2019 = ev("awarded", D(2019, 5, 20), document="郑商务〔2019〕3号")
RELISTED = ev("listed", notice=NoticeId("GS-2024-01"))


def test_reapplication_inside_bar_keeps_bar_visible() -> None:
    revoked = ev("revoked", D(2023, 7, 1), reason="illegal", document="郑商务〔2023〕9号")
    s = status(AWARDED_2019, revoked, ev("reapplied", D(2024, 3, 1)), today=D(2024, 4, 1))
    assert (s.state, s.barred_until) == (State.PENDING, D(2026, 7, 1))


def test_future_events_are_ignored() -> None:
    assert status(*BASE, today=D(2024, 5, 19)).state is State.PENDING


def test_missing_notice_does_not_crash() -> None:
    listed = ev("listed", D(2024, 5, 6), notice=NoticeId("GS-MISSING"))
    s = status(RECOMMENDED, listed, today=D(2030, 1, 1))
    assert (s.state, s.notice_end) == (State.IN_NOTICE, None)


def test_unknown_calendar_year_does_not_crash() -> None:
    late = Notice(
        id=NoticeId("GS-2027-01"),
        title="t",
        published=D(2027, 5, 6),
        working_days=5,
        channel=Channel(department="d"),
        entries=(),
    )
    listed = ev("listed", notice=NoticeId("GS-2027-01"))
    s = unit_status(_unit(RECOMMENDED, listed), _roster(late), CAL, D(2027, 5, 7))
    assert (s.state, s.notice_end) == (State.IN_NOTICE, None)


def test_leap_day_award_reviews_on_28_february() -> None:
    assert add_years(D(2024, 2, 29), 2) == D(2026, 2, 28)


def test_figure_without_lifecycle_events_is_awarded() -> None:
    figure = Figure(
        id=FigureId("ZZ-FIG-0001"),
        name="示例",
        affiliation="示例公司",
        field_of_work="跨境电商",
        year=2024,
        citation="引语",
    )
    assert figure_status(figure, _roster(), CAL, D(2025, 1, 1)).state is State.AWARDED


def test_figure_revoked_and_never_reviewed() -> None:
    figure = Figure(
        id=FigureId("ZZ-FIG-0002"),
        name="示例",
        affiliation="示例公司",
        field_of_work="跨境电商",
        year=2020,
        citation="引语",
        events=(
            ev("awarded", D(2020, 6, 1), document="郑商务〔2020〕5号"),
            ev("revoked", D(2021, 6, 1), reason="illegal", document="郑商务〔2021〕5号"),
        ),
    )
    s = figure_status(figure, _roster(), CAL, D(2020, 12, 1))
    assert (s.state, s.next_review_due) == (State.AWARDED, None)
    s = figure_status(figure, _roster(), CAL, D(2025, 1, 1))
    assert (s.state, s.barred_until) == (State.REVOKED, D(2024, 6, 1))


def test_figure_notices_index_gives_the_same_status() -> None:
    """Judging many figures with one `figure_notices` index: the same notice stands for a
    figure as when its status is derived alone (listed twice in one notice, two notices on
    the same day: the first in roster order, as `max` picks it)."""
    fig = FigureId("ZZ-FIG-0003")
    entry = NoticeEntry(figure=fig, achievements="业绩")
    same_day = [
        replace(
            NOTICE,
            id=NoticeId(f"GS-2024-0{n}"),
            published=D(2024, 6, 3),
            entries=(entry, entry) if n == 2 else (entry,),
        )
        for n in (2, 3)
    ]
    later = replace(NOTICE, id=NoticeId("GS-2025-01"), published=D(2025, 3, 3), entries=(entry,))
    roster = _roster(*same_day, later)
    figure = Figure(
        id=fig,
        name="示例",
        affiliation="示例公司",
        field_of_work="跨境电商",
        year=2024,
        citation="引语",
    )
    index = figure_notices(roster)
    assert [n.id for n in index[fig]] == ["GS-2024-02", "GS-2024-03", "GS-2025-01"]
    for today in (D(2024, 6, 1), D(2024, 6, 4), D(2024, 12, 1), D(2025, 3, 4), D(2026, 1, 1)):
        alone = figure_status(figure, roster, CAL, today)
        assert figure_status(figure, roster, CAL, today, notices=index) == alone
    assert figure_status(figure, roster, CAL, D(2024, 6, 4)).notice_id == "GS-2024-02"
