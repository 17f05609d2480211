"""The page of one unit, at its permanent address `/units/<id>/`."""

from __future__ import annotations

from collections.abc import Sequence

from shifan.model import (
    Attestation,
    Criterion,
    Event,
    Unit,
)
from shifan.site.context import EVENT_LABELS, SiteContext, class_label, kind_label, level_label
from shifan.site.history import history_section
from shifan.site.pages.common import badge, plaque_table
from shifan.site.pages.html import (
    SEARCH_END,
    blocks,
    date,
    dl,
    e,
    e_multiline,
    external_link,
    front_matter,
    link,
    section,
    table,
)
from shifan.site.pages.qr import qr_svg
from shifan.site.paths import notice_url, rel, unit_src
from shifan.site.views import form_label, plaque_code, revocation_label
from shifan.standards import Judgement
from shifan.status import PlaqueState, State

OP_TEXT = {">": "大于", ">=": "不少于", "<": "小于", "<=": "不超过", "==": "等于"}


def _num(value: float) -> str:
    return f"{value:g}"


def threshold_text(crit: Criterion, judgement: Judgement | None = None) -> str:
    """The requirement in words: the threshold that applies to the unit when judged (the
    relaxed one where it qualifies), else the criterion's own."""
    if crit.type == "bool":
        return "须满足"
    if crit.type == "attestation":
        return "须提供证明材料"
    op: str | None = crit.op
    value = crit.value
    if judgement is not None and judgement.relaxed:
        op, value = judgement.op, judgement.threshold
    return _requirement(crit, op, value)


def relaxed_text(crit: Criterion) -> str:
    """The relaxed requirement (e.g. for a park hosting a leading firm), or ""."""
    return _requirement(crit, crit.relaxed_op, crit.relaxed_value) if crit.relaxed_when else ""


def _requirement(crit: Criterion, op: str | None, value: float | None) -> str:
    if op is None or value is None:
        return ""
    return f"{OP_TEXT[op]} {_num(value)}{crit.unit or ''}"


def _shown(j: Judgement) -> str:
    """The declared value as the page shows it (escaped HTML)."""
    value = j.value
    if value is None:
        return "未申报"
    if isinstance(value, Attestation):
        if not value.attested:
            return "未提供"
        return "已提供" + (f"（{e(value.document)}）" if value.document else "")
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, int | float):
        return e(_num(float(value))) + e(j.criterion.unit or "")
    return "—"


def declared_section(ctx: SiteContext, unit: Unit) -> str:
    verdict = ctx.assessment.standards[unit.id]
    version = verdict.version
    if version is None:
        return section("申报数据与创建标准", "<p>没有适用的创建标准版本。</p>", ident="declared")
    rows = [
        (e(j.criterion.label), e(threshold_text(j.criterion, j)), _shown(j), e(j.label))
        for j in verdict.judgements
    ]
    intro = (
        f"<p>按 {e(date(version.effective))} 起施行的标准（{e(version.document)}）评审，"
        f"申报日期 {e(date(unit.applied_on))}。</p>"
    )
    body = intro + table(("指标", "标准", "申报值", "结论"), rows, cls="sf-declared")
    return section("申报数据与创建标准", body, ident="declared")


def _event_detail(ctx: SiteContext, src: str, ev: Event) -> str:
    bits = []
    if ev.type == "listed" and ev.notice:
        bits.append("公示:" + link(rel(src, notice_url(ev.notice)), ev.notice))
    if ev.type == "review" and ev.result:
        bits.append("结果:" + ("合格" if ev.result == "passed" else "不合格"))
    if ev.type == "funding" and ev.amount_cny is not None:
        bits.append(f"金额:{ev.amount_cny:,} 元")
    if ev.project:
        bits.append("项目:" + e(ev.project))
    if ev.type == "revoked" and ev.reason:
        bits.append("原因:" + e(revocation_label(ev.reason)))
    if ev.district:
        bits.append("推荐单位:" + e(ctx.district_name(ev.district)))
    if ev.by:
        bits.append("授予机关:" + e(ev.by))
    if ev.period:
        bits.append("期间:" + e(ev.period))
    if ev.serial is not None:
        bits.append(f"编号:{ev.serial}")
    if ev.document:
        bits.append("文号:" + e(ev.document))
    if ev.note:
        bits.append(e(ev.note))
    return ";".join(bits)


def timeline(ctx: SiteContext, src: str, events: tuple[Event, ...]) -> str:
    items = []
    for ev in events:
        day = ev.date
        listed = ctx.roster.notices.get(ev.notice) if ev.notice else None
        if day is None and ev.type == "listed" and listed is not None:
            day = listed.published  # `listed` defaults to its notice's date
        when = date(day) or "—"
        future = " sf-future" if day is not None and day > ctx.today else ""
        detail = _event_detail(ctx, src, ev)
        items.append(
            f'<li class="sf-event{future}"><time>{e(when)}</time> '
            f"<strong>{e(EVENT_LABELS.get(ev.type, ev.type))}</strong>"
            + (f" <span>{detail}</span>" if detail else "")
            + "</li>"
        )
    return '<ol class="sf-timeline">' + "".join(items) + "</ol>" if items else "<p>暂无记录。</p>"


def status_dates(ctx: SiteContext, src: str, unit: Unit) -> str:
    view = ctx.views[unit.id]
    notice = ""
    if view.notice_id and view.state is State.IN_NOTICE:
        notice = link(rel(src, notice_url(view.notice_id)), view.notice_id)
        notice += f",截止 {date(view.notice_end)}"
    return dl(
        [
            ("授牌日期", e(date(view.awarded_on))),
            ("授牌文号", e(view.award_document)),
            ("下次复审", e(date(view.next_review_due))),
            ("逾期未复审自", e(date(view.overdue_since))),
            ("公示", notice),
            ("撤销日期", e(date(view.revoked_on))),
            ("撤销原因", e(revocation_label(view.revoke_reason)) if view.revoked_on else ""),
            ("撤销文号", e(view.revoke_document)),
            ("不受理申请至", e(date(view.barred_until))),
        ],
        cls="sf-facts sf-status-dates",
    )


def plaque_qrs(ctx: SiteContext, plaques: Sequence[PlaqueState]) -> str:
    """The QR of every active plaque, as printed on it (a scan opens the verify page)."""
    figures = []
    for plaque in plaques:
        if not plaque.active:
            continue
        code = plaque_code(plaque)
        svg = qr_svg(ctx.site_url, plaque.token, label=f"{form_label(plaque)} {code} 的二维码")
        if svg:
            figures.append(f"<figure>{svg}<figcaption>核验码 {code}</figcaption></figure>")
    return '<div class="sf-qrs">' + "".join(figures) + "</div>" if figures else ""


UNIT_META: dict[str, object] = {"hide": ["navigation"]}


def render_unit(ctx: SiteContext, unit: Unit) -> str:
    """The whole unit page as Markdown (front matter + HTML); the build uses the two parts."""
    return front_matter(unit.name, UNIT_META) + "\n" + unit_body(ctx, unit)


def unit_body(ctx: SiteContext, unit: Unit) -> str:
    """The page body as final HTML (no Markdown processing); see `SEARCH_END`."""
    src = unit_src(unit.id)
    view = ctx.views[unit.id]
    verify = rel(src, "v/")
    head = (
        f'<h1 id="name">{e(unit.name)}</h1>\n'
        f'<p class="sf-unit-sub">{e(unit.id)} · {e(kind_label(unit.kind))} · '
        f"{e(level_label(unit.level))} · "
        f"{e(ctx.district_name(unit.district))}"
        + (f" · {e(unit.credit_code)}" if unit.credit_code else "")
        + "</p>"
    )
    status = (
        '<div class="sf-status" data-search-exclude>'
        f"<p>状态({e(date(ctx.today))}):{badge(view)}</p>\n"
        f"{status_dates(ctx, src, unit)}</div>"
    )
    facts = dl(
        [
            ("名称", e(unit.name)),
            ("编号", f"<code>{e(unit.id)}</code>"),
            ("类别", e(kind_label(unit.kind))),
            ("企业类型", e(class_label(unit))),
            ("级别", e(level_label(unit.level))),
            ("县(市、区)", e(ctx.district_name(unit.district))),
            ("统一社会信用代码", f"<code>{e(unit.credit_code)}</code>" if unit.credit_code else ""),
            ("地址", e(unit.address)),
            ("网站", external_link(unit.website)),
            ("主要工作业绩", e_multiline(unit.achievements)),
        ]
    )
    funding = [ev for ev in unit.events if ev.type == "funding"]
    funding_rows = [
        (
            e(date(ev.date)),
            e(ev.year),
            e(ev.project),
            e(f"{ev.amount_cny:,}" if ev.amount_cny is not None else ""),
            e(ev.document),
        )
        for ev in funding
    ]
    plaques = ctx.plaques[unit.id]
    plaque_body = (
        plaque_table(plaques, verify)
        + plaque_qrs(ctx, plaques)
        + f"<p>{link(verify, '打开核验页')},扫描牌匾上的二维码或输入核验码。</p>"
        if plaques
        else "<p>尚未颁发牌匾。</p>"
    )
    parts = [
        head,
        SEARCH_END,
        status,
        section("基本信息", facts, ident="facts"),
        declared_section(ctx, unit),
        section(
            "资金支持",
            table(("日期", "年度", "项目", "金额(元)", "文号"), funding_rows, cls="sf-funding")
            if funding_rows
            else "<p>暂无资金支持记录。</p>",
            ident="funding",
        ),
        section("历程", timeline(ctx, src, unit.events), ident="events"),
        section("牌匾与证书", plaque_body, ident="plaques"),
        history_section(ctx, unit.id),  # change history from git (shifan.site.history)
    ]
    return blocks(parts)
