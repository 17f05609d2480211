"""Working days against the real 2024–2026 schedules, overrides and unknown years."""

from __future__ import annotations

import datetime as dt

import pytest

from shifan.errors import ShifanError
from shifan.model import CalendarYear
from shifan.workdays import UnknownCalendarYear, WorkCalendar

D = dt.date


def test_knows_2024_to_2026() -> None:
    assert {2024, 2025, 2026} <= WorkCalendar().known_years


@pytest.mark.parametrize(
    ("day", "working"),
    [
        (D(2025, 10, 1), False),  # National Day
        (D(2025, 10, 6), False),  # Mid-Autumn falls inside the 2025 block
        (D(2025, 10, 8), False),  # last day of the 8-day block
        (D(2025, 9, 28), True),  # Sunday worked (调休)
        (D(2025, 10, 11), True),  # Saturday worked (调休)
        (D(2024, 2, 4), True),  # Sunday worked before the 2024 Spring Festival
        (D(2024, 2, 18), True),  # Sunday worked after it
        (D(2024, 2, 12), False),  # Monday of the Spring Festival block
        (D(2026, 2, 14), True),  # Saturday worked before the 2026 Spring Festival
        (D(2026, 2, 17), False),  # 2026 Spring Festival
        (D(2024, 5, 6), True),  # an ordinary Monday
        (D(2024, 5, 11), True),  # Saturday worked after Labour Day 2024
        (D(2024, 5, 12), False),  # an ordinary Sunday
    ],
)
def test_is_workday_follows_official_schedule(day: dt.date, working: bool) -> None:
    assert WorkCalendar().is_workday(day) is working


def test_period_counts_publication_day_when_it_is_a_working_day() -> None:
    # Published Monday 2024-05-06, 5 working days: 6, 7, 8, 9, 10 May.
    assert WorkCalendar().add_working_days(D(2024, 5, 6), 5) == D(2024, 5, 10)
    assert WorkCalendar().add_working_days(D(2024, 5, 6), 1) == D(2024, 5, 6)


def test_period_published_on_rest_day_starts_next_working_day() -> None:
    # Sunday 2024-05-12: day 1 is Monday 13th; 5 days end Friday 17th.
    assert WorkCalendar().add_working_days(D(2024, 5, 12), 5) == D(2024, 5, 17)


def test_period_across_2025_national_day_block_uses_adjusted_saturday() -> None:
    # 30 Sep (Tue) = 1, then 1–8 Oct off, 9 Oct = 2, 10 Oct = 3, Sat 11 Oct (调休) = 4, 13 Oct = 5.
    assert WorkCalendar().add_working_days(D(2025, 9, 30), 5) == D(2025, 10, 13)


def test_period_across_2024_spring_festival() -> None:
    # Fri 2 Feb = 1, Sun 4 Feb (调休) = 2, 5–9 Feb = 3..7, 10–17 Feb off, Sun 18 Feb (调休) = 8.
    assert WorkCalendar().add_working_days(D(2024, 2, 2), 7) == D(2024, 2, 9)
    assert WorkCalendar().add_working_days(D(2024, 2, 2), 8) == D(2024, 2, 18)


def test_period_must_be_positive() -> None:
    with pytest.raises(ValueError, match="at least 1"):
        WorkCalendar().add_working_days(D(2024, 5, 6), 0)


def test_unknown_year_is_an_error_naming_year_and_fix() -> None:
    cal = WorkCalendar()
    assert 2027 not in cal.known_years
    with pytest.raises(UnknownCalendarYear, match="2027") as info:
        cal.is_workday(D(2027, 1, 4))
    assert isinstance(info.value, ShifanError)
    assert info.value.year == 2027
    assert "registry/calendar/2027.yaml" in (info.value.hint or "")
    # A period running from a known year into an unknown one fails the same way.
    with pytest.raises(UnknownCalendarYear, match="2027"):
        cal.add_working_days(D(2026, 12, 28), 10)


def _override_2027() -> CalendarYear:
    return CalendarYear(
        year=2027,
        document="国办发明电〔2026〕7号 (fictional)",
        holidays=(D(2027, 1, 1), D(2027, 2, 8)),
        workdays=(D(2027, 2, 6),),
    )


def test_override_supplies_a_later_year() -> None:
    cal = WorkCalendar({2027: _override_2027()})
    assert 2027 in cal.known_years
    assert cal.is_workday(D(2027, 1, 1)) is False  # listed holiday (a Friday)
    assert cal.is_workday(D(2027, 2, 6)) is True  # listed adjusted Saturday
    assert cal.is_workday(D(2027, 2, 7)) is False  # plain Sunday
    assert cal.is_workday(D(2027, 1, 4)) is True  # plain Monday
    # From Thu 31 Dec 2026: 31 Dec = 1, 1 Jan off, 4 Jan = 2, 5 Jan = 3.
    assert cal.add_working_days(D(2026, 12, 31), 3) == D(2027, 1, 5)


def test_override_wins_over_library_for_its_year() -> None:
    replaced = CalendarYear(year=2025, document="test", holidays=(D(2025, 3, 3),))
    cal = WorkCalendar({2025: replaced})
    assert cal.is_workday(D(2025, 3, 3)) is False
    assert cal.is_workday(D(2025, 10, 1)) is True  # the override says nothing about October
    assert cal.is_workday(D(2024, 10, 1)) is False  # other years still from the library


def test_every_library_day_as_chinese_calendar_says() -> None:
    """The calendar answers from chinese_calendar's tables directly: the same answer as its
    `is_workday` for every day of every year it knows; a period counted twice is the same."""
    import chinese_calendar

    from shifan.workdays import LIBRARY_YEARS

    cal = WorkCalendar()
    for year in sorted(LIBRARY_YEARS):
        day = D(year, 1, 1)
        while day.year == year:
            assert cal.is_workday(day) is chinese_calendar.is_workday(day), day
            day += dt.timedelta(days=1)
    assert cal.add_working_days(D(2025, 9, 30), 5) == cal.add_working_days(D(2025, 9, 30), 5)
    assert WorkCalendar().add_working_days(D(2025, 9, 30), 5) == D(2025, 10, 13)
