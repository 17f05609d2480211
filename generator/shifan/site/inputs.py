"""Load and check what a site build needs: the roster (validated like `shifan check`) and
the public keys. Used by `shifan build`/`serve` and by the MkDocs plugin."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from shifan.errors import Severity, ShifanError
from shifan.loader.registry import load_roster
from shifan.model import Roster
from shifan.report import format_text, sort_problems
from shifan.signing.keys import KeyRecord, load_keys
from shifan.validate import validate
from shifan.workdays import WorkCalendar


class RosterHasErrors(ShifanError):
    """The roster (or keys) has errors: the site is not built. `report` is check's text."""

    def __init__(self, report: str) -> None:
        super().__init__(
            "the roster has errors; the site was not built",
            hint="fix the problems above (run `shifan check` to see them again)",
        )
        self.report = report


@dataclass(frozen=True)
class SiteInputs:
    roster: Roster
    today: dt.date
    keys: tuple[KeyRecord, ...] = ()
    site_url: str | None = None
    registry_dir: Path | None = None
    keys_dir: Path | None = None


def load_inputs(
    registry_dir: Path,
    today: dt.date,
    *,
    keys_dir: Path | None = None,
    site_url: str | None = None,
) -> SiteInputs:
    """Load roster and keys; raise RosterHasErrors with the check report on any error."""
    roster, problems = load_roster(registry_dir)
    problems = [*problems, *validate(roster, WorkCalendar(roster.calendar), today)]
    keys: list[KeyRecord] = []
    if keys_dir is not None:
        keys, key_problems = load_keys(keys_dir)
        problems.extend(key_problems)
    errors = [p for p in problems if p.severity is Severity.ERROR]
    if errors:
        raise RosterHasErrors(format_text(sort_problems(problems)))
    return SiteInputs(
        roster=roster,
        today=today,
        keys=tuple(keys),
        site_url=site_url,
        registry_dir=registry_dir,
        keys_dir=keys_dir,
    )
