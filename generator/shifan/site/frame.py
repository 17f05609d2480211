"""What the theme's frame shows on every page: the footer and the feed-discovery links.

MkDocs renders the theme (`site_src/overrides/main.html`, `partials/copyright.html`) with
its own Jinja2 environment, which does not escape. So the footer is rendered here, through
our autoescaping templates, and handed to the theme as finished markup in `config.extra`.
"""

from __future__ import annotations

from typing import Any

from shifan.model import SiteInfo
from shifan.site.contact import channel_of
from shifan.site.context import SiteContext
from shifan.site.feeds import FEEDS
from shifan.site.pages.render import render, trusted

FEED_TYPES = {"atom": ("application/atom+xml", "Atom"), "rss": ("application/rss+xml", "RSS")}


def feed_links() -> list[dict[str, str]]:
    """One `<link rel="alternate">` per feed file: type, title, path from the site root."""
    return [
        {"type": mime, "title": f"{title}（{label}）", "path": f"feeds/{name}.{fmt}"}
        for name, (title, _) in sorted(FEEDS.items())
        for fmt, (mime, label) in FEED_TYPES.items()
    ]


FEEDS_SITEMAP = (
    "feeds/sitemap.xml",
    b'<?xml version="1.0" encoding="UTF-8"?>\n'
    b'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"></urlset>\n',
)
"""Material's script reads every `<link rel="alternate">` as another language version of the
site and fetches `sitemap.xml` beside it; for the feeds that is `feeds/sitemap.xml`. An empty
sitemap there answers it (nothing to map) instead of a 404 on every page."""


def footer_html(ctx: SiteContext) -> str:
    """The footer's markup, or "" when the registry has no `site.yaml`."""
    return footer_for(ctx.roster.site)


def footer_for(site: SiteInfo | None) -> str:
    channel = channel_of(site)
    return render("footer.html", c=channel).strip() if channel is not None else ""


def theme_extra(ctx: SiteContext) -> dict[str, Any]:
    """The keys the theme templates read from `config.extra`."""
    footer = footer_html(ctx)
    # Our own template's output, every registry value in it escaped.
    return {"shifan_footer": trusted(footer) if footer else "", "shifan_feeds": feed_links()}
