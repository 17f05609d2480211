"""Builders of small rosters from the model's dataclasses, for rule tests (`support_roster`).

`roster(...)` gives a valid roster around the records passed in: all districts, a park and
an enterprise standard, and by default one notice `GS-2024-01` (2024-05-06, 5 working days,
so it ends 2024-05-10).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

from shifan.identifiers import credit_check_char
from shifan.model import (
    Attestation,
    Channel,
    Criterion,
    DeclaredValue,
    District,
    DistrictId,
    DistrictType,
    EnterpriseClass,
    Event,
    Figure,
    FigureId,
    Kind,
    Level,
    Loc,
    Notice,
    NoticeEntry,
    NoticeId,
    Objection,
    PlaqueForm,
    ReviewResult,
    Roster,
    Standard,
    StandardVersion,
    Unit,
    UnitId,
)
from shifan.workdays import WorkCalendar

D = dt.date
NOTICE = NoticeId("GS-2024-01")
AWARD_DAY = D(2024, 6, 3)
PUBLISHED = D(2024, 5, 6)
TODAY = D(2026, 11, 27)


Calendar = WorkCalendar
"""The real working-day calendar (chinese-calendar, no overrides)."""


def loc(path: str, line: int = 1) -> Loc:
    return Loc(path, line, 1)


def credit_code(serial: int) -> str:
    body = f"91410100MA{serial:07d}"
    return body + credit_check_char(body)


def attest(document: str = "证明材料.pdf") -> Attestation:
    return Attestation(attested=True, document=document)


def ev(type_: str, day: dt.date | None = None, line: int = 0, **fields: Any) -> Event:
    where = loc("ev.yaml", line) if line else loc("ev.yaml")
    if isinstance(fields.get("result"), str):  # as the loader gives it
        fields["result"] = ReviewResult(fields["result"])
    if isinstance(fields.get("form"), str):
        fields["form"] = PlaqueForm(fields["form"])
    return Event(
        type=type_,  # type: ignore[arg-type]
        date=day,
        loc=where,
        field_locs=dict.fromkeys(("date", *fields), where),
        **fields,
    )


def municipal_events(award: dt.date = AWARD_DAY) -> tuple[Event, ...]:
    return (
        ev("recommended", D(2024, 3, 1), district=DistrictId("jinshui")),
        ev("listed", notice=NOTICE),
        ev("awarded", award, document="郑商务〔2024〕12号"),
    )


def criterion(key: str, type_: str = "attestation", **kw: Any) -> Criterion:
    return Criterion(key=key, label=key, type=type_, loc=loc("std.yaml"), **kw)  # type: ignore[arg-type]


STANDARDS: Mapping[Kind, Standard] = {
    Kind.PARK: Standard(
        kind=Kind.PARK,
        title="park",
        versions=(
            StandardVersion(
                effective=D(2016, 9, 13),
                document="附件1",
                criteria=(
                    criterion(
                        "office_area_m2",
                        "number",
                        op=">",
                        value=10000,
                        relaxed_when="hosts_leading_firm",
                        relaxed_op=">=",
                        relaxed_value=6000,
                    ),
                    criterion("management_body"),
                ),
            ),
        ),
    ),
    Kind.ENTERPRISE: Standard(
        kind=Kind.ENTERPRISE,
        title="enterprise",
        versions=(
            StandardVersion(
                effective=D(2016, 9, 13),
                document="附件2",
                criteria=(
                    criterion("results_growing", "bool"),
                    criterion(
                        "ecommerce_staff",
                        "number",
                        op=">=",
                        value=10,
                        classes=(EnterpriseClass.APPLICATION,),
                    ),
                    criterion(
                        "ecommerce_staff",
                        "number",
                        op=">=",
                        value=20,
                        classes=(EnterpriseClass.SERVICE,),
                    ),
                    criterion("licences"),
                ),
            ),
            StandardVersion(
                effective=D(2030, 1, 1),
                document="future",
                criteria=(criterion("something_else"),),
            ),
        ),
    ),
    Kind.TRAINING_BASE: Standard(kind=Kind.TRAINING_BASE, title="t", versions=()),
    Kind.TOWNSHIP: Standard(kind=Kind.TOWNSHIP, title="t", versions=()),
}

DECLARED: Mapping[Kind, Mapping[str, DeclaredValue]] = {
    Kind.PARK: {"office_area_m2": 12000, "management_body": attest()},
    Kind.ENTERPRISE: {"results_growing": True, "ecommerce_staff": 25, "licences": attest()},
    Kind.TRAINING_BASE: {},
    Kind.TOWNSHIP: {},
}


def unit(
    id: str = "ZZ-ENT-0001",
    *,
    kind: Kind = Kind.ENTERPRISE,
    level: Level = Level.MUNICIPAL,
    events: tuple[Event, ...] | None = None,
    **kw: Any,
) -> Unit:
    """A valid unit (municipal service enterprise by default), with overrides."""
    fields: dict[str, Any] = {
        "name": f"郑州{id}网络科技有限公司",
        "credit_code": credit_code(int(id[-4:])) if kind is not Kind.TOWNSHIP else None,
        "district": DistrictId("jinshui"),
        "applied_on": D(2024, 1, 10),
        "enterprise_class": EnterpriseClass.SERVICE if kind is Kind.ENTERPRISE else None,
        "declared": DECLARED[kind],
    }
    fields.update(kw)
    if events is None:
        events = (
            municipal_events()
            if level is Level.MUNICIPAL
            else (ev("awarded", D(2023, 1, 5), document="商电发〔2023〕1号", by="商务部"),)
        )
    path = f"registry/units/{kind}/{id}.yaml"
    return Unit(
        id=UnitId(id),
        kind=kind,
        level=level,
        events=events,
        loc=loc(path),
        field_locs={name: loc(path, n + 2) for n, name in enumerate(fields)},
        **fields,
    )


def notice(
    id: str = NOTICE,
    *,
    units: Iterable[str] = ("ZZ-ENT-0001",),
    figures: Iterable[str] = (),
    published: dt.date = PUBLISHED,
    **kw: Any,
) -> Notice:
    fields: dict[str, Any] = {
        "title": "公示",
        "working_days": 5,
        "channel": Channel(department="市商务局电子商务处", phone="0371-67180000"),
        "entries": tuple(NoticeEntry(unit=UnitId(u), achievements="业绩") for u in units)
        + tuple(NoticeEntry(figure=FigureId(f), achievements="业绩") for f in figures),
    }
    fields.update(kw)
    path = f"registry/notices/{id}.yaml"
    return Notice(
        id=NoticeId(id),
        published=published,
        loc=loc(path),
        field_locs={name: loc(path, n + 2) for n, name in enumerate(fields)},
        **fields,
    )


def objection(subject: str = "ZZ-ENT-0001", **kw: Any) -> Objection:
    fields: dict[str, Any] = {"received": D(2024, 5, 8), "summary": "反映材料不实"}
    fields.update(kw)
    return Objection(
        unit=UnitId(subject), loc=loc("registry/notices/GS-2024-01.yaml", 20), **fields
    )


def figure(id: str = "ZZ-FIG-0001", **kw: Any) -> Figure:
    fields: dict[str, Any] = {
        "name": "李明远",
        "affiliation": "郑州某学院",
        "field_of_work": "跨境电商",
        "year": 2024,
        "citation": "长期从事跨境电商人才培养。",
    }
    fields.update(kw)
    path = f"registry/figures/{id}.yaml"
    return Figure(
        id=FigureId(id),
        loc=loc(path),
        field_locs={name: loc(path, n + 2) for n, name in enumerate(fields)},
        **fields,
    )


DISTRICTS = {
    DistrictId(slug): District(id=DistrictId(slug), name=slug, type=DistrictType.DISTRICT)
    for slug in ("jinshui", "erqi", "zhongyuan", "zhengdong")
}


def roster(
    *units: Unit,
    figures: Iterable[Figure] = (),
    notices: Iterable[Notice] | None = None,
    standards: Mapping[Kind, Standard] = STANDARDS,
) -> Roster:
    if not units:
        units = (unit(),)
    if notices is None:
        notices = (notice(units=[u.id for u in units if u.level is Level.MUNICIPAL]),)
    return Roster(
        units={u.id: u for u in units},
        figures={f.id: f for f in figures},
        notices={n.id: n for n in notices},
        districts=DISTRICTS,
        targets=(),
        standards=standards,
        calendar={},
    )


def replace(obj: Any, **changes: Any) -> Any:
    """dataclasses.replace that keeps locations."""
    return dataclasses.replace(obj, **changes)
