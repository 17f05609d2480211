"""The public site's address table: where each page and data file lives, relative to the
site root. The site, the JSON documents, the verify page's lookups and `shifan verify`
all take their paths from here, so a moved page is moved everywhere at once.
"""

from __future__ import annotations

VERIFY_PAGE = "v/"


def unit_url(unit_id: str) -> str:
    return f"units/{unit_id}/"


def figure_url(figure_id: str) -> str:
    return f"figures/{figure_id}/"


def notice_url(notice_id: str) -> str:
    return f"notices/{notice_id}/"


def record_url(record_id: str, *, figure: bool) -> str:
    return figure_url(record_id) if figure else unit_url(record_id)


def status_api(record_id: str, *, figure: bool) -> str:
    """The status document of a unit or figure (docs/api.md)."""
    return f"api/{'figures' if figure else 'units'}/{record_id}.json"


def plaque_api(serial: int) -> str:
    """Where a check code typed by hand leads: `/api/plaques/<serial>.json`."""
    return f"api/plaques/{serial}.json"
