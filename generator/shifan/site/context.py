"""Everything the page renderers need, derived once per build from the roster and `today`."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from shifan.model import (
    ENTERPRISE_CLASS_LABELS,
    KIND_LABELS,
    LEVEL_LABELS,
    DistrictId,
    Event,
    FigureId,
    Kind,
    Level,
    NoticeId,
    Roster,
    Unit,
    UnitId,
)
from shifan.status import PlaqueState, Status, figure_status, notice_end, plaques_of, unit_status
from shifan.workdays import WorkCalendar

EVENT_LABELS: Mapping[str, str] = {
    "recommended": "县(市、区)推荐",
    "listed": "列入公示",
    "awarded": "授予称号",
    "rejected": "未予认定",
    "withdrawn": "撤回申请",
    "data_report": "报送数据",
    "review": "复审",
    "funding": "获得资金支持",
    "revoked": "撤销称号",
    "reapplied": "重新申报",
    "plaque_issued": "颁发牌匾/证书",
    "plaque_voided": "牌匾/证书作废",
}


@dataclass(frozen=True, slots=True)
class Change:
    """One dated event of a unit, for "latest changes" and feeds."""

    date: dt.date
    unit: Unit
    event: Event


@dataclass(frozen=True)
class SiteContext:
    roster: Roster
    today: dt.date
    views: Mapping[UnitId, Status]
    figure_views: Mapping[FigureId, Status]
    plaques: Mapping[UnitId, tuple[PlaqueState, ...]]
    notice_ends: Mapping[NoticeId, dt.date]
    changes: tuple[Change, ...]  # newest first, up to today
    cal: WorkCalendar
    site_url: str  # absolute, ending in "/"

    def district_name(self, district_id: str) -> str:
        found = self.roster.districts.get(DistrictId(district_id))
        return found.name if found is not None else district_id

    def notice_open(self, notice_id: NoticeId) -> bool:
        notice = self.roster.notices[notice_id]
        return notice.published <= self.today <= self.notice_ends[notice_id]


def kind_label(kind: Kind) -> str:
    return KIND_LABELS[kind]


def level_label(level: Level) -> str:
    return LEVEL_LABELS[level]


def class_label(unit: Unit) -> str:
    return ENTERPRISE_CLASS_LABELS[unit.enterprise_class] if unit.enterprise_class else ""


def build_context(roster: Roster, today: dt.date, site_url: str) -> SiteContext:
    """Derive every status once; raises UnknownCalendarYear if a notice's period cannot be
    counted (the roster check reports it first)."""
    cal = WorkCalendar(roster.calendar)
    ends = {nid: notice_end(n, cal) for nid, n in roster.notices.items()}
    views = {uid: unit_status(u, roster, cal, today) for uid, u in roster.units.items()}
    plaques = {uid: tuple(plaques_of(u.events, today=today)) for uid, u in roster.units.items()}
    figure_views = {fid: figure_status(f, roster, cal, today) for fid, f in roster.figures.items()}
    changes = [
        Change(ev.date, u, ev)
        for u in roster.units.values()
        for ev in u.events
        if ev.date is not None and ev.date <= today and ev.type != "data_report"
    ]
    changes.sort(key=lambda c: (c.date, c.unit.id), reverse=True)
    return SiteContext(
        roster=roster,
        today=today,
        views=views,
        figure_views=figure_views,
        plaques=plaques,
        notice_ends=ends,
        changes=tuple(changes),
        cal=cal,
        site_url=site_url.rstrip("/") + "/",
    )
