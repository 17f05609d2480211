"""Helpers shared by the rule modules: problems, cycles of events, suggestions.

Re-exports the calendar and notice-end helpers of `shifan.workdays`/`shifan.status` so
every rule computes dates exactly as status derivation does.
"""

from __future__ import annotations

import datetime as dt
import difflib
from collections.abc import Iterable, Iterator, Sequence

from shifan.errors import Problem, Severity
from shifan.model import Event, Loc, Roster
from shifan.status import add_years, notice_end
from shifan.workdays import UnknownCalendarYear, WorkCalendar

__all__ = [
    "BAR_YEARS",
    "DYNAMIC_CLAUSE",
    "POLICY",
    "REVIEW_YEARS",
    "UnknownCalendarYear",
    "WorkCalendar",
    "add_years",
    "cycles",
    "did_you_mean",
    "error",
    "event_date",
    "last_award_or_pass",
    "notice_end",
    "warning",
]

POLICY = "郑政办〔2016〕54号"
DYNAMIC_CLAUSE = f"{POLICY} 四、实施办法(三)动态管理"
REVIEW_YEARS = 2
BAR_YEARS = 3


def error(code: str, loc: Loc, message: str, hint: str) -> Problem:
    return Problem(code=code, loc=loc, message=message, hint=hint)


def warning(code: str, loc: Loc, message: str, hint: str) -> Problem:
    return Problem(code=code, loc=loc, message=message, hint=hint, severity=Severity.WARNING)


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """` Did you mean `x`?` or an empty string."""
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f" Did you mean `{close[0]}`?" if close else ""


def event_date(event: Event, notices: Roster | None = None) -> dt.date | None:
    """An event's date; a `listed` event without one takes its notice's publication date."""
    if event.date is not None:
        return event.date
    if event.type == "listed" and notices is not None and event.notice is not None:
        notice = notices.notices.get(event.notice)
        return notice.published if notice is not None else None
    return None


def cycles(events: Sequence[Event]) -> Iterator[tuple[Event, ...]]:
    """The events split into application cycles: each `reapplied` event starts a new one."""
    start = 0
    for i, event in enumerate(events):
        if event.type == "reapplied" and i > start:
            yield tuple(events[start:i])
            start = i
    yield tuple(events[start:])


def last_award_or_pass(cycle: Sequence[Event]) -> dt.date | None:
    """The date the 2-year review clock of a cycle last (re)started, if it is running."""
    start: dt.date | None = None
    for event in cycle:
        if event.type == "awarded" or (event.type == "review" and event.result == "passed"):
            start = event.date
        elif event.type == "revoked":
            return None
    return start
