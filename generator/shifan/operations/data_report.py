"""The periodic data report (定期报送数据, 四、实施办法(三)): a `data_report` event.

A unit holding its title reports its figures for a calendar year (`period`), once per year.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from typing import TYPE_CHECKING

from shifan.errors import RegistryError, UsageError
from shifan.operations import Plan, event_append, not_after_today, unit_of

if TYPE_CHECKING:
    from shifan.assessment import Assessment


def parse_values(pairs: Sequence[str]) -> dict[str, int | float]:
    """`name=number` pairs (names as in the report, e.g. 电子商务交易额_万元=5200)."""
    values: dict[str, int | float] = {}
    for pair in pairs:
        name, sep, raw = pair.partition("=")
        name, raw = name.strip(), raw.strip()
        if not sep or not name or not raw:
            raise UsageError(
                f"数据项应写成 名称=数值: {pair!r}", hint="例如 --values 电子商务交易额_万元=5200"
            )
        try:
            number: int | float = int(raw)
        except ValueError:
            try:
                number = float(raw)
            except ValueError:
                raise UsageError(f"{name} 的值不是数字: {raw!r}") from None
        if isinstance(number, float) and not math.isfinite(number):
            raise UsageError(f"{name} 的值不是有限的数字: {raw!r}")
        if name in values:
            raise UsageError(f"数据项 {name} 重复")
        values[name] = number
    if not values:
        raise UsageError("至少给出一项数据: --values 名称=数值 …")
    return values


def plan_data_report(
    a: Assessment,
    unit_id: str,
    *,
    year: int,
    values: dict[str, int | float],
    day: dt.date,
    document: str | None,
) -> Plan:
    unit = unit_of(a, unit_id)
    status = a.units[unit.id]
    not_after_today(a, day, "报送")
    if not status.holds_title:
        raise RegistryError(
            f"{unit.id} 当前状态为「{status.label}」, 不持有称号, 不登记定期数据",
            loc=unit.loc,
        )
    first = status.awarded_on.year if status.awarded_on is not None else year
    if year >= day.year or year < first:
        raise RegistryError(
            f"{year} 年度的数据不能在 {day} 报送: 报送的是认定后已结束的自然年度",
            hint=f"认定于 {status.awarded_on}; 报送年度应在 {first} 至 {day.year - 1} 之间",
            loc=unit.loc,
        )
    for event in unit.events:
        if event.type == "data_report" and event.period == str(year):
            raise RegistryError(f"{unit.id} 已登记 {year} 年度的数据 ({event.date})", loc=event.loc)
    append = event_append(
        unit,
        {
            "type": "data_report",
            "date": day,
            "period": str(year),
            "document": document,
            "figures": values,
        },
    )
    return Plan(
        appends=(append,),
        summary=(f"{unit.id} {unit.name}: 登记 {year} 年度数据 ({len(values)} 项)",),
    )
