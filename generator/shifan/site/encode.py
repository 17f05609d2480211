"""Byte encodings of the site's data files: deterministic JSON, Excel-safe CSV, absolute URLs.

Everything here is pure and deterministic: the same value always gives the same bytes, so two
builds of one commit with one `--today` are byte-identical.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Sequence
from typing import Any

Cell = str | int | float | bool | None

_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_BOM = "\ufeff"


def json_text(value: Any, *, indent: int | None = None) -> str:
    """JSON with sorted keys and raw UTF-8 text, safe to inline into an HTML `<script>`.

    `</` can only occur inside a JSON string, where `<\\/` is the same string to any JSON
    parser but can no longer close a `<script>` element. U+2028/U+2029 are escaped too: they
    are legal in JSON strings but end a line in older JavaScript engines.
    """
    text = json.dumps(
        value,
        ensure_ascii=False,
        sort_keys=True,
        indent=indent,
        separators=(",", ": ") if indent is not None else (",", ":"),
        allow_nan=False,
    )
    return text.replace("</", "<\\/").replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")


def json_bytes(value: Any, *, indent: int | None = None) -> bytes:
    """`json_text` as UTF-8 bytes with a final newline."""
    return (json_text(value, indent=indent) + "\n").encode("utf-8")


def defuse_cell(value: Cell) -> str:
    """A CSV cell as text that no spreadsheet will evaluate as a formula.

    Text starting with `=`, `+`, `-`, `@`, a tab or a carriage return gets a leading `'`,
    which Excel and LibreOffice show as plain text (OWASP "CSV injection"). Numbers are
    written as numbers: a negative amount is data, not a formula.
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, int | float):
        return str(value)
    if value.startswith(_FORMULA_STARTS):
        return "'" + value
    return value


def csv_bytes(header: Sequence[str], rows: Iterable[Sequence[Cell]]) -> bytes:
    """A CSV file in UTF-8 with a byte-order mark (so Excel reads the Chinese), CRLF lines."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow([defuse_cell(h) for h in header])
    for row in rows:
        writer.writerow([defuse_cell(cell) for cell in row])
    return (_BOM + buffer.getvalue()).encode("utf-8")


def absolute_url(site_url: str, path: str) -> str:
    """`https://host/base/` + `units/X/` → `https://host/base/units/X/` (path is site-relative)."""
    return site_url.rstrip("/") + "/" + path.lstrip("/")
