"""One error root for everything a user can be told, and the `Problem` a check reports.

`ShifanError` carries a message meant for the person at the terminal; the CLI catches it
(and only it), prints it and exits non-zero. Anything else escaping is a bug.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from shifan.model import Loc


class ShifanError(Exception):
    """Root of every user-facing failure. `str(err)` is the message to print."""

    exit_code: int = 1

    def __init__(self, message: str, *, hint: str | None = None, loc: Loc | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint
        self.loc = loc

    def __str__(self) -> str:
        where = f"{self.loc}: " if self.loc else ""
        tail = f"\n  提示：{self.hint}" if self.hint else ""
        return f"{where}{self.message}{tail}"


class UsageError(ShifanError):
    """Bad command-line use (exit 2)."""

    exit_code = 2


class RegistryError(ShifanError):
    """The roster cannot be used as it is (unloadable, invalid for the operation asked)."""


class CryptoError(ShifanError):
    """Keys or signatures: unloadable key, refused key location, signing failure."""


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, slots=True)
class Problem:
    """One finding of `shifan check`: a stable code, a location, a message and a hint.

    `message` and `hint` are English; `message_zh` and `hint_zh` are the Simplified Chinese
    texts the bureau's clerks read (full-width punctuation). Every code the loader, the rules
    and the key checks emit carries both (a test runs the malformed corpus and roster
    mutations to make sure); `text(lang)` picks one language.

    Codes are `S` + three digits, grouped by area (see docs/problems.md): S1xx YAML
    hygiene, S2xx fields and types, S3xx references and identity, S4xx dates and working
    days, S5xx lifecycle, S6xx standards, S7xx public-data guard, S8xx keys, S9xx warnings.
    """

    code: str
    loc: Loc
    message: str
    hint: str = ""
    severity: Severity = Severity.ERROR
    message_zh: str = ""
    hint_zh: str = ""

    def text(self, lang: str) -> tuple[str, str]:
        """`(message, hint)` in `lang` ("zh" or "en"); English when no Chinese text exists."""
        if lang == "zh" and self.message_zh:
            return self.message_zh, self.hint_zh
        return self.message, self.hint

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR
