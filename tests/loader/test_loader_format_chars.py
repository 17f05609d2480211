"""The loader's list of invisible format characters is complete."""

from __future__ import annotations

import unicodedata

from shifan.loader.yamlsafe import _INVISIBLE, FORMAT_CHARS


def test_format_character_list_matches_unicode() -> None:
    """The file scan's format characters are exactly Unicode's category Cf."""

    cf = [chr(c) for c in range(0x110000) if unicodedata.category(chr(c)) == "Cf"]
    missing = [f"U+{ord(ch):04X}" for ch in cf if not _INVISIBLE.fullmatch(ch)]
    assert missing == [], FORMAT_CHARS
