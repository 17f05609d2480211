"""The typed public documents: what a unit's, figure's, notice's and plaque's JSON says."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from shifan.signing.checkcode import check_code
from shifan.status import STANDING_LABELS, Standing
from shifan.tlog.proofs import LogProof

FIGURE_KIND_LABEL = "电子商务领军人物"
STANDING_JSON: Mapping[Standing, str] = {
    Standing.VALID: "active",
    Standing.VOIDED: "voided",
    Standing.WITHDRAWN: "withdrawn",
    Standing.SUPERSEDED: "superseded",
}
PLAQUE_STATUSES = frozenset(STANDING_JSON.values())
PLAQUE_STATUS_LABELS: Mapping[str, str] = {
    STANDING_JSON[standing]: label for standing, label in STANDING_LABELS.items()
}
FORM_LABELS: Mapping[str, str] = {"plaque": "牌匾", "certificate": "证书"}
STANDING_REASON_LABELS: Mapping[Standing, str] = {
    Standing.WITHDRAWN: "称号已撤销，牌匾/证书收回",
    Standing.SUPERSEDED: "撤销前颁发；重新授牌后以新牌匾/证书为准",
}


def site_path(site_url: str, path: str) -> str:
    """The absolute path of a site page, honouring a site URL with a sub-path.

    `("https://x.org/reg/", "units/A/")` → `/reg/units/A/`; the verify page fetches these on
    its own origin, so they carry no scheme or host.
    """
    base = urlsplit(site_url).path.rstrip("/")
    return f"{base}/{path.lstrip('/')}"


@dataclass(frozen=True)
class Ended:
    """Why a plaque no longer stands: its void, or the revocation that withdrew it."""

    date: dt.date | None
    reason: str | None
    reason_label: str | None


@dataclass(frozen=True)
class PlaqueEntry:
    serial: int
    kid: str | None
    issued_on: dt.date | None
    status: str  # one of PLAQUE_STATUSES
    voided: Ended | None  # for every status but `active`
    form: str = "plaque"

    @property
    def check_code(self) -> str:
        return check_code(self.serial) if self.serial >= 1 else str(self.serial)

    @property
    def active(self) -> bool:
        return self.status == "active"


@dataclass(frozen=True)
class Revocation:
    date: dt.date | None
    reason: str | None
    reason_label: str | None
    document: str | None


@dataclass(frozen=True)
class NoticeRef:
    id: str
    ends: dt.date | None


@dataclass(frozen=True)
class StatusDocument:
    """What a unit's or figure's status document says (the fields every subject has)."""

    id: str
    name: str
    kind: str
    kind_label: str
    status: str
    status_label: str
    as_of: dt.date
    url: str
    level: str | None = None
    awarded_on: dt.date | None = None
    award_document: str | None = None
    next_review_due: dt.date | None = None
    overdue_since: dt.date | None = None
    notice: NoticeRef | None = None
    revoked: Revocation | None = None
    barred_until: dt.date | None = None
    plaques: tuple[PlaqueEntry, ...] = ()
    log: LogProof | None = None  # the record's public-log entries with inclusion proofs

    def plaque(self, serial: int) -> PlaqueEntry | None:
        return next((p for p in self.plaques if p.serial == serial), None)


@dataclass(frozen=True)
class UnitDocument(StatusDocument):
    level_label: str = ""
    enterprise_class: str | None = None
    enterprise_class_label: str | None = None
    district: str = ""
    district_name: str | None = None
    credit_code: str | None = None
    address: str | None = None  # CSV only
    website: str | None = None  # CSV only


@dataclass(frozen=True)
class FigureDocument(StatusDocument):
    affiliation: str | None = None
    affiliation_unit: str | None = None
    field_of_work: str = ""
    year: int = 0
    citation: str = ""


@dataclass(frozen=True)
class NoticeEntryDoc:
    unit: str | None
    figure: str | None
    name: str | None
    achievements: str
    url: str


@dataclass(frozen=True)
class NoticeDocument:
    id: str
    title: str
    published: dt.date
    working_days: int | None
    ends: dt.date | None
    state: str
    state_label: str
    channel: Mapping[str, str | None]
    entries: tuple[NoticeEntryDoc, ...]
    objections: tuple[Mapping[str, Any], ...]
    decision: Mapping[str, str | None] | None
    as_of: dt.date
    url: str


@dataclass(frozen=True)
class PlaqueLookup:
    """`/api/plaques/<serial>.json`: where a check code typed by hand leads."""

    serial: int
    subject: str
    subject_type: str  # unit | figure
    token: str | None
    status_url: str
