"""Formatters for `shifan check` problems. They only build strings; the CLI prints them.

- `format_text`: one `path:line:col: error[S123]: message` line per problem, then an
  indented `  hint: …` line, then a summary line.
- `format_json`: `{"version": 1, "errors": E, "warnings": W, "problems": [...]}`, each
  problem `{"code", "severity", "path", "line", "col", "message", "hint"}`; keys in that
  order, UTF-8 (not \\u-escaped), problems in the order given (the CLI sorts them).
- `format_github`: GitHub Actions workflow commands (`::error file=…,line=…,col=…,title=…::
  message`), so each problem shows on its line of the pull request's diff.

Text and GitHub output escape control characters (`\\x1b` …): messages quote roster text,
which must not drive the terminal or the log viewer.
"""

from __future__ import annotations

import json
from collections.abc import Sequence

from shifan.errors import Problem, Severity

JSON_VERSION = 1


def sort_problems(problems: Sequence[Problem]) -> list[Problem]:
    """By path, line, column, then code (the order every format prints in)."""
    return sorted(
        problems,
        key=lambda p: (p.loc.path, p.loc.line, p.loc.col, p.code, p.message),
    )


def summary(problems: Sequence[Problem]) -> str:
    errors = sum(1 for p in problems if p.severity is Severity.ERROR)
    warnings = len(problems) - errors
    if not problems:
        return "no problems found"
    files = len({p.loc.path for p in problems})
    parts = [f"{errors} error{'s' if errors != 1 else ''}"]
    parts.append(f"{warnings} warning{'s' if warnings != 1 else ''}")
    return f"{', '.join(parts)} in {files} file{'s' if files != 1 else ''}"


def format_text(problems: Sequence[Problem]) -> str:
    lines: list[str] = []
    for p in problems:
        lines.append(f"{p.loc}: {p.severity.value}[{p.code}]: {printable(p.message)}")
        if p.hint:
            lines.append(f"  hint: {printable(p.hint)}")
    lines.append(summary(problems))
    return "\n".join(lines) + "\n"


def format_json(problems: Sequence[Problem]) -> str:
    errors = sum(1 for p in problems if p.severity is Severity.ERROR)
    document = {
        "version": JSON_VERSION,
        "errors": errors,
        "warnings": len(problems) - errors,
        "problems": [
            {
                "code": p.code,
                "severity": p.severity.value,
                "path": p.loc.path,
                "line": p.loc.line,
                "col": p.loc.col,
                "message": p.message,
                "hint": p.hint,
            }
            for p in problems
        ],
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def format_github(problems: Sequence[Problem]) -> str:
    lines: list[str] = []
    for p in problems:
        command = "error" if p.severity is Severity.ERROR else "warning"
        props = ",".join(
            f"{k}={escape_property(v)}"
            for k, v in (
                ("file", printable(p.loc.path)),
                ("line", str(p.loc.line)),
                ("col", str(p.loc.col)),
                ("title", p.code),
            )
        )
        message = printable(p.message) + (f"\nhint: {printable(p.hint)}" if p.hint else "")
        lines.append(f"::{command} {props}::{escape_data(message)}")
    lines.append(summary(problems))
    return "\n".join(lines) + "\n"


def escape_data(text: str) -> str:
    """Escape a workflow command's message: `%`, CR and LF."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """Escape a workflow command's property value: as data, plus `:` and `,`."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


_CONTROLS = {c: f"\\x{c:02x}" for c in [*range(0x20), 0x7F, *range(0x80, 0xA0)]}
_CONTROLS.update({ord("\n"): "\\n", ord("\r"): "\\r", ord("\t"): "\\t"})


def printable(text: str) -> str:
    """`text` on one line, control characters escaped (roster text can hold `\\e[…`)."""
    return text.translate(_CONTROLS)
