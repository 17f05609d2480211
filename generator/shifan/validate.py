"""`validate(roster, cal, today)`: every policy rule of `shifan.rules`, in one pass.

Rules are discovered: each public module of `shifan.rules` has `check(roster, cal, today)`.
Problems come back sorted by location, then code, so output is stable.
"""

from __future__ import annotations

import datetime as dt
import importlib
import pkgutil
from collections.abc import Callable, Iterable
from functools import cache

from shifan import rules
from shifan.errors import Problem
from shifan.model import Roster
from shifan.rules._common import Calendar

Rule = Callable[[Roster, Calendar, dt.date], Iterable[Problem]]


@cache
def rule_modules() -> tuple[str, ...]:
    """Names of the rule modules, sorted."""
    return tuple(
        sorted(
            info.name
            for info in pkgutil.iter_modules(rules.__path__)
            if not info.name.startswith("_")
        )
    )


def _rules() -> list[Rule]:
    found: list[Rule] = []
    for name in rule_modules():
        module = importlib.import_module(f"{rules.__name__}.{name}")
        found.append(module.check)
    return found


def validate(roster: Roster, cal: Calendar, today: dt.date) -> list[Problem]:
    """All problems the policy rules find in `roster` as of `today`."""
    problems: list[Problem] = []
    for rule in _rules():
        problems.extend(rule(roster, cal, today))
    problems.sort(key=lambda p: (p.loc, p.code, p.message))
    return problems
