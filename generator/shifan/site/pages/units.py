"""The page of one unit, at its permanent address `/units/<id>/`."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from markupsafe import Markup

from shifan.model import (
    Attestation,
    Criterion,
    Event,
    Unit,
)
from shifan.site.contact import channel_of
from shifan.site.context import (
    EVENT_LABELS,
    SiteContext,
    class_label,
    kind_label,
    level_label,
    zh,
)
from shifan.site.history import history_of
from shifan.site.pages.html import SEARCH_END, date, front_matter, website_href
from shifan.site.pages.qr import qr_svg
from shifan.site.pages.render import render, trusted
from shifan.site.paths import list_src, notice_url, rel, unit_src, url_of
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
    """The declared value as the page shows it."""
    value = j.value
    if value is None:
        return "未申报"
    if isinstance(value, Attestation):
        if not value.attested:
            return "未提供"
        return "已提供" + (f"（{value.document}）" if value.document else "")
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, int | float):
        return _num(float(value)) + (j.criterion.unit or "")
    return "—"


def _declared(ctx: SiteContext, unit: Unit) -> list[tuple[str, str, str, str]]:
    verdict = ctx.assessment.standards[unit.id]
    return [
        (j.criterion.label, threshold_text(j.criterion, j), _shown(j), j.label)
        for j in verdict.judgements
    ]


def _event_details(ctx: SiteContext, src: str, ev: Event) -> list[tuple[str, str, str]]:
    """(label, text, link or "") of what the timeline shows about an event."""
    bits: list[tuple[str, str, str]] = []
    if ev.type == "listed" and ev.notice:
        bits.append(("公示：", ev.notice, rel(src, notice_url(ev.notice))))
    if ev.type == "review" and ev.result:
        bits.append(("结果：", "合格" if ev.result == "passed" else "不合格", ""))
    if ev.type == "funding" and ev.amount_cny is not None:
        bits.append(("金额：", f"{ev.amount_cny:,} 元", ""))
    if ev.project:
        bits.append(("项目：", ev.project, ""))
    if ev.type == "revoked" and ev.reason:
        bits.append(("原因：", revocation_label(ev.reason), ""))
    if ev.district:
        bits.append(("推荐单位：", ctx.district_name(ev.district), ""))
    if ev.by:
        bits.append(("授予机关：", ev.by, ""))
    if ev.period:
        bits.append(("期间：", ev.period, ""))
    if ev.serial is not None:
        bits.append(("编号：", str(ev.serial), ""))
    if ev.document:
        bits.append(("文号：", ev.document, ""))
    if ev.note:
        bits.append(("", ev.note, ""))
    return bits


_EVENT_ZH = {kind: zh(label) for kind, label in EVENT_LABELS.items()}


@dataclass(frozen=True, slots=True)
class TimelineItem:
    """An event as the `timeline` macro shows it (attributes: the template reads them)."""

    when: str
    future: bool
    label: str
    details: list[tuple[str, str, str]]


def timeline(ctx: SiteContext, src: str, events: tuple[Event, ...]) -> list[TimelineItem]:
    """The events as the `timeline` macro shows them."""
    items: list[TimelineItem] = []
    notices, today = ctx.roster.notices, ctx.today
    for ev in events:
        day = ev.date
        if day is None and ev.type == "listed" and ev.notice is not None and ev.notice in notices:
            day = notices[ev.notice].published  # `listed` defaults to its notice's date
        items.append(
            TimelineItem(
                when=date(day) or "—",
                future=day is not None and day > today,
                label=_EVENT_ZH[ev.type] if ev.type in _EVENT_ZH else zh(ev.type),
                details=_event_details(ctx, src, ev),
            )
        )
    return items


def plaque_qrs(ctx: SiteContext, plaques: Sequence[PlaqueState]) -> list[tuple[Markup, str]]:
    """(QR, check code) of every active plaque, as printed on it (a scan opens /v/)."""
    qrs = []
    for plaque in plaques:
        if not plaque.active:
            continue
        code = plaque_code(plaque)
        svg = qr_svg(ctx.site_url, plaque.token, label=f"{form_label(plaque)} {code} 的二维码")
        if svg:
            # An <svg> our own code draws; its label is a fixed word and the check code.
            qrs.append((trusted(svg), code))
    return qrs


UNIT_META: dict[str, object] = {"hide": ["navigation"]}


def render_unit(ctx: SiteContext, unit: Unit) -> str:
    """The whole unit page as Markdown (front matter + HTML); the build uses the two parts."""
    return front_matter(unit.name, UNIT_META) + "\n" + unit_body(ctx, unit)


def unit_body(ctx: SiteContext, unit: Unit, list_page: str | None = None) -> str:
    """The page body as final HTML (no Markdown processing); see `SEARCH_END`. `list_page`
    is the source path of the list page showing the unit (the breadcrumb's target)."""
    src = unit_src(unit.id)
    list_src_ = list_page or list_src(unit.kind.value, unit.level.value)
    crumbs = [
        ("示范单位名录", rel(src, "lists/")),
        (level_label(unit.level) + kind_label(unit.kind), rel(src, url_of(list_src_))),
    ]
    view = ctx.views[unit.id]
    plaques = ctx.plaques[unit.id]
    version = ctx.assessment.standards[unit.id].version
    return render(
        "unit.html",
        history=history_of(ctx, unit.id),  # change history from git
        unit=unit,
        status=view,
        today=ctx.today,
        kind=kind_label(unit.kind),
        enterprise_class=class_label(unit),
        level=level_label(unit.level),
        district=ctx.district_name(unit.district),
        website_href=website_href(unit.website),
        search_end=trusted(SEARCH_END),  # our HTML comment: the plugin cuts the index there
        notice_href=(
            rel(src, notice_url(view.notice_id))
            if view.notice_id and view.state is State.IN_NOTICE
            else ""
        ),
        standard=version,
        declared=_declared(ctx, unit) if version is not None else [],
        funding=[ev for ev in unit.events if ev.type == "funding"],
        events=timeline(ctx, src, unit.events),
        plaques=plaques,
        qrs=plaque_qrs(ctx, plaques),
        verify_href=rel(src, "v/"),
        crumbs=crumbs,
        channel=channel_of(ctx.roster.site),
    )
