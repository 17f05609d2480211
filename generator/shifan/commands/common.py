"""Options shared by several sub-commands, and reading them back."""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

from shifan.clock import today_in_shanghai
from shifan.errors import RegistryError, UsageError
from shifan.report import printable

if TYPE_CHECKING:  # every command registers its options from here; few of them judge
    from shifan.assessment import Assessment


def parse_date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise UsageError(
            f"{text!r} 不是日期（not a date）", hint="日期写作 YYYY-MM-DD，例如 2026-11-27"
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


def add_keys_arg(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--keys",
        type=Path,
        default=None,
        metavar="DIR",
        help="the public keys folder (default: keys/ beside the registry folder)",
    )


def repo_relative(path: Path, root: Path, what: str) -> str:
    """`path` relative to the repository top `root`; a usage error when it lies outside."""
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        raise UsageError(f"the {what} folder {path} is not inside the git repository") from None


def today_from(args: argparse.Namespace) -> dt.date:
    given: dt.date | None = args.today
    return given if given is not None else today_in_shanghai()


def assess_for_writing(args: argparse.Namespace, *, before: str) -> Assessment:
    """The assessment a command that writes decides from; any error stops it (nothing written)."""
    from shifan.assessment import assess

    keys: Path | None = getattr(args, "keys", None)
    assessment = assess(args.registry, keys, today_from(args))
    errors = assessment.errors
    if errors:
        shown = "\n".join(f"  {p.loc}: [{p.code}] {printable(p.message)}" for p in errors[:5])
        more = f"\n  … and {len(errors) - 5} more" if len(errors) > 5 else ""
        raise RegistryError(
            f"the registry has {len(errors)} error(s); nothing was written:\n{shown}{more}",
            hint=f"run `shifan check` and fix them {before}",
        )
    return assessment
