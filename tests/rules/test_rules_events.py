"""Fields per event type (S50x)."""

from __future__ import annotations

import datetime as dt

from shifan.model import DistrictId, Event, Roster
from shifan.rules import events
from support_roster import TODAY, Calendar, ev, figure, roster, unit

D = dt.date


def run(r: Roster) -> list[tuple[str, object]]:
    return [(p.code, p.loc) for p in events.check(r, Calendar(), TODAY)]


def on_unit(*evs: Event) -> list[tuple[str, object]]:
    return run(roster(unit(events=evs)))


def test_every_event_type_with_its_fields_passes() -> None:
    good = (
        ev("recommended", D(2024, 3, 1), district=DistrictId("jinshui")),
        ev("data_report", D(2024, 3, 2), period="2023", figures={"sales": 1.0}),
        ev("review", D(2024, 3, 3), result="passed", document="x"),
        ev("funding", D(2024, 3, 4), amount_cny=500000, year=2024, project="p"),
        ev("revoked", D(2024, 3, 5), reason="falsified", document="x"),
        ev("reapplied", D(2024, 3, 6)),
        ev("plaque_issued", D(2024, 3, 7), serial=1, kid="1", token="123"),
        ev("plaque_voided", D(2024, 3, 8), serial=1, reason="lost"),
    )
    assert on_unit(*good) == []


def test_missing_required_field() -> None:
    bad = ev("awarded", D(2024, 6, 3))
    assert on_unit(bad) == [("S500", bad.loc)]


def test_field_that_does_not_apply() -> None:
    bad = ev("awarded", D(2024, 6, 3), document="x", result="passed")
    assert on_unit(bad) == [("S501", bad.at("result"))]


def test_reason_from_the_list() -> None:
    bad = ev("revoked", D(2024, 6, 3), document="x", reason="bored")
    assert on_unit(bad) == [("S502", bad.at("reason"))]
    voided = ev("plaque_voided", D(2024, 6, 3), serial=3, reason="falsified")
    assert on_unit(voided) == [("S502", voided.at("reason"))]


def test_positive_amounts() -> None:
    bad = ev("funding", D(2024, 6, 3), amount_cny=0, year=2024)
    assert on_unit(bad) == [("S503", bad.at("amount_cny"))]


def test_no_event_after_today() -> None:
    bad = ev("rejected", D(2026, 11, 28))
    assert on_unit(bad) == [("S504", bad.at("date"))]


def test_figure_events_are_checked_too() -> None:
    bad = ev("awarded", D(2024, 6, 3))
    assert run(roster(figures=[figure(events=(bad,))])) == [("S500", bad.loc)]
