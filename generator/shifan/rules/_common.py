"""Helpers shared by the rule modules: problems, cycles of events, suggestions.

Re-exports the calendar and notice-end helpers of `shifan.workdays`/`shifan.status` so
every rule computes dates exactly as status derivation does.
"""

from __future__ import annotations

import datetime as dt
import difflib
from collections.abc import Iterable, Sequence

from shifan.errors import Problem, Severity
from shifan.model import Event, Loc, Roster
from shifan.status import BAR_YEARS, add_years, notice_end
from shifan.workdays import UnknownCalendarYear, WorkCalendar

__all__ = [
    "BAR_YEARS",
    "DYNAMIC_CLAUSE",
    "POLICY",
    "UnknownCalendarYear",
    "WorkCalendar",
    "add_years",
    "did_you_mean",
    "did_you_mean_zh",
    "error",
    "event_date",
    "last_cycle",
    "notice_end",
    "warning",
]

POLICY = "郑政办〔2016〕54号"
DYNAMIC_CLAUSE = f"{POLICY} 四、实施办法(三)动态管理"


def error(code: str, loc: Loc, message: str, hint: str, *, zh: tuple[str, str]) -> Problem:
    """An error; `zh` is the Chinese `(message, hint)` pair."""
    return Problem(code, loc, message, hint, message_zh=zh[0], hint_zh=zh[1])


def warning(code: str, loc: Loc, message: str, hint: str, *, zh: tuple[str, str]) -> Problem:
    """A warning (never fails the check); `zh` is the Chinese `(message, hint)` pair."""
    return Problem(code, loc, message, hint, Severity.WARNING, message_zh=zh[0], hint_zh=zh[1])


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """` Did you mean `x`?` or an empty string."""
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f" Did you mean `{close[0]}`?" if close else ""


def did_you_mean_zh(word: str, choices: Iterable[str]) -> str:
    """`是不是 `x`？` or an empty string (the Chinese of `did_you_mean`)."""
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f"是不是 `{close[0]}`？" if close else ""


def event_date(event: Event, notices: Roster | None = None) -> dt.date | None:
    """An event's date; a `listed` event without one takes its notice's publication date."""
    if event.date is not None:
        return event.date
    if event.type == "listed" and notices is not None and event.notice is not None:
        notice = notices.notices.get(event.notice)
        return notice.published if notice is not None else None
    return None


def last_cycle(events: Sequence[Event]) -> Sequence[Event]:
    """The events of the last application cycle: each `reapplied` event (but a first one)
    starts a new cycle."""
    for i in range(len(events) - 1, 0, -1):
        if events[i].type == "reapplied":
            return events[i:]
    return events
