"""How the site shows a derived status (`shifan.status`): icons, labels, plaque rows."""

from __future__ import annotations

from collections.abc import Mapping

from shifan.model import REVOCATION_LABELS, VOID_LABELS, PlaqueForm, RevocationReason
from shifan.signing.checkcode import check_code
from shifan.status import PlaqueState, State, Status

STATE_ICONS: Mapping[State, str] = {
    State.PENDING: "…",
    State.IN_NOTICE: "◷",
    State.AWARDED: "✓",
    State.REVIEW_DUE: "◷",
    State.REVIEW_OVERDUE: "!",
    State.REVOKED: "✕",
    State.REJECTED: "✕",
    State.WITHDRAWN: "–",
}


def icon(status: Status) -> str:
    return STATE_ICONS[status.state]


def award_year(status: Status) -> int | None:
    return status.awarded_on.year if status.awarded_on else None


def revocation_label(reason: str | None) -> str:
    try:
        return REVOCATION_LABELS[RevocationReason(reason or "")]
    except ValueError:
        return reason or ""


def void_label(plaque: PlaqueState) -> str:
    return VOID_LABELS[plaque.void_reason] if plaque.void_reason else ""


def plaque_code(plaque: PlaqueState) -> str:
    return check_code(plaque.serial) if plaque.serial >= 1 else str(plaque.serial)


def form_label(plaque: PlaqueState) -> str:
    return "证书" if plaque.form is PlaqueForm.CERTIFICATE else "牌匾"
