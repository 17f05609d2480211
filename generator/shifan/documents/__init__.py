"""The public documents (docs/api.md) as frozen, typed records, built from the assessment.

`records` holds the types, `build` makes them from an `Assessment`, `serialise.to_json` is the
one serialiser and `read.parse_status` the one typed reader (what `shifan verify --status`
reads back from a site). The JSON API, the CSV exports and the local verifier all use these
records, so they show the same facts.
"""

from shifan.documents.build import (
    documents_of,
    figure_document,
    notice_document,
    plaque_lookups,
    status_document,
    unit_document,
)
from shifan.documents.read import (
    BadDocument,
    parse_status,
    parse_token_of_lookup,
    status_from_json,
)
from shifan.documents.records import (
    FORM_LABELS,
    PLAQUE_STATUS_LABELS,
    PLAQUE_STATUSES,
    Ended,
    FigureDocument,
    NoticeDocument,
    NoticeEntryDoc,
    NoticeRef,
    PlaqueEntry,
    PlaqueLookup,
    Revocation,
    StatusDocument,
    UnitDocument,
    site_path,
)
from shifan.documents.serialise import to_json

__all__ = [
    "FORM_LABELS", "PLAQUE_STATUSES", "PLAQUE_STATUS_LABELS", "BadDocument", "Ended",
    "FigureDocument", "NoticeDocument", "NoticeEntryDoc", "NoticeRef", "PlaqueEntry",
    "PlaqueLookup", "Revocation", "StatusDocument", "UnitDocument", "documents_of",
    "figure_document", "notice_document", "parse_status", "parse_token_of_lookup",
    "plaque_lookups", "site_path", "status_document", "status_from_json", "to_json",
    "unit_document",
]  # fmt: skip
