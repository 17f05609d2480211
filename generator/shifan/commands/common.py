"""Options shared by several sub-commands, and reading them back."""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path

from shifan.clock import today_in_shanghai
from shifan.errors import RegistryError, UsageError
from shifan.loader.registry import load_roster
from shifan.model import Roster


def parse_date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise UsageError(
            f"not a date: {text!r}", hint="write dates as YYYY-MM-DD, e.g. 2026-11-27"
        ) from None


def add_registry_args(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--registry",
        type=Path,
        default=Path("registry"),
        metavar="DIR",
        help="the roster folder (default: ./registry)",
    )
    parser.add_argument(
        "--today",
        type=parse_date,
        default=None,
        metavar="YYYY-MM-DD",
        help="the date to judge status by (default: today in Asia/Shanghai)",
    )


def today_from(args: argparse.Namespace) -> dt.date:
    given: dt.date | None = args.today
    return given if given is not None else today_in_shanghai()


def load_roster_or_fail(registry: Path, *, before: str) -> Roster:
    """Load the roster for a command that writes to it; any loading error stops the command."""
    roster, problems = load_roster(registry)
    errors = [p for p in problems if p.is_error]
    if errors:
        raise RegistryError(
            f"the registry has {len(errors)} loading problem(s), first: {errors[0].loc}: "
            f"{errors[0].message}",
            hint=f"run `shifan check` and fix them {before}",
        )
    return roster
