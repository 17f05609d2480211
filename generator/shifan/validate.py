"""Validate a loaded roster against the policy: `validate(roster, cal, today) -> problems`.

The signature is the contract `shifan check` relies on. The rules are discovered: every
public module of `shifan.rules` has `check(roster, cal, today) -> Iterable[Problem]`, and
all of them run. Codes are documented in docs/problems.md. Problems from loading the files
are reported by the loader, not here.
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
from shifan.prefetch import Prefetch
from shifan.workdays import WorkCalendar

Rule = Callable[[Roster, WorkCalendar, dt.date], Iterable[Problem]]


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
    return [importlib.import_module(f"{rules.__name__}.{name}").check for name in rule_modules()]


def validate(roster: Roster, cal: WorkCalendar, today: dt.date) -> list[Problem]:
    """Every problem of the roster as of `today` (load problems are reported separately).

    The rules are pure and independent: on a second core a forked child (`Prefetch`, which
    inherits the loaded roster) runs them from the last while this process runs them from
    the first, until the two meet. The problems are the same either way."""
    rules = _rules()

    def run(i: int) -> list[Problem]:
        return list(rules[i](roster, cal, today))

    ahead = Prefetch(run, len(rules))
    problems: list[Problem] = []
    try:
        for i in range(len(rules)):
            found = ahead.take(i)
            problems.extend(run(i) if found is None else found)
    finally:
        ahead.close()
    problems.sort(key=lambda p: (p.loc, p.code, p.message))
    return problems
