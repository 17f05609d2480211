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
        tail = f"\n  hint: {self.hint}" if self.hint else ""
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

    Codes are `S` + three digits, grouped by area (see docs/problems.md): S1xx YAML
    hygiene, S2xx fields and types, S3xx references and identity, S4xx dates and working
    days, S5xx lifecycle, S6xx standards, S7xx public-data guard, S8xx keys, S9xx warnings.
    """

    code: str
    loc: Loc
    message: str
    hint: str = ""
    severity: Severity = Severity.ERROR

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR
