"""Roster text that loads but cannot be shown as written.

S207 a unit or figure name longer than the plaque can print (`MAX_NAME_CHARS`, derived from
the artwork's name box in `shifan.plaques.limits`).

Invisible characters, blank required text and malformed numbers are refused while loading
(S108, S202, S205); this rule sees only what loaded.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from shifan.errors import Problem
from shifan.model import Figure, Roster, Unit
from shifan.plaques.limits import MAX_NAME_CHARS
from shifan.rules._common import WorkCalendar, error


def check(roster: Roster, cal: WorkCalendar, today: dt.date) -> Iterator[Problem]:
    records: list[Unit | Figure] = [*roster.units.values(), *roster.figures.values()]
    for record in records:
        length = len(record.name.strip())
        if length > MAX_NAME_CHARS:
            yield error(
                "S207",
                record.at("name"),
                f"the name of {record.id} has {length} characters; a plaque prints at most "
                f"{MAX_NAME_CHARS}",
                "write the registered name as on the business licence, without additions; "
                f"at most {MAX_NAME_CHARS} characters (3 lines on the plaque)",
                zh=(
                    f"{record.id} 的名称有 {length} 个字，牌匾最多印 {MAX_NAME_CHARS} 个字",
                    "按营业执照写登记名称，不要加其他内容；"
                    f"最多 {MAX_NAME_CHARS} 个字（牌匾上 3 行）",
                ),
            )
