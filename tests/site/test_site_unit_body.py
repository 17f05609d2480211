"""The unit page body with hostile text in every field a unit can carry: each value comes out
on one line, control characters removed, HTML-escaped quotes included, wherever it is printed."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re

from markupsafe import escape

from shifan import model as m
from shifan.changes.history import Histories, HistoryEntry
from shifan.site.context import SiteContext, build_context
from shifan.site.pages import units
from shifan.site.pages.html import one_line
from shifan.site.pages.render import environment
from support import assessed, small_roster

TODAY = dt.date(2026, 11, 27)
UNIT = m.UnitId("ZZ-ENT-0042")

NASTY = "<b>&amp;\"x\"'y'\x00\x01\x1b\x7f\t\r\n\u2028\u2029\x85末"
"""Markup, an entity, both quotes, control characters (NUL, ESC, DEL, tab, CR, LF), the
Unicode line and paragraph separators and NEL."""

LONG = "长" * 3000 + NASTY * 200


def _text(tag: str) -> str:
    return f"{tag}{NASTY}{tag}"


def _shown(value: str) -> str:
    """How a page prints a roster value: one line, then escaped."""
    return str(escape(one_line(value)))


def unit_achievements() -> str:
    """Lines with hostile text, an empty line and a line of control characters only."""
    return f"第一行{NASTY}\n\n第二行<i>\r\n\x01\x7f\n{LONG}"


def hostile_unit_context() -> SiteContext:
    """The small roster with hostile text in every free-text field of ZZ-ENT-0042, its events,
    its declared values, its standard, its district, the reporting channel and its history."""
    roster = small_roster()
    d = dt.date.fromisoformat
    events = (
        m.Event(type="recommended", date=d("2025-01-05"), district=m.DistrictId("jinshui"),
                document=_text("RECDOC")),
        m.Event(type="listed", notice=m.NoticeId("GS-2025-01"), note=_text("LISTNOTE")),
        m.Event(type="awarded", date=d("2025-05-10"), document=_text("AWDOC"), by=_text("BY")),
        m.Event(type="plaque_issued", date=d("2025-06-01"), serial=42, kid="1", token="0123"),
        m.Event(type="data_report", date=d("2025-12-01"), period=_text("PERIOD")),
        m.Event(type="funding", date=d("2026-01-10"), amount_cny=1234567, year=2026,
                project=_text("PROJECT"), document=_text("FUNDDOC")),
        m.Event(type="review", date=d("2026-03-01"), result=m.ReviewResult.PASSED,
                document=_text("REVDOC")),
        m.Event(type="review", date=d("2027-03-01"), result=m.ReviewResult.FAILED, document=LONG),
    )  # fmt: skip
    unit = dataclasses.replace(
        roster.units[UNIT],
        name=_text("NAME"),
        address=_text("ADDRESS"),
        website='https://x.example/?a=1&b="2"<i>\'',
        achievements=unit_achievements(),
        applied_on=d("2024-01-10"),
        declared={"sales": 2.5, "proof": m.Attestation(attested=True, document=_text("ATTEST"))},
        events=events,
    )
    criteria = (
        m.Criterion(key="sales", label=_text("CRIT"), type="number", op=">=", value=1.0,
                    unit=_text("UNIT")),
        m.Criterion(key="proof", label=_text("PROOF"), type="attestation"),
    )  # fmt: skip
    version = m.StandardVersion(effective=d("2016-01-01"), document=_text("STDDOC"),
                                criteria=criteria)  # fmt: skip
    standard = m.Standard(kind=m.Kind.ENTERPRISE, title=_text("TITLE"), versions=(version,))
    contact = m.Contact(department=_text("DEPT"), phone="0371-00000000",
                        email="a'b\"<c>@x.example", address=_text("CADDR"),
                        hours=_text("HOURS"))  # fmt: skip
    roster = dataclasses.replace(
        roster,
        units={**roster.units, UNIT: unit},
        districts={
            k: dataclasses.replace(v, name=_text("DISTRICT")) if k == "jinshui" else v
            for k, v in roster.districts.items()
        },
        standards={m.Kind.ENTERPRISE: standard},
        site=m.SiteInfo(host=_text("HOST"), contact=contact),
    )
    ctx = build_context(assessed(roster, TODAY), "https://x.example/")
    entry = HistoryEntry(d("2026-02-01"), "0123456789abcdef", (_text("HIST"), LONG), (True, False))
    return dataclasses.replace(ctx, history=Histories(records={UNIT: (entry,)}))


def test_every_hostile_field_is_printed_escaped_on_one_line() -> None:
    ctx = hostile_unit_context()
    body = units.unit_body(ctx, ctx.roster.units[UNIT])
    tags = ("NAME", "ADDRESS", "DISTRICT", "RECDOC", "LISTNOTE", "AWDOC", "BY", "PERIOD",
            "PROJECT", "FUNDDOC", "REVDOC", "CRIT", "UNIT", "PROOF", "STDDOC", "ATTEST", "DEPT",
            "CADDR", "HOURS", "HIST")  # fmt: skip
    for tag in tags:
        assert _shown(_text(tag)) in body, tag
    assert f'<h1 id="name">{_shown(_text("NAME"))}</h1>' in body
    assert _shown(LONG) in body  # the long review document and history line, whole
    # the website: an http(s) address is both the link target and its text, escaped
    site = "https://x.example/?a=1&amp;b=&#34;2&#34;&lt;i&gt;&#39;"
    assert f'<a href="{site}" rel="nofollow noopener noreferrer">{site}</a>' in body
    # achievements keep their non-empty lines, joined with <br>, each line escaped
    text = unit_achievements()
    lines = [line for line in text.replace("\r", "").split("\n") if one_line(line)]
    assert len(lines) > 200
    assert "<br>".join(_shown(line) for line in lines) in body
    # the e-mail link
    assert "a&#39;b&#34;&lt;c&gt;@x.example" in body
    # nothing of the roster text comes through as markup or control characters
    assert "<b>" not in body
    assert "<i>" not in body
    assert not re.search(r"[\x00-\x08\x0b-\x1f\x7f]", body)
    for block in body.strip("\n").split("\n\n"):
        assert block.startswith("<"), block[:80]


def test_roster_text_inside_every_line_is_unchanged_but_for_escaping() -> None:
    """Unicode line separators and NEL are kept (HTML does not break lines on them); only
    the ASCII control characters go."""
    ctx = hostile_unit_context()
    body = units.unit_body(ctx, ctx.roster.units[UNIT])
    assert "\u2028\u2029\x85末" in body
    assert "&lt;b&gt;&amp;amp;&#34;x&#34;&#39;y&#39;\t \u2028" in body


def test_the_badge_and_facts_written_out_match_the_shared_macros() -> None:
    """unit.html writes the badge and the fact lists out rather than calling the macros: its
    markup stays the macros' own."""
    ctx = hostile_unit_context()
    unit = ctx.roster.units[UNIT]
    status = ctx.views[UNIT]
    body = units.unit_body(ctx, unit)
    shared = environment().from_string(
        '{% from "macros.html" import badge, facts %}'
        '{{ badge(status) }}\n{{ facts([("名称", name)]) }}\n'
        '{{ facts([("授牌日期", awarded)], cls="sf-facts sf-status-dates") }}'
    )
    badge, names, dates = shared.render(
        status=status, name=unit.name, awarded=str(status.awarded_on)
    ).split("\n")
    assert f"）：{badge}</p>" in body
    assert names.removesuffix("</dl>") in body  # the first fact of the list
    assert dates.removesuffix("</dl>") in body
