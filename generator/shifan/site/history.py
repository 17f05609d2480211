"""The "变更历史" section of unit, figure and notice pages, from `ctx.history`: plain data for
the `history` macro of the page templates (which escape every value)."""

from __future__ import annotations

from dataclasses import dataclass

from shifan.site.context import SiteContext


@dataclass(frozen=True)
class HistoryLine:
    text: str
    risky: bool


@dataclass(frozen=True)
class HistoryEntry:
    day: str
    commit: str
    lines: tuple[HistoryLine, ...]


@dataclass(frozen=True)
class HistoryView:
    """Either `unavailable` says why there is no history, or `entries` (newest first)."""

    unavailable: str | None
    entries: tuple[HistoryEntry, ...]


def history_of(ctx: SiteContext, record_id: str) -> HistoryView:
    history = ctx.history
    if history.unavailable is not None:
        return HistoryView(history.unavailable, ())
    entries = tuple(
        HistoryEntry(
            entry.day.isoformat(),
            entry.commit[:10],
            tuple(
                HistoryLine(text, risky)
                for text, risky in zip(entry.texts, entry.risky, strict=True)
            ),
        )
        for entry in history.records.get(record_id, ())
    )
    return HistoryView(None, entries)
