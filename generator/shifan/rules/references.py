"""References between records, and the fields one kind of record needs or must not have.

S320 unknown district · S321 unknown notice · S322 unknown unit · S323 unknown figure ·
S324 figure affiliation not exactly one of unit/text · S325 enterprise_class missing ·
S326 enterprise_class on a non-enterprise · S327 notice entry/objection names neither or both
of unit and figure · S328 listed event whose notice does not list the unit · S329 notice
entry without the matching `listed` event · S330 the same unit twice in one notice ·
S331 objection about a unit or figure the notice does not list.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping
from typing import Any

from shifan.errors import Problem
from shifan.model import (
    KIND_LABELS,
    Event,
    Figure,
    Kind,
    Loc,
    Notice,
    NoticeEntry,
    NoticeId,
    Objection,
    Roster,
    Unit,
    UnitId,
)
from shifan.rules._common import WorkCalendar, did_you_mean, did_you_mean_zh, error


def check(roster: Roster, cal: WorkCalendar, today: dt.date) -> Iterator[Problem]:
    entries = {n.id: {e.unit for e in n.entries} for n in roster.notices.values()}
    listed: set[tuple[UnitId, NoticeId | None]] = set()  # filled by `_unit`
    for unit in roster.units.values():
        yield from _unit(roster, unit, entries, listed)
    for figure in roster.figures.values():
        yield from _figure(roster, figure)
    for notice in roster.notices.values():
        yield from _notice(roster, notice, listed)


def _district(roster: Roster, district: str, loc: Loc, what: str) -> Iterator[Problem]:
    if district not in roster.districts:
        by_name = district_by_name(roster, district)
        if by_name is not None:  # the Chinese name typed where the id belongs
            yield error(
                "S320",
                loc,
                f"{what}: write the district's id `{by_name}`, not its name {district!r}",
                f"district: {by_name}",
                zh=(
                    f"{what}：区县要写编号 `{by_name}`，不写名称“{district}”",
                    f"改成 district: {by_name}",
                ),
            )
            return
        yield error(
            "S320",
            loc,
            f"{what}: unknown district {district!r}.{did_you_mean(district, roster.districts)}",
            "use an id from registry/districts.yaml",
            zh=(
                f"{what}：未知的区县“{district}”。{did_you_mean_zh(district, roster.districts)}",
                "使用 registry/districts.yaml 中的编号（id），例如 jinshui",
            ),
        )


def district_by_name(roster: Roster, name: str) -> str | None:
    """The id of the district called `name` (`金水区` → `jinshui`; also without 区/市/县)."""
    wanted = name.strip()
    for district in roster.districts.values():
        full = district.name
        if wanted and (wanted == full or (len(wanted) >= 2 and full.rstrip("区市县") == wanted)):
            return district.id
    return None


def _present(records: Mapping[Any, object], roster: Roster, record_id: str) -> bool:
    """The record exists; one whose file failed to load counts (its own file is reported)."""
    return record_id in records or record_id in roster.unloaded


def _notice_ref(roster: Roster, event: Event) -> Iterator[Problem]:
    notice = event.notice
    if notice is not None and notice not in roster.notices and notice not in roster.unloaded:
        yield error(
            "S321",
            event.at("notice"),
            f"unknown notice {notice!r}.{did_you_mean(notice, roster.notices)}",
            "use the id of a file in registry/notices/",
            zh=(
                f"未知的公示“{notice}”。{did_you_mean_zh(notice, roster.notices)}",
                "使用 registry/notices/ 中某个文件的编号",
            ),
        )


def _unit(
    roster: Roster,
    unit: Unit,
    entries: Mapping[NoticeId, set[UnitId | None]],
    listed: set[tuple[UnitId, NoticeId | None]],
) -> Iterator[Problem]:
    """The unit's problems; adds to `listed` the notices its `listed` events name."""
    if unit.district not in roster.districts:
        yield from _district(roster, unit.district, unit.at("district"), unit.id)
    if unit.kind is Kind.ENTERPRISE and unit.enterprise_class is None:
        yield error(
            "S325",
            unit.loc,
            f"enterprise {unit.id} has no enterprise_class",
            "set enterprise_class to platform_consumer, platform_business, application or "
            "service (附件2 二、认定标准 (一)–(三))",
            zh=(
                f"示范企业 {unit.id} 没有填写 enterprise_class（企业类别）",
                "enterprise_class 写 platform_consumer（平台类，面向消费者）、platform_business"
                "（平台类，面向企业）、application（应用类）或 service（服务类）"
                "（附件2 二、认定标准（一）至（三））",
            ),
        )
    if unit.kind is not Kind.ENTERPRISE and unit.enterprise_class is not None:
        yield error(
            "S326",
            unit.at("enterprise_class"),
            f"{unit.id} is a {unit.kind}: enterprise_class applies to enterprises only",
            "remove enterprise_class, or correct kind (and move the file to units/enterprise/)",
            zh=(
                f"{unit.id} 是 {KIND_LABELS[unit.kind]}：enterprise_class 只用于示范企业",
                "删掉 enterprise_class，或改正 kind（并把文件移到 units/enterprise/）",
            ),
        )
    for event in unit.events:
        if event.district is not None and event.district not in roster.districts:
            yield from _district(roster, event.district, event.at("district"), event.type)
        if event.type == "listed":
            listed.add((unit.id, event.notice))
        if event.notice is not None:
            notice = roster.notices.get(event.notice)
            if notice is None:
                yield from _notice_ref(roster, event)
            elif unit.id not in entries[notice.id]:
                yield error(
                    "S328",
                    event.at("notice"),
                    f"notice {notice.id} does not list {unit.id}",
                    f"add {unit.id} to the entries of registry/notices/{notice.id}.yaml, or "
                    "correct the notice id",
                    zh=(
                        f"公示 {notice.id} 的名单中没有 {unit.id}",
                        f"在 registry/notices/{notice.id}.yaml 的 entries 中加上 {unit.id}，"
                        "或改正公示编号",
                    ),
                )


def _figure(roster: Roster, figure: Figure) -> Iterator[Problem]:
    has_unit = figure.affiliation_unit is not None
    has_text = bool(figure.affiliation and figure.affiliation.strip())
    if has_unit == has_text:
        yield error(
            "S324",
            figure.loc,
            f"{figure.id} must give exactly one of affiliation_unit and affiliation "
            f"({'both' if has_unit else 'neither'} given)",
            "use affiliation_unit for a unit of the roster, affiliation (free text) otherwise",
            zh=(
                f"{figure.id} 的 affiliation_unit 和 affiliation 只能写一个"
                f"（现在{'两个都写了' if has_unit else '一个都没写'}）",
                "所在单位在名册中就写 affiliation_unit（单位编号），否则写 affiliation（单位名称）",
            ),
        )
    if figure.affiliation_unit is not None and not _present(
        roster.units, roster, figure.affiliation_unit
    ):
        yield error(
            "S322",
            figure.at("affiliation_unit"),
            f"unknown unit {figure.affiliation_unit!r}."
            f"{did_you_mean(figure.affiliation_unit, roster.units)}",
            "use the id of a file in registry/units/, or write the affiliation as free text",
            zh=(
                f"未知的单位“{figure.affiliation_unit}”。"
                f"{did_you_mean_zh(figure.affiliation_unit, roster.units)}",
                "使用 registry/units/ 中某个文件的编号，或把所在单位写成 affiliation（单位名称）",
            ),
        )
    for event in figure.events:
        if event.notice is not None:
            yield from _notice_ref(roster, event)


def _subject(
    roster: Roster, item: NoticeEntry | Objection, what: str, what_zh: str
) -> Iterator[Problem]:
    if (item.unit is None) == (item.figure is None):
        yield error(
            "S327",
            item.loc,
            f"{what} must name exactly one of unit and figure",
            "write `unit: ZZ-…` for a unit or `figure: ZZ-FIG-…` for a leading figure",
            zh=(
                f"{what_zh}的 unit 和 figure 只能写一个，且必须写一个",
                "单位写 `unit: ZZ-…`，领军人物写 `figure: ZZ-FIG-…`",
            ),
        )
    if item.unit is not None and not _present(roster.units, roster, item.unit):
        yield error(
            "S322",
            item.at("unit"),
            f"unknown unit {item.unit!r}.{did_you_mean(item.unit, roster.units)}",
            "use the id of a file in registry/units/",
            zh=(
                f"未知的单位“{item.unit}”。{did_you_mean_zh(item.unit, roster.units)}",
                "使用 registry/units/ 中某个文件的编号",
            ),
        )
    if item.figure is not None and not _present(roster.figures, roster, item.figure):
        yield error(
            "S323",
            item.at("figure"),
            f"unknown figure {item.figure!r}.{did_you_mean(item.figure, roster.figures)}",
            "use the id of a file in registry/figures/",
            zh=(
                f"未知的人物“{item.figure}”。{did_you_mean_zh(item.figure, roster.figures)}",
                "使用 registry/figures/ 中某个文件的编号",
            ),
        )


def _notice(
    roster: Roster, notice: Notice, listed: set[tuple[UnitId, NoticeId | None]]
) -> Iterator[Problem]:
    seen: set[str] = set()
    for entry in notice.entries:
        yield from _subject(roster, entry, "a notice entry", "公示名单条目")
        subject = entry.unit or entry.figure
        if subject is None:
            continue
        if subject in seen:
            yield error(
                "S330",
                entry.loc,
                f"{subject} is listed twice in notice {notice.id}",
                "keep one entry per unit or figure",
                zh=(
                    f"{subject} 在公示 {notice.id} 中出现了两次",
                    "每个单位或人物只保留一条",
                ),
            )
        seen.add(subject)
        unit = roster.units.get(entry.unit) if entry.unit is not None else None
        if unit is not None and (unit.id, notice.id) not in listed:
            yield error(
                "S329",
                entry.at("unit"),
                f"notice {notice.id} lists {unit.id}, but the unit has no `listed` event for it",
                f"add `- type: listed` with `notice: {notice.id}` to the unit's events",
                zh=(
                    f"公示 {notice.id} 列了 {unit.id}，但该单位没有对应的 `listed` 事件",
                    f"在该单位的 events 中加上 `- type: listed`，`notice: {notice.id}`",
                ),
            )
    for objection in notice.objections:
        yield from _subject(roster, objection, "an objection", "异议")
        subject = objection.unit or objection.figure
        if subject is not None and subject not in seen:
            yield error(
                "S331",
                objection.loc,
                f"objection about {subject}, which notice {notice.id} does not list",
                "an objection concerns an entry of the same notice: correct the unit or figure",
                zh=(
                    f"异议针对的 {subject} 不在公示 {notice.id} 的名单中",
                    "异议只能针对同一公示中的对象：改正 unit 或 figure",
                ),
            )
