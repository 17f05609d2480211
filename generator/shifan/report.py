"""Formatters for `shifan check` problems. They only build strings; the CLI prints them.

Every formatter takes `lang`: "zh" (the default: the clerks' Simplified Chinese) or "en".

- `format_text`: one `path:line:col: error[S123]: message` line per problem, then an
  indented `  提示：…` (`  hint: …` in English) line, then a summary line.
- `format_json`: `{"version": 1, "errors": E, "warnings": W, "problems": [...]}`, each
  problem `{"code", "severity", "path", "line", "col", "message", "hint", "message_en",
  "hint_en"}`; keys in that order, UTF-8 (not \\u-escaped), problems in the order given
  (the CLI sorts them). `message`/`hint` are in `lang`; `message_en`/`hint_en` are always
  English, for tools that match on the English text.
- `format_github`: GitHub Actions workflow commands (`::error file=…,line=…,col=…,title=…::
  message`), so each problem shows on its line of the pull request's diff.

Every string that can come from the roster (file names in `path`, messages and hints that
quote values) is passed through `printable` in all three formats: control characters (C0,
DEL, C1), line and paragraph separators, format characters (bidi controls such as U+202E,
zero-width characters, U+FEFF), unpaired surrogates (undecodable file names) and
unassigned code points are shown escaped (`\\x1b`, `\\n`, `\\u202e`), so roster text can
neither drive the terminal, start a new line (a forged `::error` workflow command), reorder
what the reader sees, nor make the output unencodable. The GitHub format additionally
escapes `%`, CR and LF in messages and `:` and `,` in properties, per the workflow-command
rules; the JSON format stays valid JSON.
"""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Sequence

from shifan.errors import Problem, Severity

JSON_VERSION = 1


def sort_problems(problems: Sequence[Problem]) -> list[Problem]:
    """By path, line, column, then code (the order every format prints in)."""
    return sorted(
        problems,
        key=lambda p: (p.loc.path, p.loc.line, p.loc.col, p.code, p.message),
    )


LANGS = ("zh", "en")
HINT_LABEL = {"zh": "提示：", "en": "hint: "}


def summary(problems: Sequence[Problem], lang: str = "zh") -> str:
    errors = sum(1 for p in problems if p.severity is Severity.ERROR)
    warnings = len(problems) - errors
    files = len({p.loc.path for p in problems})
    if lang == "zh":
        if not problems:
            return "未发现问题"
        return f"{errors} 个错误，{warnings} 个警告，涉及 {files} 个文件"
    if not problems:
        return "no problems found"
    parts = [f"{errors} error{'s' if errors != 1 else ''}"]
    parts.append(f"{warnings} warning{'s' if warnings != 1 else ''}")
    return f"{', '.join(parts)} in {files} file{'s' if files != 1 else ''}"


def format_text(problems: Sequence[Problem], lang: str = "zh") -> str:
    lines: list[str] = []
    for p in problems:
        message, hint = p.text(lang)
        lines.append(f"{printable(str(p.loc))}: {p.severity.value}[{p.code}]: {printable(message)}")
        if hint:
            lines.append(f"  {HINT_LABEL[lang]}{printable(hint)}")
    lines.append(summary(problems, lang))
    return "\n".join(lines) + "\n"


def format_json(problems: Sequence[Problem], lang: str = "zh") -> str:
    errors = sum(1 for p in problems if p.severity is Severity.ERROR)
    document = {
        "version": JSON_VERSION,
        "errors": errors,
        "warnings": len(problems) - errors,
        "problems": [
            {
                "code": p.code,
                "severity": p.severity.value,
                "path": printable(p.loc.path),
                "line": p.loc.line,
                "col": p.loc.col,
                "message": printable(p.text(lang)[0]),
                "hint": printable(p.text(lang)[1]),
                "message_en": printable(p.message),
                "hint_en": printable(p.hint),
            }
            for p in problems
        ],
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def format_github(problems: Sequence[Problem], lang: str = "zh") -> str:
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
        text, hint = p.text(lang)
        message = printable(text) + (f"\n{HINT_LABEL[lang]}{printable(hint)}" if hint else "")
        lines.append(f"::{command} {props}::{escape_data(message)}")
    lines.append(summary(problems, lang))
    return "\n".join(lines) + "\n"


def escape_data(text: str) -> str:
    """Escape a workflow command's message: `%`, CR and LF."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """Escape a workflow command's property value: as data, plus `:` and `,`."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


_HIDDEN = frozenset({"Cc", "Cf", "Cs", "Cn", "Zl", "Zp"})
"""Unicode categories shown escaped: controls, format (bidi, zero-width), surrogates,
unassigned, line and paragraph separators. Visible spaces such as U+3000 stay."""
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _escape(ch: str) -> str:
    named = _NAMED.get(ch)
    if named is not None:
        return named
    code = ord(ch)
    if code < 0x100:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


def printable(text: str) -> str:
    """`text` on one line, invisible characters escaped (roster text can hold `\\e[…`, U+202E)."""
    if text.isprintable():  # the common case: no Cc, Cf, Cs, Cn, Zl, Zp (nor Zs but space)
        return text
    return "".join(
        _escape(ch) if not ch.isprintable() and unicodedata.category(ch) in _HIDDEN else ch
        for ch in text
    )
