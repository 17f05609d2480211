"""Statistics drawn at build time as inline SVG: no chart library, nothing from a CDN.

What is counted: a unit counts towards kind/level/district charts and towards a target while
it *holds its title* (`shifan.status.HOLDS_TITLE`: awarded, review due, review overdue). An
overdue review does not take the title away: only a failed review or a revocation does, so
an overdue unit still counts (and is shown in the status chart). The award-year chart counts
award decisions made in each year, whatever happened to the unit afterwards.

Every chart is a `<figure>` whose `<svg role="img">` is named by its `<title>` and described
by a `<desc>` holding all its numbers; a compact `<table>` with the same numbers follows the
SVG, so screen-reader users and people who copy numbers get them as text. The HTML has no
blank line, so it stays one raw block when the plugin embeds it in Markdown. Every text from
the roster goes through `html.escape`.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from html import escape

from shifan.model import (
    KIND_LABELS,
    LEVEL_LABELS,
    DistrictId,
    Kind,
    Level,
    Roster,
    TargetSet,
    UnitId,
)
from shifan.site.context import zh
from shifan.status import HOLDS_TITLE, STATE_LABELS, State, Status

WIDTH = 400  # CSS px at most; narrower containers (phones) scale the SVG down
FONT_SIZE = 15
ROW = 46
BAR_Y, BAR_H = 21, 16
VALUE_ROOM = 80  # right margin for the value text
BAR_COLOUR = "#1565c0"  # 5.8:1 against white: passes the 3:1 rule for graphics
TRACK_COLOUR = "#e0e0e0"
DONE_COLOUR = "#2e7d32"


@dataclass(frozen=True)
class Bar:
    label: str
    value: int
    target: int | None = None  # progress bars only

    def value_text(self) -> str:
        if self.target is None:
            return str(self.value)
        return f"{self.value} / {self.target}（{_percent(self.value, self.target)}）"


def _percent(value: int, target: int) -> str:
    return f"{100 * value // target}%" if target > 0 else "—"


def _attr(text: str) -> str:
    return escape(text, quote=True)


def chart_html(chart_id: str, title: str, bars: Sequence[Bar], *, headers: Sequence[str]) -> str:
    """A horizontal bar chart (or progress bars when bars have targets) and its table."""
    height = max(1, len(bars)) * ROW
    scale_max = max([b.target or b.value for b in bars] + [1])
    span = WIDTH - VALUE_ROOM
    desc = "；".join(f"{b.label}：{b.value_text()}" for b in bars) or "暂无数据"
    parts = [
        f'<figure class="shifan-chart" id="{_attr(chart_id)}">',
        f"<figcaption>{escape(title)}</figcaption>",
        f'<svg role="img" aria-labelledby="{_attr(chart_id)}-t" '
        f'aria-describedby="{_attr(chart_id)}-d" '
        f'viewBox="0 0 {WIDTH} {height}" width="{WIDTH}" height="{height}" '
        f'xmlns="http://www.w3.org/2000/svg" font-size="{FONT_SIZE}" fill="currentColor" '
        'style="max-width:100%;height:auto">',
        f'<title id="{_attr(chart_id)}-t">{escape(title)}</title>',
        f'<desc id="{_attr(chart_id)}-d">{escape(desc)}</desc>',
    ]
    for i, bar in enumerate(bars):
        y = i * ROW
        parts.append(f'<text x="0" y="{y + 15}">{escape(bar.label)}</text>')
        if bar.target is not None:
            parts.append(
                f'<rect x="0" y="{y + BAR_Y}" width="{span}" height="{BAR_H}" '
                f'fill="{TRACK_COLOUR}"/>'
            )
            reached = bar.target > 0 and bar.value >= bar.target
            length = span * min(bar.value, bar.target) / bar.target if bar.target else span
            colour = DONE_COLOUR if reached else BAR_COLOUR
        else:
            length = span * bar.value / scale_max
            colour = BAR_COLOUR
        parts.append(
            f'<rect x="0" y="{y + BAR_Y}" width="{length:.1f}" height="{BAR_H}" fill="{colour}"/>'
        )
        end = span + 4 if bar.target is not None else length + 4
        parts.append(
            f'<text x="{end:.1f}" y="{y + BAR_Y + 14}">'
            f"{escape(bar.value_text() if bar.target is None else _percent(bar.value, bar.target))}"
            "</text>"
        )
    parts.append("</svg>")
    parts.append("</figure>")
    parts.append(_table(title, bars, headers))
    return "\n".join(parts)


def _table(title: str, bars: Sequence[Bar], headers: Sequence[str]) -> str:
    head = "".join(f'<th scope="col">{escape(h)}</th>' for h in headers)
    rows = []
    for bar in bars:
        cells = [str(bar.value)]
        if bar.target is not None:
            cells += [str(bar.target), _percent(bar.value, bar.target)]
        tds = "".join(f"<td>{escape(c)}</td>" for c in cells)
        rows.append(f'<tr><th scope="row">{escape(bar.label)}</th>{tds}</tr>')
    caption = escape(f"{title}（数据表）")
    # the site's table component (as the `table` macro writes it): a focusable scroll box
    return (
        f'<div class="sf-table-wrap" tabindex="0" role="region" aria-label="{caption}">'
        f'<table class="sf-chart-data"><caption>{caption}</caption>'
        f"<thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table></div>"
    )


# ---------------------------------------------------------------------------- counting


def _holders(roster: Roster, status: Mapping[UnitId, Status]) -> list[UnitId]:
    return [uid for uid in sorted(roster.units) if status[uid].state in HOLDS_TITLE]


def target_bars(roster: Roster, status: Mapping[UnitId, Status], targets: TargetSet) -> list[Bar]:
    """One progress bar per target item: holders of that level and one of its kinds."""
    held = Counter(
        (roster.units[uid].level, roster.units[uid].kind) for uid in _holders(roster, status)
    )
    return bars_of(held, targets)


def bars_of(held: Mapping[tuple[Level, Kind], int], targets: TargetSet) -> list[Bar]:
    """One progress bar per target item, from the number of holders of each level and kind."""
    return [
        Bar(item.label, sum(held.get((item.level, kind), 0) for kind in item.kinds), item.count)
        for item in targets.items
    ]


def _target_chart(roster: Roster, status: Mapping[UnitId, Status], targets: TargetSet) -> str:
    return chart_html(
        f"chart-targets-{targets.year}",
        f"{targets.year}年目标完成情况（{targets.document}）",
        target_bars(roster, status, targets),
        headers=("目标", "现有", "目标数", "完成率"),
    )


def _award_years(roster: Roster, today: dt.date) -> list[Bar]:
    years = Counter(
        event.date.year
        for unit in roster.units.values()
        for event in unit.events
        if event.type == "awarded" and event.date is not None and event.date <= today
    )
    if not years:
        return []
    return [Bar(f"{y}年", years[y]) for y in range(min(years), max(years) + 1)]


def stats_page_html(roster: Roster, status: Mapping[UnitId, Status], today: dt.date) -> str:
    """The body of the statistics page: summary, five charts, every target set's progress."""
    holders = _holders(roster, status)
    units = [roster.units[uid] for uid in holders]
    by_kind = Counter(u.kind for u in units)
    by_level = Counter(u.level for u in units)
    by_district = Counter(u.district for u in units)
    by_state = Counter(s.state for s in status.values())
    district_ids: list[DistrictId] = sorted(set(roster.districts) | set(by_district))
    district_ids.sort(key=lambda d: -by_district[d])  # stable: ties stay in id order

    def district_label(d: DistrictId) -> str:
        district = roster.districts.get(d)
        return district.name if district is not None else d

    held_headers = ("类别", "现有称号数")
    sections = [
        f'<p class="shifan-stats-summary">截至 {today.isoformat()}，共有 {len(holders)} '
        "个单位持有示范称号（含复审逾期、尚未撤销的单位），"
        f"领军人物 {len(roster.figures)} 名。</p>",
        chart_html(
            "chart-kind",
            "按类别（现有称号）",
            [Bar(zh(KIND_LABELS[k]), by_kind[k]) for k in Kind],
            headers=held_headers,
        ),
        chart_html(
            "chart-level",
            "按级别（现有称号）",
            [Bar(LEVEL_LABELS[lv], by_level[lv]) for lv in Level],
            headers=("级别", "现有称号数"),
        ),
        chart_html(
            "chart-district",
            "按县（市、区）（现有称号）",
            [Bar(district_label(d), by_district[d]) for d in district_ids],
            headers=("县（市、区）", "现有称号数"),
        ),
        chart_html(
            "chart-year",
            "按授牌年度（当年授牌数）",
            _award_years(roster, today),
            headers=("年度", "授牌数"),
        ),
        chart_html(
            "chart-status",
            "按状态（全部单位）",
            [Bar(STATE_LABELS[s], by_state[s]) for s in State if by_state[s]],
            headers=("状态", "单位数"),
        ),
    ]
    for targets in sorted(roster.targets, key=lambda t: t.year):
        sections.append(_target_chart(roster, status, targets))
    return "\n".join(sections) + "\n"


def targets_summary_html(roster: Roster, status: Mapping[UnitId, Status]) -> str:
    """For the home page: progress against the latest target set (empty without targets)."""
    if not roster.targets:
        return ""
    latest = max(roster.targets, key=lambda t: t.year)
    return _target_chart(roster, status, latest) + "\n"
