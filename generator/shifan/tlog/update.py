"""`shifan log update`: append an entry for every public event the log does not have yet.

Also the hook the bureau's commands call after writing a record (`shifan.commands.writing`),
so that an award, review, revocation or notice is logged in the same change.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from shifan.assessment import Assessment, assess
from shifan.errors import Problem, RegistryError
from shifan.tlog.entries import appended, public_events, reconcile
from shifan.tlog.store import ENTRIES_FILE, append_lines, log_dir

LOG_CODES = frozenset({"S821", "S822"})  # what an update repairs


def logs_only(errors: Iterable[Problem]) -> bool:
    """Whether every error is one a log update repairs (or there is none)."""
    return all(p.code in LOG_CODES for p in errors)


def start_log(registry: Path) -> Path:
    """Create `log/` beside the registry (an empty log) if it is not there."""
    folder = log_dir(registry)
    folder.mkdir(exist_ok=True)
    (folder / ENTRIES_FILE).touch(exist_ok=True)
    return folder


def update_log(a: Assessment) -> list[str]:
    """Append the missing entries (retractions first, then new events); return the lines."""
    log = a.log
    if log is None:
        return []
    blocking = [p for p in a.errors if p.code not in LOG_CODES]
    if blocking:
        first = blocking[0]
        raise RegistryError(
            f"名册有 {len(blocking)} 处其他错误，未更新公开日志 (the log was not updated): "
            f"{first.loc}: [{first.code}] {first.message}",
            hint="先运行 `shifan check` 并改正这些错误",
        )
    lines = appended(log.entries, reconcile(public_events(a.roster), log.entries))
    if lines:
        append_lines(log, lines)
    return lines


def log_new_events(before: Assessment) -> list[str]:
    """After a command wrote a record (plaque issue/void): re-assess and append the new
    events' entries, when the repository keeps a log and nothing else is wrong."""
    if before.log is None:
        return []
    after = assess(before.registry, before.keys_dir, before.today)
    return update_log(after) if logs_only(after.errors) else []
