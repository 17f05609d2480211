"""The annual report as a printable PDF: A4 portrait, the CJK font embedded as a subset.

Laid out with reportlab's platypus: each table repeats its header row on every page it runs
onto, and a long cell wraps (CJK line breaking) instead of running off the page. Every text
is a `Paragraph` made from escaped roster text, so nothing in the roster is read as markup.
Deterministic: the same report gives the same bytes.
"""

from __future__ import annotations

import io
import re
from html import escape
from typing import Any

from shifan.operations.annual import AnnualReport, Table
from shifan.plaques.fonts import CjkFont, register_for_pdf

_MM = 72 / 25.4
_MARGIN = 18 * _MM
_HEAD_BG = "#e8eef7"
_RULE = "#8a94a6"


def _styles(font: str) -> dict[str, Any]:
    from reportlab.lib.styles import ParagraphStyle

    def style(name: str, size: float, **more: Any) -> ParagraphStyle:
        return ParagraphStyle(
            name, fontName=font, fontSize=size, leading=size * 1.45, wordWrap="CJK", **more
        )

    return {
        "title": style("title", 18, spaceAfter=4 * _MM, alignment=1),
        "h2": style("h2", 12.5, spaceBefore=5 * _MM, spaceAfter=2 * _MM),
        "body": style("body", 10),
        "note": style("note", 8.5, textColor="#444444", spaceBefore=1.5 * _MM),
        "cell": style("cell", _CELL_SIZE),
        "head": style("head", _CELL_SIZE),
    }


_CELL_SIZE = 8.5  # pt
_PAD = 14  # pt: the cells' left and right padding (6 each), and a little room
_WORD = re.compile(r"[\x21-\x7e]+")  # a run that does not break (dates, ids, numbers)


def _widths(table: Table, font: CjkFont, total: float) -> list[float]:
    """Every column at least as wide as its longest unbreakable run (a date, an id); the room
    left is shared in proportion to how much more each column's longest text needs."""

    def measure(text: str) -> float:
        return font.width(text, _CELL_SIZE) + _PAD

    rows = (table.headers, *table.rows)
    least, most = [], []
    for i in range(len(table.headers)):
        texts = [row[i] for row in rows if i < len(row)]
        least.append(max([measure(w) for t in texts for w in _WORD.findall(t)] + [_PAD * 3]))
        most.append(max(max(measure(t) for t in texts), least[-1]))
    room = total - sum(least)
    want = [m - n for m, n in zip(most, least, strict=True)]
    if room <= 0 or sum(want) <= 0:
        return [total * n / sum(least) for n in least]
    share = min(1.0, room / sum(want))
    widths = [n + w * share for n, w in zip(least, want, strict=True)]
    spare = total - sum(widths)
    return [w + spare / len(widths) for w in widths]


def _table(table: Table, styles: dict[str, Any], font: CjkFont, width: float) -> list[Any]:
    from reportlab.platypus import Paragraph, TableStyle
    from reportlab.platypus import Table as PdfTable

    def cell(text: str, style: str) -> Any:
        return Paragraph(escape(text), styles[style])

    data = [[cell(h, "head") for h in table.headers]]
    data += [[cell(c, "cell") for c in row] for row in table.rows]
    if not table.rows:
        data.append([cell("无", "cell")] + [cell("", "cell")] * (len(table.headers) - 1))
    grid = PdfTable(data, colWidths=_widths(table, font, width), repeatRows=1, hAlign="LEFT")
    grid.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), styles["cell"].fontName),  # not Helvetica
                ("BACKGROUND", (0, 0), (-1, 0), _HEAD_BG),
                ("GRID", (0, 0), (-1, -1), 0.4, _RULE),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("TOPPADDING", (0, 0), (-1, -1), 2),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
            ]
        )
    )
    out = [Paragraph(escape(table.title), styles["h2"]), grid]
    if table.note:
        out.append(Paragraph(escape(table.note), styles["note"]))
    return out


def report_pdf(report: AnnualReport, font: CjkFont, *, source: str) -> bytes:
    """The report on A4 pages numbered `第 N 页`; `source` names the roster it comes from."""
    from reportlab.lib.pagesizes import A4
    from reportlab.platypus import Paragraph, SimpleDocTemplate

    name = register_for_pdf(font)
    styles = _styles(name)
    buf = io.BytesIO()
    title = f"郑州市电子商务示范体系 {report.year} 年度统计报告"
    doc = SimpleDocTemplate(
        buf,
        pagesize=A4,
        leftMargin=_MARGIN,
        rightMargin=_MARGIN,
        topMargin=_MARGIN,
        bottomMargin=_MARGIN,
        title=title,
        author="郑州市商务局",
        subject="郑州市电子商务示范体系",
        creator="shifan",
        invariant=1,
        initialFontName=name,  # every font in the PDF is embedded: no Helvetica reference
    )
    width = A4[0] - 2 * _MARGIN
    story: list[Any] = [
        Paragraph(escape(title), styles["title"]),
        Paragraph(escape(f"统计截至 {report.as_of}；数据来源：{source}"), styles["note"]),
    ]
    story += [Paragraph(escape(line), styles["body"]) for line in report.summary]
    for table in report.tables:
        story += _table(table, styles, font, width)

    def footer(canvas: Any, document: Any) -> None:
        canvas.saveState()
        canvas.setFont(name, 8)
        canvas.drawCentredString(A4[0] / 2, _MARGIN / 2, f"第 {document.page} 页")
        canvas.restoreState()

    doc.build(story, onFirstPage=footer, onLaterPages=footer)
    return buf.getvalue()
