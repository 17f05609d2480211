"""The clerks' guides (and the README) show each command as a clerk runs it
(`./run shifan …` from the repository folder), and shifan's CLI parser accepts each one."""

from __future__ import annotations

import pytest

from support import REPO
from support_guide_commands import CLERK_PREFIX, parse_problem, shown_commands

DOCUMENTS = (
    "site_src/guide/roster.md",
    "site_src/guide/operations.md",
    "site_src/guide/pull-requests.md",
    "README.md",
)


def test_the_helper_finds_continued_commented_and_redirected_commands() -> None:
    markdown = (
        "text `shifan check`\n```sh\n./run shifan new unit --kind park \\\n  --district x\n"
        "./run shifan due --format csv > due.csv   # 用 Excel 打开\nls\n```\n"
    )
    found = [(c.line, c.words) for c in shown_commands(markdown)]
    assert found == [
        (3, ["./run", "shifan", "new", "unit", "--kind", "park", "--district", "x"]),
        (5, ["./run", "shifan", "due", "--format", "csv"]),
    ]
    assert parse_problem(["due", "--format", "csv"]) is None
    assert parse_problem(["due", "--no-such-option"]) is not None


@pytest.mark.parametrize("document", DOCUMENTS)
def test_every_command_shown_is_run_through_run_and_parses(document: str) -> None:
    commands = shown_commands((REPO / document).read_text(encoding="utf-8"))
    if document.startswith("site_src/guide/"):
        assert commands, f"{document} shows no command"
    wrong = [
        f"{document}:{c.line}: {' '.join(c.words)}: {problem}"
        for c in commands
        for problem in [
            "not run as `./run shifan …`" if tuple(c.words[:2]) != CLERK_PREFIX else "",
            parse_problem(c.argv) or "",
        ]
        if problem
    ]
    assert wrong == []
