"""Public notices (公示): the index, one page per notice, and revocation announcements."""

from __future__ import annotations

import datetime as dt

from shifan.model import Notice, ReviewResult, RevocationReason, UnitId
from shifan.site.context import SiteContext, kind_label, level_label
from shifan.site.history import history_section
from shifan.site.pages.common import badge
from shifan.site.pages.html import date, dl, e, e_multiline, link, page, section, table
from shifan.site.paths import figure_url, notice_src, notice_url, rel, unit_url
from shifan.site.views import revocation_label


def _state(ctx: SiteContext, notice: Notice) -> str:
    return ctx.notices[notice.id].label


def _period(ctx: SiteContext, notice: Notice) -> str:
    end = ctx.notices[notice.id].ends
    days = f"({notice.working_days} 个工作日)" if notice.working_days else ""
    return f"{date(notice.published)} 至 {date(end)}{days}"


def _subject(ctx: SiteContext, src: str, unit: str | None, figure: str | None) -> str:
    if unit and unit in ctx.roster.units:
        found = ctx.roster.units[unit]  # type: ignore[index]
        return link(rel(src, unit_url(found.id)), found.name)
    if figure and figure in ctx.roster.figures:
        fig = ctx.roster.figures[figure]  # type: ignore[index]
        return link(rel(src, figure_url(fig.id)), fig.name)
    return e(unit or figure)


def render_notice(ctx: SiteContext, notice: Notice) -> str:
    src = notice_src(notice.id)
    state = _state(ctx, notice)
    end = ctx.notices[notice.id].ends
    entry_rows = []
    for entry in notice.entries:
        extra = ""
        if entry.unit and entry.unit in ctx.roster.units:
            u = ctx.roster.units[entry.unit]
            extra = e(f"{level_label(u.level)}{kind_label(u.kind)}")
            if state == "已结束":
                extra += " " + badge(ctx.views[u.id])
        elif entry.figure:
            extra = "电子商务领军人物"
        entry_rows.append(
            (_subject(ctx, src, entry.unit, entry.figure), extra, e_multiline(entry.achievements))
        )
    ch = notice.channel
    channel = dl(
        [
            ("受理部门", e(ch.department)),
            ("电话", e(ch.phone)),
            ("电子邮箱", e(ch.email)),
            ("地址", e(ch.address)),
            ("截止日期", e(date(end))),
        ]
    )
    objection_rows = [
        (
            e(date(o.received)),
            _subject(ctx, src, o.unit, o.figure),
            e_multiline(o.summary),
            {None: "调查中", True: "成立", False: "不成立"}[o.upheld],
            e(date(o.resolved)),
            e_multiline(o.resolution),
        )
        for o in notice.objections
    ]
    parts = [
        f'<h1 id="title">{e(notice.title)}</h1>',
        f'<p class="sf-notice-state sf-notice-state--{"open" if state == "公示中" else "closed"}">'
        f"<strong>{state}</strong> · 公示期:{e(_period(ctx, notice))}</p>",
        section(
            "公示名单",
            table(("名称", "类别", "主要工作业绩"), entry_rows, cls="sf-entries"),
            ident="entries",
        ),
        section(
            "异议受理",
            "<p>对公示名单有异议的,请于公示期内(截至 "
            f"{e(date(end))})以书面形式实名向以下部门反映:</p>{channel}",
            ident="objections-channel",
        ),
    ]
    if objection_rows:
        parts.append(
            section(
                "异议及处理",
                table(
                    ("收到日期", "对象", "异议内容", "结论", "办结日期", "处理结果"), objection_rows
                ),
                ident="objections",
            )
        )
    if notice.decision is not None and notice.decision.date <= ctx.today:
        d = notice.decision
        parts.append(
            section(
                "公示结果",
                dl(
                    [
                        ("决定日期", e(date(d.date))),
                        ("文号", e(d.document)),
                        ("说明", e_multiline(d.summary)),
                    ]
                ),
                ident="decision",
            )
        )
    elif state == "已结束":
        parts.append(
            section("公示结果", "<p>公示期已结束,认定决定尚未公布。</p>", ident="decision")
        )
    parts.append(history_section(ctx, notice.id))  # change history from git (shifan.site.history)
    return page(notice.title, parts)


def notices_index(ctx: SiteContext) -> str:
    src = "notices/index.md"
    ordered = sorted(ctx.roster.notices.values(), key=lambda n: (n.published, n.id), reverse=True)

    def rows(open_: bool) -> list[tuple[str, ...]]:
        return [
            (
                link(rel(src, notice_url(n.id)), n.title),
                e(_period(ctx, n)),
                str(len(n.entries)),
                e(n.decision.document) if n.decision and n.decision.date <= ctx.today else "",
            )
            for n in ordered
            if (_state(ctx, n) == "公示中") == open_ and n.published <= ctx.today
        ]

    headers = ("公示", "公示期", "名单数", "认定文号")
    open_rows, closed_rows = rows(True), rows(False)
    body = [
        "<h1>公示</h1>",
        f"<p>公示期按工作日计算,状态截至 {ctx.today.isoformat()}。"
        f"另见{link(rel(src, 'revocations/'), '撤销公告')}。</p>",
        section(
            "正在公示",
            table(headers, open_rows, cls="sf-notices")
            if open_rows
            else "<p>目前没有正在公示的名单。</p>",
            ident="open",
            searchable=True,
        ),
        section(
            "已结束",
            table(headers, closed_rows, cls="sf-notices") if closed_rows else "<p>暂无。</p>",
            ident="closed",
            searchable=True,
        ),
    ]
    return page("公示", body)


def _since(ctx: SiteContext, unit_id: UnitId, revoked_on: dt.date) -> str:
    """What happened after a revocation: a later award, or the unit is still revoked."""
    view = ctx.views[unit_id]
    if view.awarded_on is not None and view.awarded_on > revoked_on:
        return e(f"{date(view.awarded_on)} 重新授牌（当前状态：{view.label}）")
    return e(view.label)


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
        (
            e(date(day)),
            link(rel(src, unit_url(unit.id)), unit.name),
            f"<code>{e(unit.id)}</code>",
            e(f"{level_label(unit.level)}{kind_label(unit.kind)}"),
            e(revocation_label(reason)),
            e(document),
            _since(ctx, unit.id, day),
        )
        for day, unit, reason, document in revoked
    ]
    body = [
        "<h1>撤销公告</h1>",
        "<p>以下单位的示范称号已被撤销,其牌匾已收回或作废。因申报材料弄虚作假或违法经营、"
        "欺诈被撤销的,3 年内不再受理其申请。</p>",
        table(
            ("撤销日期", "名称", "编号", "称号", "原因", "文号", "此后"), rows, cls="sf-revocations"
        )
        if rows
        else "<p>暂无撤销记录。</p>",
    ]
    return page("撤销公告", body)
