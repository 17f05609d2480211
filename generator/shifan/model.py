"""The typed roster: immutable records loaded from `registry/`.

This module is the single source of truth for the registry format. The YAML loader maps
each file onto these dataclasses by field name (YAML keys are the field names below), and
the JSON Schemas shipped in `schemas/` are generated from the same classes. Anything that
needs a new field adds it here first.

Every record and nested value object carries `loc` (where its mapping starts) and
`field_locs` (where each of its keys' values start), so any problem found downstream can
point at `path:line:col` without re-reading YAML.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Literal, NewType

UnitId = NewType("UnitId", str)
"""`ZZ-PRK-0001`, `ZZ-ENT-0042`, `ZZ-EDU-0007`, `ZZ-TWN-0003`; equal to the file name."""
FigureId = NewType("FigureId", str)
"""`ZZ-FIG-0001`; equal to the file name."""
NoticeId = NewType("NoticeId", str)
"""`GS-2024-01` (公示, year, number); equal to the file name."""
DistrictId = NewType("DistrictId", str)
"""A slug from `registry/districts.yaml`, e.g. `jinshui`."""


@dataclass(frozen=True, slots=True, order=True)
class Loc:
    """A position in a registry file; `line` and `col` are 1-based."""

    path: str  # POSIX, relative to the registry's parent: `registry/units/park/ZZ-PRK-0001.yaml`
    line: int = 1
    col: int = 1

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.col}"


NOWHERE = Loc("<unknown>", 0, 0)


@dataclass(frozen=True, kw_only=True)
class Node:
    """Base of every object read from YAML: where it is, and where each field is."""

    loc: Loc = field(default=NOWHERE, compare=False, repr=False)
    field_locs: Mapping[str, Loc] = field(default_factory=dict, compare=False, repr=False)

    def at(self, name: str) -> Loc:
        """Location of field `name`'s value, falling back to the object itself."""
        return self.field_locs.get(name, self.loc)


# ---------------------------------------------------------------------------- enums


class Kind(StrEnum):
    PARK = "park"
    ENTERPRISE = "enterprise"
    TRAINING_BASE = "training_base"
    TOWNSHIP = "township"


KIND_LABELS: Mapping[Kind, str] = {
    Kind.PARK: "电子商务示范园区（基地）",
    Kind.ENTERPRISE: "电子商务示范企业",
    Kind.TRAINING_BASE: "电子商务人才教育（培训）示范基地",
    Kind.TOWNSHIP: "电子商务示范乡（镇）",
}
KIND_ID_CODES: Mapping[Kind, str] = {
    Kind.PARK: "PRK",
    Kind.ENTERPRISE: "ENT",
    Kind.TRAINING_BASE: "EDU",
    Kind.TOWNSHIP: "TWN",
}


class EnterpriseClass(StrEnum):
    PLATFORM_CONSUMER = "platform_consumer"  # 平台类（面向消费者）
    PLATFORM_BUSINESS = "platform_business"  # 平台类（面向企业）
    APPLICATION = "application"  # 应用类
    SERVICE = "service"  # 服务类


ENTERPRISE_CLASS_LABELS: Mapping[EnterpriseClass, str] = {
    EnterpriseClass.PLATFORM_CONSUMER: "平台类(面向消费者)",
    EnterpriseClass.PLATFORM_BUSINESS: "平台类(面向企业)",
    EnterpriseClass.APPLICATION: "应用类",
    EnterpriseClass.SERVICE: "服务类",
}


class Level(StrEnum):
    MUNICIPAL = "municipal"
    PROVINCIAL = "provincial"
    NATIONAL = "national"


LEVEL_LABELS: Mapping[Level, str] = {
    Level.MUNICIPAL: "市级",
    Level.PROVINCIAL: "省级",
    Level.NATIONAL: "国家级",
}


class DistrictType(StrEnum):
    DISTRICT = "district"  # 区
    COUNTY_CITY = "county_city"  # 县级市
    COUNTY = "county"  # 县
    ZONE = "zone"  # 开发区/功能区


class RevocationReason(StrEnum):
    FAILED_REVIEW = "failed_review"  # 复审不合格
    FALSIFIED = "falsified"  # 申报材料弄虚作假
    ILLEGAL = "illegal"  # 违法经营、欺诈


REVOCATION_LABELS: Mapping[RevocationReason, str] = {
    RevocationReason.FAILED_REVIEW: "复审不合格",
    RevocationReason.FALSIFIED: "申报材料弄虚作假",
    RevocationReason.ILLEGAL: "违法经营或欺诈",
}
BARRING_REASONS = frozenset({RevocationReason.FALSIFIED, RevocationReason.ILLEGAL})
"""Revocations after which no application is accepted for 3 years (policy 五、动态管理)."""


class ReviewResult(StrEnum):
    PASSED = "passed"
    FAILED = "failed"


class PlaqueForm(StrEnum):
    PLAQUE = "plaque"  # 牌匾 (units)
    CERTIFICATE = "certificate"  # 证书 (figures, and units on request)


class VoidReason(StrEnum):
    LOST = "lost"
    STOLEN = "stolen"
    REPLACED = "replaced"
    RECALLED = "recalled"


VOID_LABELS: Mapping[VoidReason, str] = {
    VoidReason.LOST: "遗失",
    VoidReason.STOLEN: "被盗",
    VoidReason.REPLACED: "已换发",
    VoidReason.RECALLED: "已收回",
}


# ---------------------------------------------------------------------------- unit parts


@dataclass(frozen=True, kw_only=True)
class Attestation(Node):
    """A qualitative criterion: attested yes/no, with the supporting document."""

    attested: bool
    document: str | None = None


DeclaredValue = int | float | bool | Attestation
"""A value a unit declares against its kind's standard (keys are defined by the standard)."""


@dataclass(frozen=True, kw_only=True)
class Event(Node):
    """One step of a record's life. `type` selects which optional fields apply.

    | type           | required                 | optional                                  |
    |----------------|--------------------------|-------------------------------------------|
    | recommended    | date, district           | document                                  |
    | listed         | notice                   | (date: defaults to the notice's date)     |
    | awarded        | date, document (文号)     | by (awarding body, non-municipal levels)  |
    | rejected       | date                     | document (expert review or objection)     |
    | withdrawn      | date                     | document                                  |
    | data_report    | date, period (e.g. 2024) | document, figures (name -> number)        |
    | review         | date, result, document   |                                           |
    | funding        | date, amount_cny, year   | document, project                         |
    | revoked        | date, reason, document   |                                           |
    | reapplied      | date                     | district, document                        |
    | plaque_issued  | date, serial, kid, token | form (default plaque), valid_until        |
    | plaque_voided  | date, serial, reason     | document                                  |
    """

    type: Literal[
        "recommended",
        "listed",
        "awarded",
        "rejected",
        "withdrawn",
        "data_report",
        "review",
        "funding",
        "revoked",
        "reapplied",
        "plaque_issued",
        "plaque_voided",
    ]
    date: dt.date | None = None
    document: str | None = None
    note: str | None = None
    district: DistrictId | None = None
    notice: NoticeId | None = None
    by: str | None = None
    period: str | None = None
    figures: Mapping[str, float] | None = None
    result: ReviewResult | None = None
    amount_cny: int | None = None
    year: int | None = None
    project: str | None = None
    reason: str | None = None  # RevocationReason for `revoked`, VoidReason for `plaque_voided`
    serial: int | None = None
    kid: str | None = None
    token: str | None = None  # decimal digits, see docs/token.md
    form: PlaqueForm | None = None
    valid_until: dt.date | None = None


@dataclass(frozen=True, kw_only=True)
class Unit(Node):
    """A demonstration unit: `registry/units/<kind>/<id>.yaml`."""

    id: UnitId
    kind: Kind
    enterprise_class: EnterpriseClass | None = None  # required for enterprises only
    level: Level
    name: str
    credit_code: str | None = None  # 统一社会信用代码; required for legal entities (not townships)
    district: DistrictId
    address: str | None = None
    website: str | None = None
    applied_on: dt.date  # selects the version of the standard the unit is judged by
    hosts_leading_firm: bool = False  # parks: hosts a well-known leading e-commerce firm
    achievements: str | None = None  # 主要工作业绩 (summary; notices carry their own text)
    declared: Mapping[str, DeclaredValue] = field(default_factory=dict)
    events: tuple[Event, ...] = ()


# ---------------------------------------------------------------------------- figures


@dataclass(frozen=True, kw_only=True)
class Figure(Node):
    """A leading figure (领军人物): `registry/figures/<id>.yaml`. Public facts only."""

    id: FigureId
    name: str
    affiliation_unit: UnitId | None = None  # a unit of the roster, or
    affiliation: str | None = None  # free text (one of the two is required)
    field_of_work: str  # 领域
    year: int
    certificate: str | None = None  # certificate document/number
    citation: str  # short public citation
    events: tuple[Event, ...] = ()  # awarded, plaque_issued (form certificate), plaque_voided


# ---------------------------------------------------------------------------- notices


@dataclass(frozen=True, kw_only=True)
class Channel(Node):
    """How to object during a notice."""

    department: str
    phone: str | None = None
    email: str | None = None
    address: str | None = None


@dataclass(frozen=True, kw_only=True)
class NoticeEntry(Node):
    unit: UnitId | None = None
    figure: FigureId | None = None
    achievements: str  # 主要工作业绩


@dataclass(frozen=True, kw_only=True)
class Objection(Node):
    received: dt.date
    unit: UnitId | None = None
    figure: FigureId | None = None
    summary: str
    upheld: bool | None = None  # None while still under investigation
    resolved: dt.date | None = None
    resolution: str | None = None


@dataclass(frozen=True, kw_only=True)
class Decision(Node):
    date: dt.date
    document: str  # 文号 of the award decision
    summary: str | None = None


@dataclass(frozen=True, kw_only=True)
class Notice(Node):
    """A public notice (公示): `registry/notices/<id>.yaml`."""

    id: NoticeId
    title: str
    published: dt.date
    working_days: int | None = None  # period in 工作日, or
    ends: dt.date | None = None  # an explicit last day (exactly one of the two)
    channel: Channel
    entries: tuple[NoticeEntry, ...]
    objections: tuple[Objection, ...] = ()
    decision: Decision | None = None


# ---------------------------------------------------------------------------- reference data


@dataclass(frozen=True, kw_only=True)
class District(Node):
    id: DistrictId
    name: str
    type: DistrictType


@dataclass(frozen=True, kw_only=True)
class TargetItem(Node):
    level: Level
    kinds: tuple[Kind, ...]  # counted together, e.g. national "bases" = park + training_base
    label: str  # e.g. 国家电子商务示范基地
    count: int  # at least this many


@dataclass(frozen=True, kw_only=True)
class TargetSet(Node):
    year: int  # the year by which the targets are to be met
    document: str  # e.g. 郑政办〔2016〕54号 二、工作目标
    items: tuple[TargetItem, ...]


@dataclass(frozen=True, kw_only=True)
class Criterion(Node):
    """One line of a creation standard (附件1–4).

    `type` is `number` (compared with `op` and `value`), `bool` (must be true) or
    `attestation` (must be attested, with a document). `classes` restricts an enterprise
    criterion to some classes (empty: all). `relaxed_when` names a boolean unit field
    (e.g. `hosts_leading_firm`) under which `relaxed_op`/`relaxed_value` apply instead.
    """

    key: str
    label: str
    type: Literal["number", "bool", "attestation"]
    op: Literal[">", ">=", "<", "<=", "=="] | None = None
    value: float | None = None
    unit: str | None = None  # display unit, e.g. m², %, 万元
    classes: tuple[EnterpriseClass, ...] = ()
    relaxed_when: str | None = None
    relaxed_op: Literal[">", ">=", "<", "<=", "=="] | None = None
    relaxed_value: float | None = None
    note: str | None = None


@dataclass(frozen=True, kw_only=True)
class StandardVersion(Node):
    effective: dt.date
    document: str
    criteria: tuple[Criterion, ...]


@dataclass(frozen=True, kw_only=True)
class Standard(Node):
    """`registry/standards/<kind>.yaml`: a kind's thresholds, versioned by effective date."""

    kind: Kind
    title: str
    versions: tuple[StandardVersion, ...]


@dataclass(frozen=True, kw_only=True)
class CalendarYear(Node):
    """`registry/calendar/<year>.yaml`: the official schedule of a year chinese-calendar lacks."""

    year: int
    document: str  # the State Council notice it comes from
    holidays: tuple[dt.date, ...]  # days off that fall on weekdays
    workdays: tuple[dt.date, ...] = ()  # adjusted working days (调休) that fall on weekends


@dataclass(frozen=True, kw_only=True)
class Contact(Node):
    """Where the public reports a fake plaque or asks about the roster."""

    department: str  # who answers, e.g. 郑州市商务局电子商务处
    phone: str | None = None  # as dialled: digits, spaces, `-`, a leading `+`
    email: str | None = None
    address: str | None = None
    hours: str | None = None  # e.g. 工作日 9:00—17:00


@dataclass(frozen=True, kw_only=True)
class SiteInfo(Node):
    """`registry/site.yaml`: the site's host, its reporting channel and its official marks;
    the footer, unit pages, the verify page and the about page show them."""

    host: str  # 主办单位
    contact: Contact
    icp: str | None = None  # ICP备案号, e.g. 豫ICP备12345678号; none: the slot is hidden
    site_code: str | None = None  # 政府网站标识码; none: the slot is hidden


@dataclass(frozen=True, kw_only=True)
class Roster:
    """Everything under `registry/`, loaded. Mappings are keyed by id, sorted by id."""

    units: Mapping[UnitId, Unit]
    figures: Mapping[FigureId, Figure]
    notices: Mapping[NoticeId, Notice]
    districts: Mapping[DistrictId, District]
    targets: tuple[TargetSet, ...]
    standards: Mapping[Kind, Standard]
    calendar: Mapping[int, CalendarYear]
    site: SiteInfo | None = None  # registry/site.yaml; None when the file is absent
    unloaded: frozenset[str] = frozenset()
    """Ids (file names) of unit, figure and notice files that exist but failed to load: their
    own problems are reported; references to them are not problems of the referring record."""

    def known(self, record_id: str | None) -> bool:
        """A unit, figure or notice of this id exists, loaded or not."""
        return record_id is not None and (
            record_id in self.units
            or record_id in self.figures
            or record_id in self.notices
            or record_id in self.unloaded
        )
