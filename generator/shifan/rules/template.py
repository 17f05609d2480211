"""Unedited template values (S315): a unit copied from docs/templates/unit.example.yaml whose
placeholder was never replaced.

Only the template's exact placeholders are errors: the credit code, the name, the address,
the website and the achievements it ships with. Names containing 示例 and `example.com`
websites in general are not refused — the demo roster is made of them, and a real unit
could in principle carry either; the template's own values can only have been copied.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from shifan.errors import Problem
from shifan.model import Roster
from shifan.rules._common import WorkCalendar, error

PLACEHOLDERS: dict[str, str] = {
    "credit_code": "91410105MA00000016",
    "name": "郑州示例网络科技有限公司",
    "address": "郑州市金水区示例路1号",
    "website": "https://www.example.com",
    "achievements": "为本地中小企业提供电商代运营服务，年服务收入1200万元",
}
"""Field → the value docs/templates/unit.example.yaml gives it (a test keeps them equal)."""


def check(roster: Roster, cal: WorkCalendar, today: dt.date) -> Iterator[Problem]:
    for unit in roster.units.values():
        for field, placeholder in PLACEHOLDERS.items():
            value = getattr(unit, field, None)
            if isinstance(value, str) and value.strip() == placeholder:
                yield error(
                    "S315",
                    unit.at(field),
                    f"`{field}` still holds the template's example value {placeholder!r}",
                    f"replace it with {unit.id}'s own {field} (from its business licence or "
                    "application), or remove the line if the field is optional",
                    zh=(
                        f"`{field}` 还是模板里的示例值“{placeholder}”",
                        f"改成 {unit.id} 自己的信息（以营业执照或申报材料为准）；"
                        "可选字段不用就删掉这一行",
                    ),
                )
