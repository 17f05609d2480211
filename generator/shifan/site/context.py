"""Everything the page renderers need: the assessment, read-only, and the site's address."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from shifan.assessment import Assessment
from shifan.changes.engine import EVENT_LABELS as EVENT_LABELS  # shared with `shifan diff`
from shifan.changes.history import Histories, record_histories
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
from shifan.status import NoticeView, PlaqueState, Status
from shifan.workdays import WorkCalendar


@dataclass(frozen=True, slots=True)
class Change:
    """One dated event of a unit, for "latest changes" and feeds."""

    date: dt.date
    unit: Unit
    event: Event


NO_HISTORY = Histories(unavailable="未读取变更历史。")


@dataclass(frozen=True)
class SiteContext:
    """What the page renderers read: the assessment's facts, and the site's address."""

    assessment: Assessment
    changes: tuple[Change, ...]  # newest first, up to today
    site_url: str  # absolute, ending in "/"
    history: Histories = NO_HISTORY  # per record, from git

    @property
    def roster(self) -> Roster:
        return self.assessment.roster

    @property
    def today(self) -> dt.date:
        return self.assessment.today

    @property
    def cal(self) -> WorkCalendar:
        return self.assessment.cal

    @property
    def views(self) -> Mapping[UnitId, Status]:
        return self.assessment.units

    @property
    def figure_views(self) -> Mapping[FigureId, Status]:
        return self.assessment.figures

    @property
    def plaques(self) -> Mapping[str, tuple[PlaqueState, ...]]:
        return self.assessment.plaques

    @property
    def notices(self) -> Mapping[NoticeId, NoticeView]:
        return self.assessment.notices

    def district_name(self, district_id: str) -> str:
        found = self.roster.districts.get(DistrictId(district_id))
        return found.name if found is not None else district_id


def kind_label(kind: Kind) -> str:
    return KIND_LABELS[kind]


def level_label(level: Level) -> str:
    return LEVEL_LABELS[level]


def class_label(unit: Unit) -> str:
    return ENTERPRISE_CLASS_LABELS[unit.enterprise_class] if unit.enterprise_class else ""


def build_context(assessment: Assessment, site_url: str) -> SiteContext:
    """The renderers' view of an assessment (which must have no errors)."""
    changes = [
        Change(ev.date, u, ev)
        for u in assessment.roster.units.values()
        for ev in u.events
        if ev.date is not None and ev.date <= assessment.today and ev.type != "data_report"
    ]
    changes.sort(key=lambda c: (c.date, c.unit.id), reverse=True)
    return SiteContext(
        assessment=assessment,
        changes=tuple(changes),
        site_url=site_url.rstrip("/") + "/",
        history=record_histories(assessment),
    )
