"""The pager of long lists: every page reachable, at most a line of links on a phone."""

from __future__ import annotations

import itertools
import re

import pytest

from shifan.site.pages.render import environment

LINK = re.compile(
    r'<a href="([^"]*)"(?: rel="(prev|next)")?(?: aria-label="第 (\d+) 页")?>([^<]*)</a>'
)


def pager(count: int, current: int) -> str:
    macro = environment().get_template("macros.html").module.pager  # type: ignore[attr-defined]
    return str(macro([f"p{n}/" for n in range(1, count + 1)], current))


@pytest.mark.parametrize("count", [2, 3, 8, 9, 10, 11, 12, 30, 90, 200])
def test_the_pager_shows_neighbours_ends_and_gaps(count: int) -> None:
    for current in range(count):
        html = pager(count, current)
        links = LINK.findall(html)
        numbered = [int(n) for _, _, n, _ in links if n]
        marked = re.findall(
            r'<span aria-current="page" aria-label="第 (\d+) 页">(\d+)</span>', html
        )
        assert marked == [(str(current + 1), str(current + 1))]
        shown = sorted([*numbered, current + 1])
        assert shown == sorted(set(shown))
        for href, _, n, text in links:
            if n:
                assert (href, text) == (f"p{n}/", n)
        expected = (
            set(range(1, count + 1))
            if count <= 9
            else {1, count} | {n for n in range(current - 1, current + 4) if 1 <= n <= count}
        )
        assert set(shown) == expected
        gaps = sum(1 for a, b in itertools.pairwise(shown) if b - a > 1)
        assert html.count("…") == gaps
        prev = [href for href, rel, _, _ in links if rel == "prev"]
        after = [href for href, rel, _, _ in links if rel == "next"]
        assert prev == ([f"p{current}/"] if current > 0 else [])
        assert after == ([f"p{current + 2}/"] if current < count - 1 else [])
        assert len(links) <= 10  # eight pages at most, the previous and the next
