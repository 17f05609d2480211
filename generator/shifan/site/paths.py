"""Where each generated page lives, and relative links between pages.

Links are relative so the site works under any path prefix (`site_url`); with
`use_directory_urls`, `units/ZZ-ENT-0001.md` is served at `units/ZZ-ENT-0001/`.
"""

from __future__ import annotations

from shifan.paths import VERIFY_PAGE, figure_url, notice_url, unit_url

__all__ = [
    "VERIFY_PAGE", "district_src", "figure_src", "figure_url", "list_src", "notice_src",
    "notice_url", "rel", "unit_src", "unit_url", "url_of",
]  # fmt: skip


def url_of(src_uri: str) -> str:
    """The directory URL (relative to the site root) of a Markdown source path."""
    stem = src_uri.removesuffix(".md")
    if stem == "index":
        return ""
    if stem.endswith("/index"):
        return stem.removesuffix("index")
    return stem + "/"


def rel(from_src: str, to_url: str) -> str:
    """A link from the page built from `from_src` to the site-root-relative `to_url`."""
    depth = url_of(from_src).count("/")
    prefix = "../" * depth
    return (prefix + to_url) or "./"


def unit_src(unit_id: str) -> str:
    return f"units/{unit_id}.md"


def figure_src(figure_id: str) -> str:
    return f"figures/{figure_id}.md"


def notice_src(notice_id: str) -> str:
    return f"notices/{notice_id}.md"


def district_src(district_id: str) -> str:
    return f"districts/{district_id}.md"


def list_src(kind: str, level: str, number: int = 1) -> str:
    suffix = "" if number == 1 else f"-{number}"
    return f"lists/{kind}-{level}{suffix}.md"
