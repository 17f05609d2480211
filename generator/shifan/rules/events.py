"""The fields each event type needs, and only those.

S500 a field the event type requires is missing · S501 a field that does not apply to the
event type · S502 a reason outside the allowed list · S503 an amount or serial that is not
positive · S504 an event dated after today.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable, Iterator, Mapping
from operator import attrgetter

from shifan.errors import Problem
from shifan.model import Event, RevocationReason, Roster, VoidReason
from shifan.rules._common import WorkCalendar, error

_ALL = tuple(
    f.name for f in dataclasses.fields(Event) if f.name not in {"loc", "field_locs", "type", "note"}
)

# type -> (required, optional); `note` always applies.
FIELDS: Mapping[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "recommended": (("date", "district"), ("document",)),
    "listed": (("notice",), ("date",)),
    "awarded": (("date", "document"), ("by",)),
    "rejected": (("date",), ("document",)),
    "withdrawn": (("date",), ("document",)),
    "data_report": (("date", "period"), ("document", "figures")),
    "review": (("date", "result", "document"), ()),
    "funding": (("date", "amount_cny", "year"), ("document", "project")),
    "revoked": (("date", "reason", "document"), ()),
    "reapplied": (("date",), ("district", "document")),
    "plaque_issued": (("date", "serial", "kid", "token"), ("form", "valid_until")),
    "plaque_voided": (("date", "serial", "reason"), ("document",)),
}
_FORBIDDEN: Mapping[str, tuple[str, ...]] = {
    kind: tuple(n for n in _ALL if n not in required and n not in optional)
    for kind, (required, optional) in FIELDS.items()
}


def _getter(names: tuple[str, ...]) -> Callable[[Event], tuple[object, ...]]:
    """The values of fields `names` of an event, as a tuple, read in one call."""
    if not names:
        return lambda event: ()
    if len(names) == 1:
        only = names[0]
        return lambda event: (getattr(event, only),)
    return attrgetter(*names)


_REQUIRED_VALUES = {kind: _getter(required) for kind, (required, _) in FIELDS.items()}
_FORBIDDEN_VALUES = {kind: _getter(names) for kind, names in _FORBIDDEN.items()}


_REASONS: Mapping[str, frozenset[str]] = {
    "revoked": frozenset(r.value for r in RevocationReason),
    "plaque_voided": frozenset(r.value for r in VoidReason),
}


def check(roster: Roster, cal: WorkCalendar, today: dt.date) -> Iterator[Problem]:
    for records in (roster.units.values(), roster.figures.values()):
        for record in records:
            for event in record.events:
                if not _surely_fine(event, today):
                    yield from check_event(event, today)


def _surely_fine(event: Event, today: dt.date) -> bool:
    """True only when `check_event` would find nothing: the quick test that spares almost
    every event the full one (which alone words the problems)."""
    for value in _REQUIRED_VALUES[event.type](event):
        if value is None or (isinstance(value, str) and not value.strip()):
            return False
    present = _FORBIDDEN_VALUES[event.type](event)
    if present.count(None) != len(present):
        return False
    if event.reason is not None and event.reason not in _REASONS.get(event.type, ()):
        return False
    for value in (event.amount_cny, event.serial):
        if isinstance(value, int) and value <= 0:
            return False
    return event.date is None or event.date <= today


def check_event(event: Event, today: dt.date) -> Iterator[Problem]:
    required, optional = FIELDS[event.type]
    for name, value in zip(required, _REQUIRED_VALUES[event.type](event), strict=True):
        if value is None or (isinstance(value, str) and not value.strip()):
            yield error(
                "S500",
                event.loc,
                f"a `{event.type}` event needs `{name}`",
                f"add `{name}:` to this event (docs: the event table in model.Event)",
                zh=(
                    f"`{event.type}` 事件缺少 `{name}`",
                    f"在这条事件里加上 `{name}:` 一行",
                ),
            )
    present = _FORBIDDEN_VALUES[event.type](event)
    forbidden = () if present.count(None) == len(present) else _FORBIDDEN[event.type]
    for name, value in zip(forbidden, present, strict=False):
        if value is not None:
            yield error(
                "S501",
                event.at(name),
                f"`{name}` does not apply to a `{event.type}` event",
                f"remove it; a `{event.type}` event takes "
                + ", ".join(f"`{n}`" for n in (*required, *optional, "note")),
                zh=(
                    f"`{event.type}` 事件不用 `{name}`",
                    f"删掉这一行；`{event.type}` 事件可用的字段："
                    + "、".join(f"`{n}`" for n in (*required, *optional, "note")),
                ),
            )
    if event.reason is not None:
        yield from _reason(event)
    for name in ("amount_cny", "serial"):
        value = getattr(event, name)
        if isinstance(value, int) and value <= 0:
            yield error(
                "S503",
                event.at(name),
                f"`{name}` is {value}",
                f"`{name}` is a positive number",
                zh=(f"`{name}` 是 {value}", f"`{name}` 必须是正数"),
            )
    if event.date is not None and event.date > today:
        yield error(
            "S504",
            event.at("date"),
            f"`{event.type}` event dated {event.date}, after today ({today})",
            "record events once they have happened: correct the date",
            zh=(
                f"`{event.type}` 事件的日期 {event.date} 晚于今天（{today}）",
                "事件发生后再登记：改正日期",
            ),
        )


def _reason(event: Event) -> Iterator[Problem]:
    allowed: list[str]
    if event.type == "revoked":
        allowed = [r.value for r in RevocationReason]
    elif event.type == "plaque_voided":
        allowed = [r.value for r in VoidReason]
    else:
        return
    if event.reason not in allowed:
        yield error(
            "S502",
            event.at("reason"),
            f"unknown reason {event.reason!r} for a `{event.type}` event",
            "use one of " + ", ".join(f"`{r}`" for r in allowed),
            zh=(
                f"`{event.type}` 事件的原因“{event.reason}”不在可选范围内",
                "只能写以下之一：" + "、".join(f"`{r}`" for r in allowed),
            ),
        )
