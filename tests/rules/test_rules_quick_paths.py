"""The quick paths the rules take for the common case agree with the full judgement.

Events: `_surely_fine` is true exactly when `check_event` finds nothing. Standards: the
per-class plans and their met tests give the same shortfalls as judging every criterion.
Reminders: the last application cycle is the last of the cycles `reapplied` starts.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Sequence
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from shifan.model import Attestation, Criterion, EnterpriseClass, Event, Kind, StandardVersion
from shifan.rules._common import last_cycle
from shifan.rules.events import FIELDS, _surely_fine, check_event
from shifan.standards import Outcome, Plans, judge_version, met_test, shortfalls, verdict
from support_roster import TODAY, criterion, ev, unit

SETTINGS = settings(max_examples=300, deadline=None, derandomize=True)
TYPES = sorted(FIELDS)
FIELD_NAMES = sorted(
    f.name for f in dataclasses.fields(Event) if f.name not in {"loc", "field_locs", "type"}
)

_values: dict[str, st.SearchStrategy[Any]] = {
    "date": st.dates(dt.date(2015, 1, 1), dt.date(2028, 12, 31)),
    "valid_until": st.dates(dt.date(2015, 1, 1), dt.date(2028, 12, 31)),
    "amount_cny": st.one_of(st.integers(-3, 3), st.booleans(), st.integers(10**5, 10**7)),
    "serial": st.one_of(st.integers(-3, 3), st.booleans()),
    "year": st.integers(2015, 2030),
    "figures": st.just({"sales": 1.0}),
    "reason": st.sampled_from(["failed_review", "falsified", "illegal", "lost", "recalled", "x"]),
    "result": st.sampled_from(["passed", "failed"]),
    "form": st.sampled_from(["plaque", "certificate"]),
}
_TEXT = st.sampled_from(["", "  ", "\u3000", "x", "郑商务〔2024〕1号", " y "])


@st.composite
def events(draw: st.DrawFn) -> Event:
    type_ = draw(st.sampled_from(TYPES))
    names = draw(st.sets(st.sampled_from(FIELD_NAMES), max_size=6))
    required, optional = FIELDS[type_]
    if draw(st.booleans()):  # often the right fields, so that the clean case is common
        names = set(required) | (names & set(optional))
    fields = {name: draw(_values.get(name, _TEXT)) for name in names}
    return ev(type_, fields.pop("date", None), **fields)


@SETTINGS
@given(event=events(), today=st.dates(dt.date(2020, 1, 1), dt.date(2027, 12, 31)))
def test_an_event_is_surely_fine_exactly_when_it_has_no_problem(
    event: Event, today: dt.date
) -> None:
    assert _surely_fine(event, today) == (list(check_event(event, today)) == [])


_attestations = st.builds(
    Attestation,
    attested=st.booleans(),
    document=st.one_of(st.none(), _TEXT),
)
_declared_values = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-5, 30_000),
    st.sampled_from([2**53 + 1, -(2**60), 10_000, 6_000]),
    st.floats(-10.0, 20_000.0, allow_nan=False),
    _attestations,
)
_OPS = st.sampled_from([">", ">=", "<", "<=", "=="])
_THRESHOLDS = st.sampled_from([0.0, 1.0, 50.0, 6000.0, 10000.0, float(2**53)])


@st.composite
def criteria(draw: st.DrawFn, key: str) -> Criterion:
    type_ = draw(st.sampled_from(["number", "bool", "attestation"]))
    extra: dict[str, Any] = {}
    if type_ == "number" or draw(st.integers(0, 9)) == 0:  # now and then a malformed one
        extra = {"op": draw(st.one_of(st.none(), _OPS)), "value": draw(_THRESHOLDS)}
    if draw(st.booleans()):
        extra |= {
            "relaxed_when": draw(st.sampled_from(["hosts_leading_firm", "flag_value", ""])),
            "relaxed_op": draw(st.one_of(st.none(), _OPS)),
            "relaxed_value": draw(st.one_of(st.none(), _THRESHOLDS)),
        }
    classes = draw(st.lists(st.sampled_from(list(EnterpriseClass)), max_size=2, unique=True))
    return criterion(key, type_, classes=tuple(classes), **extra)


@SETTINGS
@given(
    data=st.data(),
    keys=st.lists(st.sampled_from("abcdef"), min_size=1, max_size=6),
    enterprise_class=st.one_of(st.none(), st.sampled_from(list(EnterpriseClass))),
    leading=st.booleans(),
)
def test_shortfalls_are_the_judgements_not_met(
    data: st.DataObject,
    keys: list[str],
    enterprise_class: EnterpriseClass | None,
    leading: bool,
) -> None:
    version = StandardVersion(
        effective=dt.date(2016, 1, 1),
        document="附件2",
        criteria=tuple(data.draw(criteria(key)) for key in keys),
    )
    declared = {key: data.draw(_declared_values) for key in "abcdefg"}
    declared["flag_value"] = data.draw(st.booleans())
    u = unit(
        kind=Kind.ENTERPRISE,
        enterprise_class=enterprise_class,
        hosts_leading_firm=leading,
        declared={k: v for k, v in declared.items() if v is not None},
    )
    expected = [j for j in judge_version(u, version) if j.outcome is not Outcome.MET]
    plans = Plans()
    assert list(shortfalls(u, version, plans)) == expected
    assert list(shortfalls(u, version, plans)) == expected  # from the table the second time
    for c in version.criteria:
        test = met_test(c)
        value = u.declared.get(c.key)
        if test is not None and test(value):
            assert verdict(c, value, u)[0] is Outcome.MET


def test_a_met_test_says_met_exactly_when_the_verdict_does() -> None:
    u = unit()
    values: list[Any] = [
        None, True, False, 0, 1, -1, 49, 50, 51, 50.0, 49.999, 6000, 10_000, 2**53, 2**53 + 1,
        Attestation(attested=True, document="文件"), Attestation(attested=True, document=" "),
        Attestation(attested=True), Attestation(attested=False, document="文件"),
    ]  # fmt: skip
    for type_ in ("number", "bool", "attestation"):
        for op in (">", ">=", "<", "<=", "=="):
            for threshold in (50.0, 6000.0, float(2**53)):
                extra = {"op": op, "value": threshold} if type_ == "number" else {}
                c = criterion("a", type_, **extra)
                test = met_test(c)
                assert test is not None
                for value in values:
                    met = verdict(c, value, u)[0] is Outcome.MET
                    assert bool(test(value)) == met, (c, value)


def _cycles(events: Sequence[Event]) -> list[list[Event]]:
    """Every application cycle, the slow way: split before each `reapplied` but a first."""
    found: list[list[Event]] = [[]]
    for event in events:
        if event.type == "reapplied" and found[-1]:
            found.append([])
        found[-1].append(event)
    return found


@settings(max_examples=100, deadline=None, derandomize=True)
@given(types=st.lists(st.sampled_from(["recommended", "reapplied", "review", "revoked"])))
def test_the_last_cycle_is_the_last_of_the_cycles(types: list[str]) -> None:
    events = tuple(ev(t, TODAY) for t in types)
    assert list(last_cycle(events)) == _cycles(events)[-1]
