"""What the citizen and the journalist get from the built site: the reporting channel from
`registry/site.yaml`, the site's marks, feed discovery, complete downloads, one JSON encoding."""

from __future__ import annotations

import csv
import html as htmllib
import io
import json
import re
from collections.abc import Callable
from pathlib import Path

import yaml

from shifan.cli import main
from shifan.site.contact import mailto_href, tel_href
from support import REPO, SITE_TODAY, site_registry_copy

SITE_YAML = (REPO / "registry" / "site.yaml").read_text(encoding="utf-8")


def themed_pages(site: Path) -> list[Path]:
    """Every page MkDocs renders with the theme (not the standalone verify page)."""
    return [p for p in sorted(site.rglob("*.html")) if p.relative_to(site).parts[0] != "v"]


def csv_rows(site: Path, name: str) -> list[dict[str, str]]:
    text = (site / "downloads" / name).read_bytes().decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text)))


# ---------------------------------------------------------------------------- the channel


def test_phone_and_email_become_links_only_when_plainly_so() -> None:
    assert tel_href("0371-6718 8000") == "tel:037167188000"
    assert tel_href("+86 371 67188000") == "tel:+8637167188000"
    assert mailto_href("report@example.org") == "mailto:report@example.org"
    for bad in ("", None, "javascript:alert(1)", "0371<b>", "12", "电话 0371-1"):
        assert tel_href(bad) == ""
    for bad in ("", None, "a@b", "x@example.org?cc=y@z.org", "<a@b.org>", "a b@c.org"):
        assert mailto_href(bad) == ""


def test_every_page_footer_gives_the_reporting_channel(built_site: Path) -> None:
    """No phone, e-mail or address appeared anywhere a citizen looks; now every page's footer
    has them, as tappable links, taken from registry/site.yaml."""
    missing = []
    for page in themed_pages(built_site):
        html = page.read_text(encoding="utf-8")
        footer = html[html.find('<div class="sf-footer">') :]
        if (
            not all(
                link in footer
                for link in ('href="tel:037100000000"', 'href="mailto:shifan-report@example.org"')
            )
            or "主办单位：郑州市商务局" not in footer
        ):
            missing.append(str(page.relative_to(built_site)))
    assert missing == []


def test_unit_pages_have_a_report_section(built_site: Path) -> None:
    for page in sorted((built_site / "units").glob("*/index.html")):
        html = page.read_text(encoding="utf-8")
        section = html[html.find('id="report"') :]
        assert 'href="tel:037100000000"' in section, page


def test_verify_page_reads_the_channel_from_site_json(built_site: Path) -> None:
    doc = json.loads((built_site / "api" / "site.json").read_text(encoding="utf-8"))
    assert doc["contact"]["phone_href"] == "tel:037100000000"
    assert doc["contact"]["email_href"] == "mailto:shifan-report@example.org"
    js = (REPO / "site_src" / "v" / "verify.js").read_text(encoding="utf-8")
    assert "'../api/site.json'" in js


def build(tmp_path: Path, site_yaml: str | None) -> Path:
    registry = site_registry_copy(tmp_path)
    if site_yaml is None:
        (registry / "site.yaml").unlink()
    else:
        (registry / "site.yaml").write_text(site_yaml, encoding="utf-8")
    out = tmp_path / "out"
    args = ["build", "--registry", str(registry), "--keys", str(tmp_path / "keys")]
    args += ["--today", SITE_TODAY, "--out", str(out), "--config-file", str(REPO / "mkdocs.yml")]
    assert main(args) == 0
    return out


def test_official_marks_are_shown_when_configured_and_escaped(tmp_path: Path) -> None:
    marks = SITE_YAML.replace("icp:\n", "icp: 豫ICP备00000000号-1\n").replace(
        "site_code:\n", "site_code: '4101000000'\n"
    )
    marks = marks.replace("host: 郑州市商务局", "host: <script>alert(1)</script>郑州市商务局")
    out = build(tmp_path, marks)
    html = (out / "about" / "index.html").read_text(encoding="utf-8")
    footer = html[html.find('<div class="sf-footer">') :]
    assert "豫ICP备00000000号-1" in footer
    assert "政府网站标识码：4101000000" in footer
    assert "<script>alert(1)" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;郑州市商务局" in footer


def test_empty_mark_slots_are_hidden(built_site: Path) -> None:
    html = (built_site / "index.html").read_text(encoding="utf-8")
    assert "sf-marks" not in html
    assert "ICP" not in html
    assert "政府网站标识码" not in html


def test_registry_site_file_is_in_the_check(tmp_path: Path) -> None:
    """A typo in site.yaml is a check error with its place, like any registry file."""
    registry = site_registry_copy(tmp_path)
    (registry / "site.yaml").write_text("host: 郑州市商务局\ncontact: {phone: 1}\n", "utf-8")
    code = main(["check", "--registry", str(registry), "--today", SITE_TODAY])
    assert code == 1


# ---------------------------------------------------------------------------- the journalist


FEED_LINKS = (
    ("application/atom+xml", "feeds/changes.atom"),
    ("application/rss+xml", "feeds/changes.rss"),
    ("application/atom+xml", "feeds/notices.atom"),
    ("application/rss+xml", "feeds/notices.rss"),
)


def test_every_page_has_feed_discovery_links(built_site: Path) -> None:
    pages = [*themed_pages(built_site), built_site / "v" / "index.html"]
    missing = []
    for page in pages:
        html = page.read_text(encoding="utf-8")
        found = set(
            re.findall(r'<link rel="alternate" type="([^"]+)"[^>]*href="(?:[./]*)([^"]+)"', html)
        )
        if found != set(FEED_LINKS):
            missing.append(str(page.relative_to(built_site)))
        for _, path in FEED_LINKS:  # each link resolves to a built file
            assert (built_site / path).is_file()
    assert missing == []


def test_downloads_page_links_every_file_with_its_size(built_site: Path) -> None:
    html = (built_site / "downloads" / "index.html").read_text(encoding="utf-8")
    files = [
        *(p.relative_to(built_site).as_posix() for p in (built_site / "downloads").glob("*.csv")),
        "api/units.json", "api/figures.json", "api/notices.json", "api/site.json", "keys.json",
        *(p.relative_to(built_site).as_posix() for p in (built_site / "feeds").glob("*.atom")),
        *(p.relative_to(built_site).as_posix() for p in (built_site / "feeds").glob("*.rss")),
    ]  # fmt: skip
    assert len(files) == 13
    for name in files:
        row = re.search(
            rf'href="[./]*{re.escape(name)}">{re.escape(name)}</a></td><td>([^<]+)<', html
        )
        assert row, name
        assert re.fullmatch(r"\d+ 字节|\d+\.\d (KB|MB)", row.group(1)), row.group(1)
    for header in next(csv.reader(io.StringIO(
        (built_site / "downloads" / "units.csv").read_bytes().decode("utf-8-sig")
    ))):  # fmt: skip
        assert re.search(rf"<dt><code>{re.escape(header)}</code></dt><dd>[^<]+</dd>", html), header


def test_csv_files_carry_the_data_date_and_absolute_page_urls(built_site: Path) -> None:
    for name in ("units.csv", "figures.csv", "notices.csv", "plaques.csv"):
        rows = csv_rows(built_site, name)
        assert rows, name
        for row in rows:
            assert row["数据日期"] == SITE_TODAY
            assert row["页面"].startswith("http://127.0.0.1:8000/"), row["页面"]


def test_revocation_history_survives_a_re_award(built_site: Path) -> None:
    """ZZ-ENT-0005 was revoked in 2020 and awarded again: units.csv and its JSON still say so."""
    row = next(r for r in csv_rows(built_site, "units.csv") if r["编号"] == "ZZ-ENT-0005")
    assert row["状态"] == "有效"
    assert row["撤销日期"] == ""
    assert row["撤销记录"] == "2020-11-10 申报材料弄虚作假 郑商务〔2020〕118号"
    doc = json.loads((built_site / "api" / "units" / "ZZ-ENT-0005.json").read_text("utf-8"))
    assert doc["revocations"] == [
        {
            "date": "2020-11-10",
            "document": "郑商务〔2020〕118号",
            "reason": "falsified",
            "reason_label": "申报材料弄虚作假",
        }
    ]


# A `\\uXXXX` escape (not an escaped backslash before a `u`); U+2028/9 are escaped on purpose.
UNICODE_ESCAPE = re.compile(r"(?<!\\)(?:\\\\)*\\u(?!202[89])[0-9a-fA-F]{4}")


def test_every_json_file_is_raw_utf8(built_site: Path) -> None:
    """The search index used `\\uXXXX` escapes while the API wrote raw UTF-8."""
    escaped = [
        str(p.relative_to(built_site))
        for p in sorted(built_site.rglob("*.json"))
        if UNICODE_ESCAPE.search(p.read_text(encoding="utf-8"))
    ]
    assert escaped == []


# ---------------------------------------------------------------------------- public text

CJK = "[\u4e00-\u9fff]"
HALF_WIDTH_IN_CHINESE = re.compile(rf"{CJK}[,;:()]|[,;:()]{CJK}")
INTERNAL_NAMES = ("hosts_leading_firm", "as_of", "in_notice", "shifan check")


def roster_strings(
    registry: Path, only: Callable[[Path], bool] = lambda path: True
) -> re.Pattern[str]:
    """Every text value of the roster's files (`only` those files), as a pattern."""

    def walk(value: object) -> list[str]:
        if isinstance(value, str):
            return [" ".join(value.split())]
        if isinstance(value, dict):
            return [s for v in value.values() for s in walk(v)]
        if isinstance(value, list):
            return [s for v in value for s in walk(v)]
        return []

    found = {
        s
        for p in registry.rglob("*.yaml")
        if only(p)
        for s in walk(yaml.safe_load(p.read_text(encoding="utf-8")))
        if len(s) > 1
    }
    return re.compile("|".join(re.escape(s) for s in sorted(found, key=len, reverse=True)))


def visible_text(html: str) -> str:
    """What a reader sees: no markup, scripts, styles, code, drawings or head."""
    text = re.sub(r"(?is)<(script|style|code|svg|head)\b.*?</\1>", " ", html)
    text = re.sub(r"(?s)<[^>]+>", "\n", text)
    return " ".join(htmllib.unescape(text).split(" "))


def public_pages(site: Path) -> list[Path]:
    """Pages for the public (the guides are for the bureau's staff)."""
    return [p for p in sorted(site.rglob("*.html")) if p.relative_to(site).parts[0] != "guide"]


def test_chinese_text_uses_full_width_punctuation(built_site: Path) -> None:
    """`，；：（）` in Chinese text on every page, guides included, and in the demo roster's
    own text (standards, targets, achievements, notes); ASCII punctuation stays inside codes,
    ids, dates, URLs and numbers. Only the hostile units' text (added by the tests, not part
    of the demo roster) is shown as typed and left out."""
    added = roster_strings(built_site.parent / "registry", only=lambda p: "99" in p.stem)
    found: dict[str, list[str]] = {}
    for page in sorted(built_site.rglob("*.html")):
        url = page.relative_to(built_site).as_posix().removesuffix("index.html")
        text = added.sub(" ", visible_text(page.read_text(encoding="utf-8")))
        for m in HALF_WIDTH_IN_CHINESE.finditer(text):
            snippet = text[max(0, m.start() - 10) : m.end() + 10].replace("\n", " ")
            found.setdefault(snippet, []).append(url)
    assert {k: v[:2] for k, v in found.items()} == {}


def test_no_internal_names_on_public_pages(built_site: Path) -> None:
    found = [
        (str(page.relative_to(built_site)), name)
        for page in public_pages(built_site)
        for name in INTERNAL_NAMES
        if name in visible_text(page.read_text(encoding="utf-8"))
    ]
    assert found == []


def test_keys_page_says_demo_once_per_key(built_site: Path) -> None:
    text = visible_text((built_site / "keys" / "index.html").read_text(encoding="utf-8"))
    rows = [line for line in text.split("\n") if re.match("演示密钥[（(]", line)]  # label cells
    assert rows
    assert all(line.count("演示") == 1 for line in rows), rows


def test_latest_changes_are_public_events(built_site: Path) -> None:
    """The home page listed 县(市、区)推荐 (an internal step); now awards, reviews,
    revocations and notices, as the feeds do."""
    html = (built_site / "index.html").read_text(encoding="utf-8")
    latest = html[html.find('id="latest"') :]
    latest = latest[: latest.find("</ul>")]
    assert latest.count("<li>") >= 5
    assert "推荐" not in latest
    assert "报送数据" not in latest


def test_notices_csv_gives_each_entry_its_outcome(built_site: Path) -> None:
    """Which listed units were awarded, which lost on an upheld objection, which withdrew."""
    outcome = {
        (r["公示编号"], r["对象编号"]): r["结果"] for r in csv_rows(built_site, "notices.csv")
    }
    assert outcome[("GS-2023-01", "ZZ-ENT-0010")] == "异议成立"
    assert outcome[("GS-2025-01", "ZZ-ENT-0014")] == "撤回申请"
    assert outcome[("GS-2025-01", "ZZ-ENT-0005")] == "已认定"
    assert outcome[("GS-2025-01", "ZZ-FIG-0007")] == "已认定"  # a figure has no `listed` event
    assert outcome[("GS-2026-01", "ZZ-ENT-0015")] == "公示中"
    assert set(outcome.values()) <= {"已认定", "异议成立", "未予认定", "撤回申请", "公示中", "待定"}
