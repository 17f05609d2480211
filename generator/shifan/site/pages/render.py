"""Render site pages from the Jinja2 templates in `site_src/overrides/shifan/`.

One `jinja2.Environment` per process (templates compile once, render many times) with
autoescape on: every value a template prints is kept on one line with control characters
removed (`html.one_line`), then HTML-escaped, unless it is markup our own code built and
handed over with `trusted()`. Templates never mark text safe themselves (a test forbids
`|safe` and `{% autoescape false %}`).

A page is YAML front matter plus raw HTML blocks separated by blank lines; a template writes
its blocks with one blank line between them and none inside a block.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path

import jinja2
from markupsafe import Markup

from shifan.errors import ShifanError
from shifan.site.pages.html import date, front_matter, one_line
from shifan.site.views import form_label, icon, plaque_code, revocation_label, void_label

TEMPLATES = Path(__file__).resolve().parents[4] / "site_src" / "overrides" / "shifan"
"""Beside the theme overrides, so a page can be changed without touching Python. MkDocs
neither builds nor copies them: `exclude_docs` skips `overrides/` and theme `*.html` files are
templates, never static files."""

_BLANK_LINES = re.compile(r"\n\s*\n")
_EXTRA_BLANK_LINES = re.compile(r"\n\n\n+")  # left where a block was left out


def _inert(value: object) -> object:
    """Jinja2's `finalize`: what a `{{ … }}` prints, before autoescape escapes it."""
    if isinstance(value, Markup):
        return value
    return one_line(value)


def trusted(html: str) -> Markup:
    """HTML our own code built (QR codes, charts, markers), to print as it is: the one way
    Python hands a template markup. Blank lines are removed: one would end the raw HTML block
    the markup sits in, and Markdown would read what follows."""
    # Safe: callers pass only markup their own code built, escaping any roster text in it.
    return Markup(_BLANK_LINES.sub("\n", html))


def _lines(value: str | None) -> list[str]:
    """The non-empty lines of a text whose line breaks matter (joined with `<br>`)."""
    return [line for line in (value or "").replace("\r", "").split("\n") if one_line(line)]


def _thousands(value: int | None) -> str:
    return f"{value:,}" if value is not None else ""


@functools.cache
def environment(folder: Path = TEMPLATES) -> jinja2.Environment:
    if not folder.is_dir():
        raise ShifanError(f"page templates not found: {folder} (the site builds from a checkout)")
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(folder),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=False,
        finalize=_inert,
        auto_reload=False,  # the plugin starts a fresh environment for each build
    )
    env.filters.update(
        date=date,
        lines=_lines,
        thousands=_thousands,
        icon=icon,
        void_label=void_label,
        plaque_code=plaque_code,
        form_label=form_label,
        revocation_label=revocation_label,
    )
    return env


def render(template_name: str, **data: object) -> str:
    """The body a template makes of `data`: its blocks, one blank line between them."""
    try:
        text = environment().get_template(template_name).render(**data)
    except jinja2.TemplateError as err:
        where = (
            f"{err.filename}:{err.lineno}: " if isinstance(err, jinja2.TemplateSyntaxError) else ""
        )
        raise ShifanError(f"page template {template_name}: {where}{err}") from None
    return _EXTRA_BLANK_LINES.sub("\n\n", text.strip("\n")) + "\n"


def render_page(
    title: str, template_name: str, /, *, meta: dict[str, object] | None = None, **data: object
) -> str:
    """A Markdown page: front matter (title escaped) + the template's raw HTML blocks."""
    return front_matter(title, meta) + "\n" + render(template_name, **data)
