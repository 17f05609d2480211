"""The bureau's operations on the roster, decided from one assessment. Pure.

Each module plans one operation (a public notice and its objections, an award, a review, a
revocation, a data report, a new record's template, the list of what falls due): it takes
the `Assessment` and the clerk's arguments, refuses with a `RegistryError` whose message is
in Chinese, or returns a `Plan` — the files to create or replace and the events to append.
Nothing here reads the clock or touches files; `shifan.commands.writing` applies a plan.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, TypeVar

from shifan.errors import RegistryError
from shifan.model import Figure, FigureId, Notice, NoticeId, Unit, UnitId
from shifan.signing.issuance import Append
from shifan.yamlappend import Scalar

if TYPE_CHECKING:
    from shifan.assessment import Assessment

T = TypeVar("T")


@dataclass(frozen=True)
class FileWrite:
    """A whole file to write: `path` is relative to the registry's parent (like `Loc.path`).

    `old` is the text the plan was made from (None for a new file): the file is replaced
    only while it still holds exactly that text.
    """

    path: str
    text: str
    old: str | None = None


@dataclass(frozen=True)
class Plan:
    """What one operation writes, and the lines (in Chinese) that tell the clerk."""

    writes: tuple[FileWrite, ...] = ()
    appends: tuple[Append, ...] = ()
    summary: tuple[str, ...] = ()


def _found(record: T | None, what: str, record_id: str, example: str) -> T:
    """`record`, or a refusal naming the id that is not on the roster."""
    if record is None:
        raise RegistryError(
            f"名册中没有{what} {record_id!r} (no such record)",
            hint=f"按文件名填写编号, 例如 {example}",
        )
    return record


def unit_of(a: Assessment, unit_id: str) -> Unit:
    return _found(a.roster.units.get(UnitId(unit_id)), "示范单位", unit_id, "ZZ-ENT-0042")


def figure_of(a: Assessment, figure_id: str) -> Figure:
    figure = a.roster.figures.get(FigureId(figure_id))
    return _found(figure, "领军人物", figure_id, "ZZ-FIG-0009")


def notice_of(a: Assessment, notice_id: str) -> Notice:
    notice = a.roster.notices.get(NoticeId(notice_id))
    return _found(notice, "公示", notice_id, "GS-2026-01")


def not_after_today(a: Assessment, day: dt.date, what: str) -> None:
    """Events are recorded once they have happened."""
    if day > a.today:
        raise RegistryError(
            f"{what}日期 {day} 晚于今天 ({a.today})",
            hint="事项发生后再登记; 如需按其他日期判断, 请用 --today",
        )


def event_append(record: Unit | Figure, event: dict[str, Scalar]) -> Append:
    """An event for a unit's or figure's file (values already in the YAML scalar forms
    appended)."""
    return Append(loc=record.loc, subject=str(record.id), event=event)
