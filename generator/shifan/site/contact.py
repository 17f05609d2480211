"""The bureau's reporting channel and the site's official marks, from `registry/site.yaml`.

One place for the footer, unit pages, the about page and the verify page (which reads
`api/site.json`, fetched only for a red or amber verdict, so a valid verdict costs no extra
request). Links are built here only from text
that is plainly a phone number or an e-mail address; anything else is shown as text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from shifan.model import SiteInfo

SITE_JSON = "api/site.json"
"""Where the verify page reads the channel when a verdict asks the reader to report."""

_PHONE = re.compile(r"\+?[0-9][0-9 \-]{2,30}[0-9]")
_EMAIL = re.compile(r"[A-Za-z0-9._%+\-]{1,64}@[A-Za-z0-9\-]{1,63}(\.[A-Za-z0-9\-]{1,63})+")


def tel_href(phone: str | None) -> str:
    """`tel:+86371…`-style link target, or "" when `phone` is not plainly a number."""
    text = (phone or "").strip()
    if not _PHONE.fullmatch(text):
        return ""
    return "tel:" + re.sub(r"[ \-]", "", text)


def mailto_href(email: str | None) -> str:
    """`mailto:` link target, or "" when `email` is not plainly an address."""
    text = (email or "").strip()
    return "mailto:" + text if _EMAIL.fullmatch(text) else ""


@dataclass(frozen=True, slots=True)
class Channel:
    """What a page prints of `registry/site.yaml` (all text; empty strings are left out)."""

    host: str
    department: str
    phone: str
    phone_href: str
    email: str
    email_href: str
    address: str
    hours: str
    icp: str
    site_code: str

    def as_json(self) -> dict[str, Any]:
        """The document `api/site.json` (read by the verify page)."""
        return {
            "host": self.host,
            "contact": {
                "department": self.department,
                "phone": self.phone or None,
                "phone_href": self.phone_href or None,
                "email": self.email or None,
                "email_href": self.email_href or None,
                "address": self.address or None,
                "hours": self.hours or None,
            },
            "icp": self.icp or None,
            "site_code": self.site_code or None,
        }


def channel_of(site: SiteInfo | None) -> Channel | None:
    """The channel to print, or None when the registry has no `site.yaml`."""
    if site is None:
        return None
    c = site.contact
    return Channel(
        host=site.host,
        department=c.department,
        phone=c.phone or "",
        phone_href=tel_href(c.phone),
        email=c.email or "",
        email_href=mailto_href(c.email),
        address=c.address or "",
        hours=c.hours or "",
        icp=site.icp or "",
        site_code=site.site_code or "",
    )
