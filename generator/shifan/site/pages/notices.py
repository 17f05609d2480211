"""Public notices (公示): the index, one page per notice, and revocation announcements."""

from __future__ import annotations

import datetime as dt

from shifan.model import Notice, ReviewResult, RevocationReason, UnitId
from shifan.site.context import SiteContext, kind_label, level_label
from shifan.site.history import history_of
from shifan.site.pages.html import date, front_matter
from shifan.site.pages.render import render_html, render_page
from shifan.site.paths import figure_url, notice_src, notice_url, rel, unit_url

VERDICTS = {None: "调查中", True: "成立", False: "不成立"}


def _state(ctx: SiteContext, notice: Notice) -> str:
    return ctx.notices[notice.id].label


def _period(ctx: SiteContext, notice: Notice) -> str:
    end = ctx.notices[notice.id].ends
    days = f"（{notice.working_days} 个工作日）" if notice.working_days else ""
    return f"{date(notice.published)} 至 {date(end)}{days}"


def _subject(ctx: SiteContext, src: str, unit: str | None, figure: str | None) -> dict[str, str]:
    """Who an entry or objection is about: linked to their page when on the roster."""
    if unit and unit in ctx.roster.units:
        found = ctx.roster.units[unit]  # type: ignore[index]
        return {"href": rel(src, unit_url(found.id)), "name": found.name}
    if figure and figure in ctx.roster.figures:
        fig = ctx.roster.figures[figure]  # type: ignore[index]
        return {"href": rel(src, figure_url(fig.id)), "name": fig.name}
    return {"href": "", "name": unit or figure or ""}


def render_notice(ctx: SiteContext, notice: Notice) -> str:
    """The notice's page as Markdown (front matter + HTML); the build uses the two parts."""
    return front_matter(notice.title) + "\n" + notice_body(ctx, notice) + "\n"


def notice_body(ctx: SiteContext, notice: Notice) -> str:
    """The page body as final HTML (no Markdown processing)."""
    src = notice_src(notice.id)
    state = _state(ctx, notice)
    entries = []
    for entry in notice.entries:
        row: dict[str, object] = {"entry": entry, "kind": "", "status": None}
        if entry.unit and entry.unit in ctx.roster.units:
            u = ctx.roster.units[entry.unit]
            row["kind"] = f"{level_label(u.level)}{kind_label(u.kind)}"
            row["status"] = ctx.views[u.id] if state == "已结束" else None
        elif entry.figure:
            row["kind"] = "电子商务领军人物"
        row["subject"] = _subject(ctx, src, entry.unit, entry.figure)
        entries.append(row)
    objections = [
        {
            "objection": o,
            "subject": _subject(ctx, src, o.unit, o.figure),
            "verdict": VERDICTS[o.upheld],
        }
        for o in notice.objections
    ]
    decided = notice.decision is not None and notice.decision.date <= ctx.today
    return render_html(
        "notice.html",
        history=history_of(ctx, notice.id),  # change history from git
        notice=notice,
        state=state,
        period=_period(ctx, notice),
        ends=ctx.notices[notice.id].ends,
        entries=entries,
        objections=objections,
        decision=notice.decision if decided else None,
    )


def notices_index(ctx: SiteContext) -> str:
    src = "notices/index.md"
    ordered = sorted(ctx.roster.notices.values(), key=lambda n: (n.published, n.id), reverse=True)

    def rows(open_: bool) -> list[dict[str, object]]:
        return [
            {
                "notice": n,
                "href": rel(src, notice_url(n.id)),
                "period": _period(ctx, n),
                "document": (
                    n.decision.document if n.decision and n.decision.date <= ctx.today else ""
                ),
            }
            for n in ordered
            if (_state(ctx, n) == "公示中") == open_ and n.published <= ctx.today
        ]

    return render_page(
        "公示",
        "notices.html",
        today=ctx.today,
        revocations_href=rel(src, "revocations/"),
        open_rows=rows(True),
        closed_rows=rows(False),
    )


def _since(ctx: SiteContext, unit_id: UnitId, revoked_on: dt.date) -> str:
    """What happened after a revocation: a later award, or the unit is still revoked."""
    view = ctx.views[unit_id]
    if view.awarded_on is not None and view.awarded_on > revoked_on:
        return f"{date(view.awarded_on)} 重新授牌（当前状态：{view.label}）"
    return view.label


def revocations_page(ctx: SiteContext) -> str:
    src = "revocations.md"
    revoked = []
    for unit in ctx.roster.units.values():
        for ev in unit.events:
            failed = ev.type == "review" and ev.result is ReviewResult.FAILED
            if (ev.type == "revoked" or failed) and ev.date is not None and ev.date <= ctx.today:
                reason = RevocationReason.FAILED_REVIEW.value if failed else ev.reason
                revoked.append((ev.date, unit, reason, ev.document))
    revoked.sort(key=lambda t: (t[0], t[1].id), reverse=True)
    rows = [
        {
            "date": day,
            "unit": unit,
            "href": rel(src, unit_url(unit.id)),
            "title": f"{level_label(unit.level)}{kind_label(unit.kind)}",
            "reason": reason,
            "document": document,
            "since": _since(ctx, unit.id, day),
        }
        for day, unit, reason, document in revoked
    ]
    return render_page("撤销公告", "revocations.html", rows=rows)
