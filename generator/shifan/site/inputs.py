"""What a site build needs: an assessment with no errors, and the site's address.

Used by `shifan build`/`serve` and by the MkDocs plugin: the site is rendered only from an
assessment that `shifan check` would pass, so a roster that check rejects is never published.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from shifan.assessment import Assessment, assess
from shifan.errors import ShifanError
from shifan.report import format_text
from shifan.signing.crypto import SigningKey


class RosterHasErrors(ShifanError):
    """The roster (or keys) has errors: the site is not built. `report` is check's text."""

    def __init__(self, report: str) -> None:
        super().__init__(
            "the roster has errors; the site was not built",
            hint="fix the problems above (run `shifan check` to see them again)",
        )
        self.report = report


@dataclass(frozen=True)
class SiteInputs:
    assessment: Assessment
    site_url: str | None = None
    log_key: SigningKey | None = None  # signs the public log's checkpoint (SHIFAN_LOG_KEY)

    @property
    def today(self) -> dt.date:
        return self.assessment.today


def load_inputs(
    registry_dir: Path,
    today: dt.date,
    *,
    keys_dir: Path | None = None,
    site_url: str | None = None,
    log_key: SigningKey | None = None,
) -> SiteInputs:
    """Assess the roster; raise RosterHasErrors with the check's report on any error."""
    assessment = assess(registry_dir, keys_dir, today)
    if not assessment.ok:
        raise RosterHasErrors(format_text(assessment.problems))
    return SiteInputs(assessment=assessment, site_url=site_url, log_key=log_key)
