"""The public-data guard: no personal identifiers in records the site publishes about people.

Leading figures are people; notices publish entries and objections. Any string in a figure
record, or in a notice (except its objection channel's phone, which is the bureau's), must
not hold a resident identity number or a mobile number.

S701 resident identity number (GB 11643, valid check digit) · S702 mobile phone number.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator, Mapping

from shifan.errors import Problem
from shifan.identifiers import find_identity_numbers, find_mobile_numbers
from shifan.model import Node, Roster
from shifan.rules._common import WorkCalendar, error

HINT = (
    "the roster is public (公开信息): remove personal identifiers; give the bureau's channel "
    "for contact instead"
)
HINT_ZH = "名册是公开信息：删去个人身份信息，联系方式改写市商务局的公开渠道"
_ELEVEN_DIGITS = re.compile(r"[0-9](?:[ \t\u3000-]?[0-9]){10}")
"""What every identity or mobile number holds: 11 ASCII digits, single separators between
them allowed (as `find_mobile_numbers` allows). A string without it is not searched."""


def check(roster: Roster, cal: WorkCalendar, today: dt.date) -> Iterator[Problem]:
    for figure in roster.figures.values():
        yield from _scan(figure, skip=frozenset())
    for notice in roster.notices.values():
        yield from _scan(notice, skip=frozenset({"phone"}))


def _mask(number: str) -> str:
    return number[:3] + "*" * (len(number) - 5) + number[-2:]


def _strings(node: Node, skip: frozenset[str]) -> list[tuple[str, Node, str]]:
    """Every string value under `node`, with the record and field whose location is the best
    known for it (looked up only for a string that holds a number)."""
    found: list[tuple[str, Node, str]] = []
    _collect(node, skip, found)
    return found


def _collect(node: Node, skip: frozenset[str], found: list[tuple[str, Node, str]]) -> None:
    """Add the strings under `node` to `found` (a list, not nested generators: the notices
    hold thousands of entries)."""
    for name in getattr(node, "__dataclass_fields__", {}):
        if name in ("loc", "field_locs") or (name in skip and type(node).__name__ == "Channel"):
            continue
        value = getattr(node, name)
        if value is not None:  # most optional fields: no type test to run
            _values(value, node, name, skip, found)


def _values(
    value: object,
    owner: Node,
    name: str,
    skip: frozenset[str],
    found: list[tuple[str, Node, str]],
) -> None:
    if isinstance(value, str):
        found.append((value, owner, name))
    elif isinstance(value, Node):
        _collect(value, skip, found)
    elif isinstance(value, tuple | list):
        for item in value:
            _values(item, owner, name, skip, found)
    elif isinstance(value, Mapping):
        for key, item in value.items():
            _values(str(key), owner, name, skip, found)
            _values(item, owner, name, skip, found)


def _scan(record: Node, skip: frozenset[str]) -> Iterator[Problem]:
    for text, owner, name in _strings(record, skip):
        if _ELEVEN_DIGITS.search(text) is None:
            continue
        loc = owner.at(name)
        for number in find_identity_numbers(text):
            yield error(
                "S701",
                loc,
                f"a resident identity number ({_mask(number)}) in a public record",
                HINT,
                zh=(f"公开记录中有居民身份证号码（{_mask(number)}）", HINT_ZH),
            )
        for number in find_mobile_numbers(text):
            yield error(
                "S702",
                loc,
                f"a mobile phone number ({_mask(number)}) in a public record",
                HINT,
                zh=(f"公开记录中有手机号码（{_mask(number)}）", HINT_ZH),
            )
