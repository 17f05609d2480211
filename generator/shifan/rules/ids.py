"""The shape of record ids: they name files, site addresses and plaque tokens.

S305 a unit, figure or notice id not in the registry's form. Units are `ZZ-<code>-NNNN`
(4–6 digits, zero-padded to 4) with the code of their kind (PRK, ENT, EDU, TWN); figures
`ZZ-FIG-NNNN`; notices `GS-<year>-NN`. Token subjects must be short ASCII (docs/token.md),
and a plaque's QR stays within version 10 only for ids of this length.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator

from shifan.errors import Problem
from shifan.model import KIND_ID_CODES, KIND_LABELS, Roster
from shifan.rules._common import WorkCalendar, error

_NUMBER = r"(?:\d{4}|[1-9]\d{4,5})"
_UNIT_ID = re.compile(rf"ZZ-(PRK|ENT|EDU|TWN)-{_NUMBER}")
_FIGURE_ID = re.compile(rf"ZZ-FIG-{_NUMBER}")
_NOTICE_ID = re.compile(r"GS-(\d{4})-\d{2,3}")


def check(roster: Roster, cal: WorkCalendar, today: dt.date) -> Iterator[Problem]:
    for unit in roster.units.values():
        code = KIND_ID_CODES[unit.kind]
        match = _UNIT_ID.fullmatch(unit.id)
        if match is None or match.group(1) != code:
            yield error(
                "S305",
                unit.at("id"),
                f"unit id {unit.id!r} is not of the form ZZ-{code}-NNNN for a {unit.kind}",
                f"name the file and the id ZZ-{code}-<next free number, 4 digits>, "
                f"e.g. ZZ-{code}-0042",
                zh=(
                    f"单位编号“{unit.id}”不符合 {KIND_LABELS[unit.kind]} 的格式 ZZ-{code}-NNNN",
                    f"文件名和编号都写成 ZZ-{code}-<下一个空闲的 4 位序号>，例如 ZZ-{code}-0042",
                ),
            )
    for figure in roster.figures.values():
        if _FIGURE_ID.fullmatch(figure.id) is None:
            yield error(
                "S305",
                figure.at("id"),
                f"figure id {figure.id!r} is not of the form ZZ-FIG-NNNN",
                "name the file and the id ZZ-FIG-<next free number, 4 digits>, e.g. ZZ-FIG-0009",
                zh=(
                    f"人物编号“{figure.id}”不符合格式 ZZ-FIG-NNNN",
                    "文件名和编号都写成 ZZ-FIG-<下一个空闲的 4 位序号>，例如 ZZ-FIG-0009",
                ),
            )
    for notice in roster.notices.values():
        match = _NOTICE_ID.fullmatch(notice.id)
        if match is None or int(match.group(1)) != notice.published.year:
            yield error(
                "S305",
                notice.at("id"),
                f"notice id {notice.id!r} is not of the form GS-{notice.published.year}-NN",
                "a notice is named GS-<year published>-<number in that year, 2 digits>, "
                f"e.g. GS-{notice.published.year}-01",
                zh=(
                    f"公示编号“{notice.id}”不符合格式 GS-{notice.published.year}-NN",
                    "公示编号写成 GS-<发布年份>-<当年序号，2 位>，"
                    f"例如 GS-{notice.published.year}-01",
                ),
            )
