"""Collapsed table rows (`shifan.site.skeleton`): Markdown makes the same of a page with its
rows collapsed, restored, as of the page itself — and rows that could change what Markdown
decides are left alone."""

from __future__ import annotations

import html

import markdown
from hypothesis import given, settings
from hypothesis import strategies as st

from shifan.site.skeleton import TOKEN, agrees, collapse, restore

EXTENSIONS = ["toc", "tables", "attr_list", "admonition"]  # as mkdocs.yml


def convert(text: str) -> str:
    return markdown.Markdown(extensions=EXTENSIONS).convert(text)


def page(rows: list[str], head: str = '<div class="w"><table class="t">') -> str:
    body = "\n".join([head, "<thead><tr><th>名称</th></tr></thead>", "<tbody>", *rows])
    return f"<h1>名录</h1>\n\n<p>共 {len(rows)} 个。</p>\n\n{body}\n</tbody></table></div>\n"


def row(name: str, extra: str = "") -> str:
    return f'<tr data-x="{html.escape(name)}"><td>{html.escape(name)}{extra}</td></tr>'


cells = st.text(st.characters(exclude_categories=["Cs", "Cc"]), max_size=12)


@settings(max_examples=60, deadline=None)
@given(st.lists(cells, min_size=1, max_size=6), st.sampled_from(["", "<br>", "<code>x</code>"]))
def test_collapsed_rows_convert_the_same(names: list[str], extra: str) -> None:
    text = page([row(name, extra) for name in names])
    skeleton, runs = collapse(text)
    assert len(runs) == 1
    assert TOKEN.format(0) in skeleton
    assert agrees(text, convert)


def test_rows_markdown_could_read_otherwise_stay() -> None:
    anchored = page([row("a"), '<tr id="x"><td>b</td></tr>', row("c")])
    assert collapse(anchored)[1] == ['<tr data-x="a"><td>a</td></tr>', row("c")]
    assert agrees(anchored, convert)
    # not inside a raw block: the table opens with an inline tag
    inline = page([row("a"), row("b")], head='<span class="w"><table>')
    assert collapse(inline)[1] == []
    # unbalanced or commented rows
    for odd in ("<tr><td>a</tr>", "<tr><td><!-- a --></td></tr>", "<tr><td>a < b</td></tr>"):
        assert collapse(page([odd]))[1] == []


def test_a_lost_token_is_refused() -> None:
    skeleton, runs = collapse(page([row("a"), row("b")]))
    output = convert(skeleton)
    assert restore(output, runs) is not None
    assert restore(output.replace(TOKEN.format(0), ""), runs) is None
    assert restore(output.replace(f"\n{TOKEN.format(0)}\n", TOKEN.format(0)), runs) is None
