"""The registry's time zone and the one place the wall clock is read.

Every status is derived from a `today` passed in explicitly (Asia/Shanghai date); only the
command line and the MkDocs plugin call `today_in_shanghai()` when none is given.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

SHANGHAI = ZoneInfo("Asia/Shanghai")


def today_in_shanghai() -> dt.date:
    """Today's date in Asia/Shanghai."""
    return dt.datetime.now(SHANGHAI).date()


def midnight(day: dt.date) -> dt.datetime:
    """The start of `day` in Asia/Shanghai (feeds and reproducible-build timestamps)."""
    return dt.datetime(day.year, day.month, day.day, tzinfo=SHANGHAI)
