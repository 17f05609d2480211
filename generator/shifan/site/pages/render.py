"""Render site pages from the Jinja2 templates in `site_src/overrides/shifan/`.

One `jinja2.Environment` per process (templates compile once, render many times) with
autoescape on: every value a template prints is kept on one line with control characters
removed (`html.one_line`), then HTML-escaped, unless it is markup our own code built and
handed over with `trusted()`. Both happen in one call per printed value (`_printed`, compiled
in by `_Printer`), which runs some hundred times a unit page. Templates never mark text safe
themselves (a test forbids `|safe` and `{% autoescape false %}`).

A page is YAML front matter plus raw HTML blocks separated by blank lines; a template writes
its blocks with one blank line between them and none inside a block.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path

import jinja2
from jinja2 import nodes
from jinja2.compiler import CodeGenerator, Frame
from markupsafe import Markup, escape

from shifan.errors import ShifanError
from shifan.site.pages.html import date, front_matter, one_line
from shifan.site.views import form_label, icon, plaque_code, revocation_label, void_label

TEMPLATES = Path(__file__).resolve().parents[4] / "site_src" / "overrides" / "shifan"
"""Beside the theme overrides, so a page can be changed without touching Python. MkDocs
neither builds nor copies them: `exclude_docs` skips `overrides/` and theme `*.html` files are
templates, never static files."""

_BLANK_LINES = re.compile(r"\n\s*\n")
_EXTRA_BLANK_LINES = re.compile(r"\n\n\n+")  # left where a block was left out


_plain = re.compile(r"[^\x00-\x1f\x7f&<>\"']*").fullmatch
"""Text that prints as it is: no control character, line break or character HTML escapes."""


def _printed(value: object) -> str:
    """What a `{{ … }}` prints: markup our code built as it is; any other value on one line
    (`one_line`), then HTML-escaped, quotes included (as `markupsafe.escape` does)."""
    if type(value) is str:
        if _plain(value):
            return value  # the usual case: nothing to remove or escape
    elif isinstance(value, Markup):
        return value
    return escape(one_line(value))


class _Printer(CodeGenerator):
    """Compiles `{{ value }}` to one call of `_printed` (the environment's `finalize`), which
    both keeps the value on one line and escapes it, in place of Jinja2's `escape(finalize(…))`
    (two calls and two `Markup` objects a value). Escaping cannot be turned off: inside
    `{% autoescape false %}` values are escaped all the same. Values Jinja2 works out when it
    compiles a template are escaped and finalized by Jinja2 itself, as before."""

    def _output_child_pre(
        self, node: nodes.Expr, frame: Frame, finalize: CodeGenerator._FinalizeInfo
    ) -> None:
        self.write("environment.finalize(")

    def _output_child_post(
        self, node: nodes.Expr, frame: Frame, finalize: CodeGenerator._FinalizeInfo
    ) -> None:
        self.write(")")


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


class _Environment(jinja2.Environment):
    code_generator_class = _Printer  # see `_printed`


@functools.cache
def environment(folder: Path = TEMPLATES) -> jinja2.Environment:
    if not folder.is_dir():
        raise ShifanError(f"page templates not found: {folder} (the site builds from a checkout)")
    env = _Environment(
        loader=jinja2.FileSystemLoader(folder),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=False,
        finalize=_printed,
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


def render_html(template_name: str, /, **data: object) -> str:
    """A page body as final HTML: what Markdown makes of `render`'s raw HTML blocks (the
    blocks as they are, without the last line break), with no Markdown run."""
    return render(template_name, **data).removesuffix("\n")


def render_page(
    title: str, template_name: str, /, *, meta: dict[str, object] | None = None, **data: object
) -> str:
    """A Markdown page: front matter (title escaped) + the template's raw HTML blocks."""
    return front_matter(title, meta) + "\n" + render(template_name, **data)
