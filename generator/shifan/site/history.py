"""The "变更历史" section of unit, figure and notice pages, from `ctx.history`."""

from __future__ import annotations

from shifan.site.context import SiteContext
from shifan.site.pages.html import date, e, section


def history_section(ctx: SiteContext, record_id: str) -> str:
    """The record's change history, newest first, or why there is none."""
    history = ctx.history
    if history.unavailable is not None:
        body = f"<p>{e(history.unavailable)}</p>"
    elif not history.records.get(record_id):
        body = "<p>暂无变更历史。</p>"
    else:
        items = []
        for entry in history.records[record_id]:
            lines = "".join(
                f'<li class="sf-risky">⚠ {e(text)}</li>' if risky else f"<li>{e(text)}</li>"
                for text, risky in zip(entry.texts, entry.risky, strict=True)
            )
            items.append(
                f"<li><time>{e(date(entry.day))}</time> <code>{e(entry.commit[:10])}</code>"
                f"<ul>{lines}</ul></li>"
            )
        body = '<ol class="sf-history">' + "".join(items) + "</ol>"
    return section("变更历史", body, ident="history")
