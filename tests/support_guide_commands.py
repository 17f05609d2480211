"""The `shifan` commands a guide shows in its code blocks, and whether shifan's real CLI
parser accepts them (importable as `support_guide_commands`; every guide's test uses it)."""

from __future__ import annotations

import re
import shlex
from dataclasses import dataclass

CLERK_PREFIX = ("./run", "shifan")
"""How a clerk runs a command: from the repository folder, through `./run`."""

_FENCE = re.compile(r"^(`{3,}|~{3,})")


@dataclass(frozen=True)
class ShownCommand:
    line: int
    """1-based line of the Markdown file where the command starts."""
    words: list[str]
    """The command as the shell splits it, comments and redirections removed."""

    @property
    def argv(self) -> list[str]:
        """The arguments after `shifan`."""
        return self.words[self.words.index("shifan") + 1 :]


def code_block_lines(markdown: str) -> list[tuple[int, str]]:
    """`(line number, text)` of every line inside a fenced code block, continuation lines
    (ending in `\\`) joined to the line they continue."""
    found: list[tuple[int, str]] = []
    fence = ""
    pending: tuple[int, str] | None = None
    for number, line in enumerate(markdown.split("\n"), start=1):
        match = _FENCE.match(line.strip())
        if match and (not fence or match[1].startswith(fence)):
            fence = "" if fence else match[1][0] * 3
            continue
        if not fence:
            continue
        start, text = pending if pending else (number, "")
        text += line
        if text.endswith("\\"):
            pending = (start, text[:-1] + " ")
            continue
        pending = None
        found.append((start, text))
    return found


def shown_commands(markdown: str) -> list[ShownCommand]:
    """Every command of a code block that runs shifan (`shifan …` or `./run shifan …`)."""
    commands = []
    for number, text in code_block_lines(markdown):
        words = shlex.split(text, comments=True)
        for i, word in enumerate(words):  # `> file` and `2> file` are the shell's
            if re.fullmatch(r"\d?>>?", word):
                words = words[:i]
                break
        if "shifan" in words[:2]:
            commands.append(ShownCommand(number, words))
    return commands


def parse_problem(argv: list[str]) -> str | None:
    """None when shifan's CLI parser accepts `argv`, else what it said."""
    import contextlib
    import io

    from shifan.cli import build_parser
    from shifan.errors import ShifanError

    said = io.StringIO()
    try:
        with contextlib.redirect_stderr(said), contextlib.redirect_stdout(io.StringIO()):
            build_parser().parse_args(argv)
    except ShifanError as err:
        return str(err)
    except SystemExit as exit_:
        return None if exit_.code in (0, None) else said.getvalue() or f"exit {exit_.code}"
    return None
