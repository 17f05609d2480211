"""Plaques and certificates derived from issue and void events."""

from __future__ import annotations

import datetime as dt

from shifan.model import Event, PlaqueForm, VoidReason
from shifan.status import plaques_of

D = dt.date


def test_issued_then_voided_and_replaced() -> None:
    events = (
        Event(type="plaque_issued", date=D(2024, 6, 1), serial=42, kid="1", token="123"),
        Event(type="plaque_voided", date=D(2025, 1, 5), serial=42, reason="lost"),
        Event(
            type="plaque_issued",
            date=D(2025, 1, 6),
            serial=57,
            kid="1",
            token="456",
            form=PlaqueForm.CERTIFICATE,
            valid_until=D(2027, 1, 6),
        ),
    )
    first, second = plaques_of(events)
    assert (first.serial, first.form, first.issued_on) == (42, PlaqueForm.PLAQUE, D(2024, 6, 1))
    assert (first.voided_on, first.void_reason, first.active) == (
        D(2025, 1, 5),
        VoidReason.LOST,
        False,
    )
    assert (second.serial, second.form, second.token, second.valid_until) == (
        57,
        PlaqueForm.CERTIFICATE,
        "456",
        D(2027, 1, 6),
    )
    assert second.active
    # As of before the void, the first plaque is still active; the second does not exist.
    (only,) = plaques_of(events, today=D(2024, 12, 31))
    assert (only.serial, only.active) == (42, True)


def test_void_of_unknown_serial_and_bad_reason_do_not_crash() -> None:
    events = (
        Event(type="plaque_voided", date=D(2025, 1, 5), serial=9, reason="lost"),
        Event(type="plaque_issued", date=D(2025, 2, 1), serial=10, kid="1", token="1"),
        Event(type="plaque_voided", date=D(2025, 3, 1), serial=10, reason="eaten"),
        Event(type="plaque_issued", date=D(2025, 2, 1)),  # no serial: ignored
    )
    (plaque,) = plaques_of(events)
    assert (plaque.serial, plaque.voided_on, plaque.void_reason) == (10, D(2025, 3, 1), None)
