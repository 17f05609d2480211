"""The loader's list of invisible format characters is complete."""

from __future__ import annotations

import unicodedata

from shifan.loader.yamlsafe import _CONTROL, _INVISIBLE, FORMAT_CHARS


def test_format_character_list_matches_unicode() -> None:
    """The file scan's format characters are exactly Unicode's category Cf."""

    cf = [chr(c) for c in range(0x110000) if unicodedata.category(chr(c)) == "Cf"]
    missing = [f"U+{ord(ch):04X}" for ch in cf if not _INVISIBLE.fullmatch(ch)]
    assert missing == [], FORMAT_CHARS


def test_printable_text_needs_no_character_scan() -> None:
    """`parse_yaml` skips the control and invisible scans when the text without its line
    breaks is printable: no printable code point may be one the scans report."""
    reported = "".join(
        ch
        for ch in map(chr, range(0x110000))
        if _CONTROL.match(ch) is not None or _INVISIBLE.match(ch) is not None
    )
    assert reported, "the scans report something"
    assert [f"U+{ord(ch):04X}" for ch in reported if ch.isprintable()] == []
