"""Check digits of Chinese identifiers: the unified social credit code and the resident ID.

- 统一社会信用代码 (GB 32100-2015): 18 characters over a 31-character alphabet (digits and
  capitals without I, O, Z, S, V); the last one is a check character, weighted mod 31.
- 公民身份号码 (GB 11643-1999): 17 digits and a check character (`0-9` or `X`), ISO 7064 MOD 11-2.

Used by the validation rules (credit codes must be right, identity numbers must never
appear in public records) and by the synthetic roster generator (fictional but valid codes).
"""

from __future__ import annotations

import re
from operator import mul

CREDIT_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_CREDIT_VALUE = {c: i for i, c in enumerate(CREDIT_ALPHABET)}
_CREDIT_WEIGHTS = tuple(pow(3, i, 31) for i in range(17))  # 1 3 9 27 19 26 16 17 20 29 25 ...
CREDIT_CODE_RE = re.compile(r"^[0-9A-HJ-NPQRTUWXY]{18}$")
_CREDIT_BODY_RE = re.compile(r"[0-9A-HJ-NPQRTUWXY]{17}")


def credit_check_char(body: str) -> str:
    """The check character for the first 17 characters of a credit code.

    Raises ValueError if `body` is not 17 characters of the GB 32100 alphabet.
    """
    if _CREDIT_BODY_RE.fullmatch(body) is None:
        raise ValueError(f"not 17 characters of the credit-code alphabet: {body!r}")
    total = sum(map(mul, map(_CREDIT_VALUE.__getitem__, body), _CREDIT_WEIGHTS))
    return CREDIT_ALPHABET[(31 - total % 31) % 31]


def credit_code_error(code: str) -> str | None:
    """Why `code` is not a well-formed credit code, or None if it is."""
    if len(code) != 18:
        return f"has {len(code)} characters, not 18"
    bad = [] if CREDIT_CODE_RE.fullmatch(code) else sorted(set(code) - _CREDIT_VALUE.keys())
    if bad:
        return (
            f"contains {', '.join(repr(c) for c in bad)}: only digits and capital letters "
            "except I, O, Z, S, V are used"
        )
    expected = credit_check_char(code[:17])
    if code[17] != expected:
        return f"check character is {code[17]!r}, the first 17 characters give {expected!r}"
    return None


_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"
_ID_CANDIDATE_RE = re.compile(r"(?<![0-9])[0-9]{17}[0-9Xx](?![0-9A-Za-z])")
_MOBILE_RE = re.compile(r"(?<![0-9])1[3-9][0-9]{9}(?![0-9])")


def id_check_char(body: str) -> str:
    """The GB 11643 check character of 17 digits."""
    if len(body) != 17 or not body.isascii() or not body.isdigit():
        raise ValueError(f"not 17 digits: {body!r}")
    return _ID_CHECK[sum(int(d) * w for d, w in zip(body, _ID_WEIGHTS, strict=True)) % 11]


def find_identity_numbers(text: str) -> list[str]:
    """18-character resident identity numbers in `text` whose check character is right."""
    return [
        m.group(0)
        for m in _ID_CANDIDATE_RE.finditer(text)
        if id_check_char(m.group(0)[:17]) == m.group(0)[17].upper()
    ]


_DIGIT_GAP_RE = re.compile(r"(?<=[0-9])[ \t\u3000-](?=[0-9])")


def find_mobile_numbers(text: str) -> list[str]:
    """Mainland mobile numbers (11 digits, `1[3-9]…`) in `text`, also when written in groups
    separated by spaces or hyphens (`138 1234 5678`)."""
    found = [m.group(0) for m in _MOBILE_RE.finditer(text)]
    compact = _DIGIT_GAP_RE.sub("", text)
    found += [m.group(0) for m in _MOBILE_RE.finditer(compact) if m.group(0) not in found]
    return found
