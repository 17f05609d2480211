"""The annual report (年度统计报告, 三、主要任务(三) 统计监测): one year of the bureau's work.

What happened in the year — awards, reviews, revocations and funding, counted from the
events dated in it (up to the assessment's date) — by kind, level and district; and how many
units held a title at the year's end (or on the assessment's date in the current year)
against every target set, the holders decided by the same status function the assessment
uses. Pure: the report is a set of tables that the Markdown, CSV, PDF and site writers lay
out; every text is plain (writers escape it).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from shifan.errors import UsageError
from shifan.model import (
    KIND_LABELS,
    LEVEL_LABELS,
    REVOCATION_LABELS,
    DistrictId,
    Event,
    Figure,
    Kind,
    Level,
    ReviewResult,
    RevocationReason,
    Unit,
    UnitId,
)
from shifan.site.charts import Bar, bars_of
from shifan.site.context import zh
from shifan.status import holds_title

if TYPE_CHECKING:
    from shifan.assessment import Assessment

FIRST_YEAR = 2016  # 郑政办〔2016〕54号: the demonstration system starts that year
FIGURES_LABEL = "电子商务领军人物"
MEASURES = ("获得称号", "复审通过", "复审不合格", "撤销", "资金扶持笔数", "资金扶持金额（元）")


@dataclass(frozen=True)
class Table:
    """A titled table of plain text cells; the first column labels the rows."""

    key: str  # a stable id: file names of CSV parts, anchors on the site
    title: str
    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    note: str = ""


@dataclass(frozen=True)
class TargetProgress:
    title: str
    bars: tuple[Bar, ...]


@dataclass(frozen=True)
class AnnualReport:
    year: int
    as_of: dt.date  # the year's last day, or the assessment's date in the current year
    summary: tuple[str, ...]
    tables: tuple[Table, ...]
    targets: tuple[TargetProgress, ...]

    @property
    def complete(self) -> bool:
        return self.as_of == dt.date(self.year, 12, 31)


@dataclass(frozen=True, slots=True)
class _Happening:
    """One event of the year on a unit (or, for awards, a figure)."""

    event: Event
    day: dt.date  # the event's date
    record_id: str
    name: str
    kind: str  # a kind label, or FIGURES_LABEL
    level: Level | None
    district: DistrictId | None
    measure: str  # the column of MEASURES it counts in (`_measure`)


_MEASURE = {"awarded": "获得称号", "revoked": "撤销", "funding": "资金扶持笔数"}


def _measure(e: Event) -> str:
    if e.type == "review":
        return "复审通过" if e.result is ReviewResult.PASSED else "复审不合格"
    return _MEASURE[e.type]


@dataclass(frozen=True)
class _Facts:
    """What every year's report reads of the roster, worked out once for all years."""

    happenings: dict[int, list[_Happening]]  # by the year of the event, in roster order
    award_from: dict[UnitId, dt.date]  # a unit's first award (date.min: an undated one)

    @classmethod
    def of(cls, a: Assessment) -> _Facts:
        happenings: dict[int, list[_Happening]] = {}
        award_from: dict[UnitId, dt.date] = {}
        counted = ("awarded", "review", "revoked", "funding")
        for unit in a.roster.units.values():
            kind = KIND_LABELS[unit.kind]
            for e in unit.events:
                if e.type == "awarded":
                    day = e.date or dt.date.min
                    award_from[unit.id] = min(day, award_from.get(unit.id, day))
                if e.type in counted and e.date is not None:
                    happening = _Happening(
                        e, e.date, unit.id, unit.name, kind, unit.level, unit.district, _measure(e)
                    )
                    happenings.setdefault(e.date.year, []).append(happening)
        for figure in a.roster.figures.values():
            for e in figure.events:
                if e.type == "awarded" and e.date is not None:
                    happening = _Happening(
                        e, e.date, figure.id, figure.name, FIGURES_LABEL, None, None, _measure(e)
                    )
                    happenings.setdefault(e.date.year, []).append(happening)
        return cls(happenings, award_from)


def check_year(a: Assessment, year: int) -> None:
    """Refuse a year the report cannot be made for (exit 2, in Chinese)."""
    if year < FIRST_YEAR:
        raise UsageError(
            f"{year} 年早于郑州市电子商务示范体系的创建 (郑政办〔2016〕54号, {FIRST_YEAR} 年), "
            "没有该年度的报告",
            hint=f"年度应在 {FIRST_YEAR} 至 {a.today.year} 之间",
        )
    if year > a.today.year:
        raise UsageError(
            f"{year} 年还没有到来 (今天是 {a.today}), 不能生成该年度的报告",
            hint=f"年度应在 {FIRST_YEAR} 至 {a.today.year} 之间; 当年的报告统计到今天",
        )
    if year not in a.cal.known_years:
        raise UsageError(
            f"{year} 年的法定节假日安排未知, 该年度的公示期无法计算, 不生成报告",
            hint=f"添加 registry/calendar/{year}.yaml (国务院办公厅节假日安排通知), "
            "或升级 chinese-calendar",
        )


def event_years(a: Assessment) -> list[int]:
    """Every year (up to today) with an event on a record or a notice published: the years
    that have a report on the site."""
    records: list[Unit | Figure] = [*a.roster.units.values(), *a.roster.figures.values()]
    days = [e.date for record in records for e in record.events if e.date is not None]
    days += [n.published for n in a.roster.notices.values()]
    known = a.cal.known_years
    return sorted(
        {d.year for d in days if d <= a.today and d.year >= FIRST_YEAR and d.year in known}
    )


def annual_report(a: Assessment, year: int) -> AnnualReport:
    return annual_reports(a, [year])[year]


def annual_reports(a: Assessment, years: Iterable[int]) -> dict[int, AnnualReport]:
    """The reports of these years (each checked by `check_year`), sharing one pass over the
    roster."""
    years = list(years)
    for year in years:
        check_year(a, year)
    facts = _Facts.of(a)
    return {year: _report(a, facts, year) for year in years}


def _report(a: Assessment, facts: _Facts, year: int) -> AnnualReport:
    as_of = min(dt.date(year, 12, 31), a.today)
    found = [h for h in facts.happenings.get(year, ()) if h.day <= as_of]
    notices = [n for n in a.roster.notices.values() if n.published.year == year]
    notices = [n for n in notices if n.published <= as_of]
    count = Counter(h.measure for h in found)
    money = sum(h.event.amount_cny or 0 for h in found if h.event.type == "funding")
    figures = sum(1 for h in found if h.kind == FIGURES_LABEL)
    whole = as_of == dt.date(year, 12, 31)
    until = "全年" if whole else f"1月1日至{as_of.month}月{as_of.day}日"
    summary = (
        f"{year}年{until}：发布公示 {len(notices)} 份；"
        f"示范单位获得称号 {count['获得称号'] - figures} 个，领军人物 {figures} 名；"
        f"复审通过 {count['复审通过']} 个，复审不合格 {count['复审不合格']} 个；"
        f"撤销称号 {count['撤销']} 个；"
        f"资金扶持 {count['资金扶持笔数']} 笔，共 {money:,} 元。",
    )
    units = [h for h in found if h.level is not None]
    targets = _targets(a, facts, as_of)
    tables = (
        _awards(found),
        _breakdown(
            "by_kind",
            "按类别",
            "类别",
            [(zh(KIND_LABELS[k]), [h for h in units if h.kind == KIND_LABELS[k]]) for k in Kind],
        ),
        _breakdown(
            "by_level",
            "按级别",
            "级别",
            [(LEVEL_LABELS[lv], [h for h in units if h.level is lv]) for lv in Level],
        ),
        _breakdown("by_district", "按县（市、区）", "县（市、区）", _by_district(a, units)),
        _revocations(found),
        *(_target_table(t, as_of) for t in targets),
        _details(a, found),
    )
    return AnnualReport(year, as_of, summary, tables, targets)


def _row(label: str, found: Sequence[_Happening]) -> tuple[str, ...]:
    count = Counter(h.measure for h in found)
    money = sum(h.event.amount_cny or 0 for h in found if h.event.type == "funding")
    return (label, *(str(count[m]) for m in MEASURES[:-1]), f"{money:,}")


def _breakdown(
    key: str, title: str, head: str, groups: Sequence[tuple[str, Sequence[_Happening]]]
) -> Table:
    every = [h for _, group in groups for h in group]
    rows = (*(_row(label, group) for label, group in groups), _row("合计", every))
    return Table(key, f"示范单位（{title}）", (head, *MEASURES), rows)


def _by_district(
    a: Assessment, units: Sequence[_Happening]
) -> list[tuple[str, Sequence[_Happening]]]:
    """Every district of the roster (those with nothing in the year too), in file order."""
    groups: dict[DistrictId | None, list[_Happening]] = {}
    for h in units:
        groups.setdefault(h.district, []).append(h)
    ids = list(a.roster.districts)
    ids += sorted({d for d in groups if d and d not in a.roster.districts})
    return [
        (a.roster.districts[d].name if d in a.roster.districts else d, groups.get(d, []))
        for d in ids
    ]


def _awards(found: Sequence[_Happening]) -> Table:
    awards = [h for h in found if h.event.type == "awarded"]
    rows = []
    for label in (*(KIND_LABELS[k] for k in Kind), FIGURES_LABEL):
        mine = [h for h in awards if h.kind == label]
        if label == FIGURES_LABEL:
            cells = [str(len(mine)), "—", "—"]
        else:
            cells = [str(sum(1 for h in mine if h.level is lv)) for lv in Level]
        rows.append((zh(label), *cells, str(len(mine))))
    total = [str(sum(1 for h in awards if (h.level or Level.MUNICIPAL) is lv)) for lv in Level]
    rows.append(("合计", *total, str(len(awards))))
    headers = ("类别", *(LEVEL_LABELS[lv] for lv in Level), "合计")
    note = "领军人物由市商务局认定，计入市级。"
    return Table("awards", "当年获得称号（按类别和级别）", headers, tuple(rows), note)


def _revocations(found: Sequence[_Happening]) -> Table:
    revoked = Counter(h.event.reason for h in found if h.event.type == "revoked")
    rows = [(label, str(revoked[reason.value])) for reason, label in REVOCATION_LABELS.items()]
    rows.append(("合计", str(sum(revoked.values()))))
    note = "因申报材料弄虚作假、违法经营或欺诈被撤销的，3年内不再受理其申报。"
    return Table("revocations", "撤销称号（按原因）", ("原因", "撤销数"), tuple(rows), note)


def _targets(a: Assessment, facts: _Facts, as_of: dt.date) -> tuple[TargetProgress, ...]:
    """Holders on `as_of` (the status function the assessment uses, as of that day). Only a
    unit awarded by then can hold a title: no other unit's status is worked out."""
    roster = a.roster
    held = Counter(
        (unit.level, unit.kind)
        for uid, day in facts.award_from.items()
        if day <= as_of and holds_title(unit := roster.units[uid], roster, a.cal, as_of)
    )
    return tuple(
        TargetProgress(f"{t.year}年目标（{t.document}）", tuple(bars_of(held, t)))
        for t in sorted(roster.targets, key=lambda t: t.year)
    )


def _target_table(progress: TargetProgress, as_of: dt.date) -> Table:
    rows = tuple(
        (
            b.label,
            str(b.value),
            str(b.target),
            f"{100 * b.value // b.target}%" if b.target else "—",
        )
        for b in progress.bars
    )
    return Table(
        "targets",
        f"目标完成情况：{progress.title}",
        ("目标", f"{as_of} 持有称号", "目标数", "完成率"),
        rows,
        "持有称号：有效、即将复审和复审逾期（尚未撤销）的单位。",
    )


_WHAT = {"awarded": "获得称号", "revoked": "撤销", "funding": "资金扶持"}


def _details(a: Assessment, found: Sequence[_Happening]) -> Table:
    rows = []
    for h in sorted(found, key=lambda h: (h.event.date or dt.date.min, h.record_id)):
        e = h.event
        what = h.measure if e.type == "review" else _WHAT[e.type]
        if e.type == "revoked" and e.reason is not None:
            what += f"（{_reason_label(e.reason)}）"
        if e.type == "funding":
            what += f" {e.amount_cny or 0:,} 元"
        district = a.roster.districts.get(h.district) if h.district else None
        level = LEVEL_LABELS[h.level] if h.level is not None else "市级"
        rows.append(
            (str(e.date), what, h.record_id, h.name, f"{level}{zh(h.kind)}",
             district.name if district else (h.district or "—"), e.document or "—")
        )  # fmt: skip
    headers = ("日期", "事项", "编号", "名称", "称号", "县（市、区）", "文号")
    return Table("details", "明细", headers, tuple(rows))


def _reason_label(reason: str) -> str:
    try:
        return REVOCATION_LABELS[RevocationReason(reason)]
    except ValueError:
        return reason
