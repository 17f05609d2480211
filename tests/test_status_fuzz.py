"""Status never raises, whatever the events (the validator, not status, reports nonsense)."""

from __future__ import annotations

import datetime as dt
import typing

from hypothesis import given, settings
from hypothesis import strategies as st

from shifan.model import (
    Channel,
    DistrictId,
    Event,
    Figure,
    FigureId,
    Kind,
    Level,
    Notice,
    NoticeId,
    PlaqueForm,
    ReviewResult,
    Roster,
    Unit,
    UnitId,
)
from shifan.status import HOLDS_TITLE, State, figure_status, holds_title, plaques_of, unit_status
from shifan.workdays import WorkCalendar

EVENT_TYPES = typing.get_args(typing.get_type_hints(Event)["type"])
DATES = st.dates(min_value=dt.date(2015, 1, 1), max_value=dt.date(2030, 12, 31))
NOTICE_IDS = st.sampled_from([NoticeId("GS-A"), NoticeId("GS-B"), NoticeId("GS-MISSING")])

events = st.builds(
    Event,
    type=st.sampled_from(EVENT_TYPES),
    date=st.none() | DATES,
    document=st.none() | st.text(max_size=5),
    notice=st.none() | NOTICE_IDS,
    result=st.none() | st.sampled_from(ReviewResult),
    reason=st.none() | st.sampled_from(["falsified", "illegal", "failed_review", "lost", "x"]),
    serial=st.none() | st.integers(0, 5),
    form=st.none() | st.sampled_from(PlaqueForm),
    valid_until=st.none() | DATES,
)
notices = st.builds(
    Notice,
    id=st.sampled_from([NoticeId("GS-A"), NoticeId("GS-B")]),
    title=st.just("公示"),
    published=DATES,
    working_days=st.none() | st.integers(-2, 30),
    ends=st.none() | DATES,
    channel=st.just(Channel(department="d")),
    entries=st.just(()),
)


@settings(max_examples=150, deadline=None)
@given(
    st.lists(events, max_size=10),
    st.lists(notices, max_size=2),
    st.sampled_from(Level),
    DATES,
)
def test_status_is_total(evs: list[Event], ns: list[Notice], level: Level, today: dt.date) -> None:
    roster = Roster(
        units={},
        figures={},
        notices={n.id: n for n in ns},
        districts={},
        targets=(),
        standards={},
        calendar={},
    )
    unit = Unit(
        id=UnitId("ZZ-PRK-0001"),
        kind=Kind.PARK,
        level=level,
        name="n",
        district=DistrictId("d"),
        applied_on=dt.date(2016, 1, 1),
        events=tuple(evs),
    )
    cal = WorkCalendar()
    status = unit_status(unit, roster, cal, today)
    assert status.state in State
    assert holds_title(unit, roster, cal, today) == (status.state in HOLDS_TITLE)
    if status.state in (State.REVIEW_DUE, State.REVIEW_OVERDUE):
        assert status.next_review_due is not None
        assert status.holds_title
    if status.state is State.REVIEW_OVERDUE:
        assert status.overdue_since is not None
        assert status.overdue_since > status.next_review_due  # type: ignore[operator]
    if level is not Level.MUNICIPAL:
        assert status.next_review_due is None
    figure = Figure(
        id=FigureId("ZZ-FIG-0001"),
        name="n",
        affiliation="a",
        field_of_work="f",
        year=2020,
        citation="c",
        events=tuple(evs),
    )
    assert figure_status(figure, roster, cal, today).state in State
    for plaque in plaques_of(evs, today=today):
        assert plaque.issued_on is None or plaque.issued_on <= today
