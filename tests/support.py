"""Helpers shared by tests (importable as `support`): paths and a localhost static server."""

from __future__ import annotations

import functools
import http.server
import json
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@dataclass
class StaticServer:
    """A directory served on 127.0.0.1; `paths` logs every request path it received."""

    root: Path
    url: str
    paths: list[str] = field(default_factory=list)
    _httpd: http.server.ThreadingHTTPServer | None = None

    def stop(self) -> None:
        if self._httpd is not None:
            self._httpd.shutdown()
            self._httpd.server_close()
            self._httpd = None


def serve_directory(root: Path) -> StaticServer:
    """Serve `root` on an ephemeral localhost port in a daemon thread."""
    server = StaticServer(root=root, url="")

    class Handler(http.server.SimpleHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:
            server.paths.append(self.path)

    handler = functools.partial(Handler, directory=str(root))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    server._httpd = httpd
    server.url = f"http://127.0.0.1:{httpd.server_address[1]}"
    return server


# ---------------------------------------------------------------------------- registries


def write_registry(root: Path, files: dict[str, str | bytes]) -> Path:
    """Write `files` (paths relative to the registry folder) under `root/registry`."""
    registry = root / "registry"
    registry.mkdir(parents=True, exist_ok=True)
    for rel, content in files.items():
        target = registry / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            target.write_bytes(content)
        else:
            target.write_text(content, encoding="utf-8")
    return registry


DISTRICTS_YAML = """\
districts:
  - {id: jinshui, name: 金水区, type: district}
  - {id: zhongmou, name: 中牟县, type: county}
  - {id: hangkong, name: 郑州航空港经济综合实验区, type: zone}
"""

NOTICE_YAML = """\
id: GS-2024-01
title: 关于2024年郑州市电子商务示范单位拟认定名单的公示
published: 2024-05-06
working_days: 5
channel:
  department: 郑州市商务局电子商务处
  phone: 0371-67000000
entries:
  - unit: ZZ-PRK-0001
    achievements: 入驻电商企业120家
"""

UNIT_YAML = """\
id: ZZ-PRK-0001
kind: park
level: municipal
name: 郑州示例电子商务产业园
credit_code: 91410100MA0000000T
district: jinshui
applied_on: 2024-03-01
declared:
  office_area: 12000
  occupancy_pct: 62.5
  management_body:
    attested: true
    document: 园区管委会设立文件
events:
  - {type: recommended, date: 2024-03-10, district: jinshui}
  - {type: listed, notice: GS-2024-01}
  - {type: awarded, date: 2024-05-20, document: 郑商务〔2024〕12号}
"""


PARK_STANDARD_YAML = """\
kind: park
title: 园区创建标准(测试用)
versions:
  - effective: 2016-09-13
    document: 测试
    criteria:
      - {key: office_area, label: 办公面积, type: number, op: ">", value: 10000}
      - {key: occupancy_pct, label: 入驻率, type: number, op: ">", value: 50}
      - {key: management_body, label: 管理机构, type: attestation}
"""
ENTERPRISE_STANDARD_YAML = """\
kind: enterprise
title: 企业创建标准(测试用, 无条件)
versions:
  - {effective: 2016-09-13, document: 测试, criteria: []}
"""


def small_registry(root: Path, extra: dict[str, str | bytes] | None = None) -> Path:
    """A valid registry (districts, one notice, one unit, park/enterprise standards matching
    the fixtures' declared values) plus `extra`."""
    files: dict[str, str | bytes] = {
        "districts.yaml": DISTRICTS_YAML,
        "notices/GS-2024-01.yaml": NOTICE_YAML,
        "units/park/ZZ-PRK-0001.yaml": UNIT_YAML,
        "standards/park.yaml": PARK_STANDARD_YAML,
        "standards/enterprise.yaml": ENTERPRISE_STANDARD_YAML,
    }
    files.update(extra or {})
    return write_registry(root, files)


# ---------------------------------------------------------------------------- a small roster

HOSTILE_TEXTS = (
    "<script>alert(1)</script>",
    "{{ config }}",
    "[x](javascript:alert(1))",
    "| a | b |",
    '=HYPERLINK("http://x")',
    "]]><!-- &amp; {% raw %}",
)
"""Roster text that must come out literally everywhere and never run."""


def all_strings(value: Any) -> list[str]:
    """Every string inside a parsed JSON value (keys and values), depth first."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for k, v in value.items() for s in [k, *all_strings(v)]]
    if isinstance(value, list):
        return [s for item in value for s in all_strings(item)]
    return []


def small_roster(*, hostile: bool = False) -> Any:
    """A hand-made `Roster` covering every status, for tests of the site's data builders.

    As of 2026-11-27: ZZ-ENT-0042 awarded (plaque 42), ZZ-ENT-0050 review due, ZZ-ENT-0051
    review overdue, ZZ-EDU-0007 revoked (plaque 7 recalled), ZZ-TWN-0003 in notice
    GS-2026-02, ZZ-PRK-0001 national; figure ZZ-FIG-0001 (certificate 100). With `hostile`,
    names, a district and notice texts are the strings of `HOSTILE_TEXTS`.
    """
    import datetime as dt

    from shifan import model as m

    d = dt.date.fromisoformat
    bad = HOSTILE_TEXTS if hostile else ("", "", "", "", "", "")

    def ev(type_: Any, day: str, **kw: Any) -> m.Event:
        return m.Event(type=type_, date=d(day), **kw)

    def unit(uid: str, kind: m.Kind, level: m.Level, name: str, district: str, *events: m.Event,
             cls: m.EnterpriseClass | None = None) -> m.Unit:  # fmt: skip
        return m.Unit(
            id=m.UnitId(uid), kind=kind, level=level, name=name, enterprise_class=cls,
            credit_code=None if kind is m.Kind.TOWNSHIP else "91410100MA3X000000",
            district=m.DistrictId(district), applied_on=d("2024-01-10"), events=events,
        )  # fmt: skip

    ent, muni = m.Kind.ENTERPRISE, m.Level.MUNICIPAL
    award = ev("awarded", "2025-05-10", document="郑商务〔2025〕12号")
    units = [
        unit("ZZ-ENT-0042", ent, muni, bad[0] + "郑州某某网络科技有限公司", "jinshui", award,
             ev("plaque_issued", "2025-06-01", serial=42, kid="1", token="0123"),
             cls=m.EnterpriseClass.SERVICE),
        unit("ZZ-ENT-0050", ent, muni, bad[1] + "郑州复审将至有限公司", "erqi",
             ev("awarded", "2024-12-01", document="郑商务〔2024〕30号"),
             cls=m.EnterpriseClass.APPLICATION),
        unit("ZZ-ENT-0051", ent, muni, bad[2] + "郑州复审逾期有限公司", "erqi",
             ev("awarded", "2024-01-05", document="郑商务〔2024〕2号"),
             cls=m.EnterpriseClass.PLATFORM_CONSUMER),
        unit("ZZ-EDU-0007", m.Kind.TRAINING_BASE, muni, bad[3] + "郑州某某培训学校", "jinshui",
             ev("awarded", "2023-04-01", document="郑商务〔2023〕5号"),
             ev("plaque_issued", "2023-05-01", serial=7, kid="1", token="0456"),
             ev("revoked", "2025-03-01", reason="falsified", document="郑商务〔2025〕9号"),
             ev("plaque_voided", "2025-03-02", serial=7, reason="recalled")),
        unit("ZZ-TWN-0003", m.Kind.TOWNSHIP, muni, bad[4] + "某某镇人民政府", "xinzheng",
             ev("recommended", "2026-10-01", district=m.DistrictId("xinzheng")),
             m.Event(type="listed", notice=m.NoticeId("GS-2026-02"))),
        unit("ZZ-PRK-0001", m.Kind.PARK, m.Level.NATIONAL, "郑州国家电子商务示范基地",
             "zhengdong", ev("awarded", "2019-01-01", document="商电函〔2019〕1号", by="商务部")),
    ]  # fmt: skip
    figure = m.Figure(
        id=m.FigureId("ZZ-FIG-0001"), name=bad[5] + "张某某",
        affiliation_unit=m.UnitId("ZZ-ENT-0042"),
        field_of_work="跨境电商", year=2025, citation=bad[0] + "带动就业",
        events=(ev("awarded", "2025-06-01", document="郑商务〔2025〕20号"),
                ev("plaque_issued", "2025-06-10", serial=100, kid="1", token="0789",
                   form=m.PlaqueForm.CERTIFICATE)),
    )  # fmt: skip
    channel = m.Channel(department="市商务局电子商务处", phone="0371-00000000")
    notices = [
        m.Notice(
            id=m.NoticeId("GS-2025-01"), title="2025年市级电子商务示范企业公示",
            published=d("2025-04-22"), ends=d("2025-04-28"), channel=channel,
            entries=(m.NoticeEntry(unit=m.UnitId("ZZ-ENT-0042"), achievements="业绩"),),
            decision=m.Decision(date=d("2025-05-10"), document="郑商务〔2025〕12号"),
        ),
        m.Notice(
            id=m.NoticeId("GS-2026-02"), title=bad[0] + "2026年示范乡镇公示",
            published=d("2026-11-20"), ends=d("2026-12-04"), channel=channel,
            entries=(m.NoticeEntry(unit=m.UnitId("ZZ-TWN-0003"), achievements=bad[3] + "业绩"),),
        ),
    ]  # fmt: skip
    districts = [
        m.District(id=m.DistrictId("jinshui"), name=bad[0] + "金水区",
                   type=m.DistrictType.DISTRICT),
        m.District(id=m.DistrictId("erqi"), name="二七区", type=m.DistrictType.DISTRICT),
        m.District(id=m.DistrictId("xinzheng"), name="新郑市", type=m.DistrictType.COUNTY_CITY),
        m.District(id=m.DistrictId("zhengdong"), name="郑东新区", type=m.DistrictType.ZONE),
    ]  # fmt: skip
    targets = m.TargetSet(
        year=2020, document="郑政办〔2016〕54号 二、工作目标",
        items=(
            m.TargetItem(level=m.Level.NATIONAL, kinds=(m.Kind.PARK, m.Kind.TRAINING_BASE),
                         label="国家电子商务示范基地", count=3),
            m.TargetItem(level=muni, kinds=(ent,), label="市级电子商务示范企业", count=100),
            m.TargetItem(level=muni, kinds=(m.Kind.TRAINING_BASE,), label="市级人才培训示范基地",
                         count=20),
        ),
    )  # fmt: skip
    return m.Roster(
        units={u.id: u for u in units},
        figures={figure.id: figure},
        notices={n.id: n for n in notices},
        districts={x.id: x for x in sorted(districts, key=lambda x: x.id)},
        targets=(targets,),
        standards={},
        calendar={},
    )


# ---------------------------------------------------------------------------- plaque tokens


def plaque_digits(
    *,
    subject: str = "ZZ-ENT-0042",
    serial: int = 42,
    kind: str = "enterprise",
    level: str = "municipal",
    form: str = "plaque",
    enterprise_class: str | None = "service",
    signature: bytes = bytes(range(64)),
) -> str:
    """A well-formed token in decimal form with a fixed (unverifiable) signature."""
    import datetime as dt

    from shifan.model import EnterpriseClass, Level, PlaqueForm
    from shifan.signing import token

    payload = token.encode_payload(
        form=PlaqueForm(form),
        kid=1,
        serial=serial,
        kind=kind,
        enterprise_class=EnterpriseClass(enterprise_class) if enterprise_class else None,
        level=Level(level),
        awarded=dt.date(2024, 5, 20),
        valid_until=dt.date(2026, 5, 20) if kind != "figure" else None,
        subject=subject,
    )
    return token.to_digits(payload + signature)


# ---------------------------------------------------------------------------- site fixtures

SITE_TODAY = "2026-11-27"

HOSTILE_NAMES = {
    "ZZ-ENT-9901": "<script>alert(1)</script>",
    "ZZ-ENT-9902": "{{ config }}",
    "ZZ-ENT-9903": "[x](javascript:alert(1))",
    "ZZ-ENT-9904": "| a | b |",
}
_HOSTILE_CODES = (
    "91410100MA40000D4D",
    "91410100MA40000E5H",
    "91410100MA40000F6M",
    "91410100MA40000G7R",
)


REVOKED_HOSTILE = "ZZ-ENT-9904"
REVOKED_EVENT = (
    "  - {type: revoked, date: 2026-06-01, reason: illegal, document: 郑商务〔2026〕5号}\n"
)


def _yaml_str(text: str) -> str:
    """A YAML double-quoted scalar (JSON strings are valid YAML)."""
    import json

    return json.dumps(text, ensure_ascii=False)


def add_hostile_units(registry: Path) -> None:
    """Add provincial enterprises whose names and texts are hostile markup/template syntax."""
    folder = registry / "units" / "enterprise"
    folder.mkdir(parents=True, exist_ok=True)
    for (unit_id, name), code in zip(HOSTILE_NAMES.items(), _HOSTILE_CODES, strict=True):
        (folder / f"{unit_id}.yaml").write_text(
            f"id: {unit_id}\n"
            "kind: enterprise\n"
            "enterprise_class: application\n"
            "level: provincial\n"
            f"name: {_yaml_str(name)}\n"
            f"credit_code: {code}\n"
            "district: jinshui\n"
            f"address: {_yaml_str(name)}\n"
            "website: javascript:alert(1)\n"
            "applied_on: 2026-01-05\n"
            f"achievements: {_yaml_str(name)}\n"
            "events:\n"
            "  - {type: awarded, date: 2026-03-02, document: 豫商电商〔2026〕1号,"
            " by: 河南省商务厅}\n" + (REVOKED_EVENT if unit_id == REVOKED_HOSTILE else ""),
            encoding="utf-8",
        )


HOSTILE_TEXT = {
    "district": "<img src=x onerror=alert(2)>",
    "notice": "<script>alert(3)</script>{{ config.site_name }}",
}
"""Hostile text put before a district's name and the latest notice's title."""


def add_hostile_texts(registry: Path) -> None:
    """Prefix the name of district `jinshui` and the title of the latest notice with
    `HOSTILE_TEXT` (the roster stays valid)."""
    import json
    import re

    districts = registry / "districts.yaml"
    text, count = re.subn(
        r"(\{id: jinshui, name: )([^,]+),",
        lambda m: m[1] + json.dumps(HOSTILE_TEXT["district"] + m[2], ensure_ascii=False) + ",",
        districts.read_text(encoding="utf-8"),
    )
    assert count == 1, "districts.yaml has no `{id: jinshui, name: …,` line"
    districts.write_text(text, encoding="utf-8")
    notice = sorted((registry / "notices").glob("*.yaml"))[-1]
    text, count = re.subn(
        r"^title: (.*)$",
        lambda m: "title: " + json.dumps(HOSTILE_TEXT["notice"] + m[1], ensure_ascii=False),
        notice.read_text(encoding="utf-8"),
        count=1,
        flags=re.MULTILINE,
    )
    assert count == 1, f"{notice} has no `title:` line"
    notice.write_text(text, encoding="utf-8")


def site_registry_copy(dest: Path) -> Path:
    """A copy of the demo roster and its keys under `dest`, with the hostile units added;
    returns the registry folder."""
    import shutil

    registry = dest / "registry"
    shutil.copytree(REPO / "registry", registry, ignore=shutil.ignore_patterns("README.md"))
    if (REPO / "keys").is_dir():
        shutil.copytree(REPO / "keys", dest / "keys")
    add_hostile_units(registry)
    add_hostile_texts(registry)
    return registry


# ---------------------------------------------------------------------------- built-site pages


def site_page_paths(site: Path) -> dict[str, str]:
    """One URL path per kind of page of a built site (`""` is home), for browser tests."""

    def first(folder: str, prefix: str = "") -> str:
        found = sorted(
            p.parent.name
            for p in (site / folder).glob("*/index.html")
            if p.parent.name.startswith(prefix)
        )
        assert found, f"no page under {site / folder}"
        return f"{folder}/{found[0]}/"

    return {
        "home": "",
        "list": first("lists"),
        "district": first("districts"),
        "unit": first("units", "ZZ-ENT-"),
        "figure": first("figures"),
        "notice": first("notices"),
        "notices": "notices/",
        "revocations": "revocations/",
        "statistics": "stats/",
        "standards": "standards/",
        "404": "404.html",
        "downloads": "downloads/",
    }


def site_page_kinds(site: Path) -> dict[str, str]:
    """One URL path per kind of page, found in a built site (so a new kind is never missed).

    A page written from a Markdown file of `site_src/` (a guide, the about page) is a kind of
    its own, as is every page one folder deep (`stats/`, `keys/`, a listing's `index.html`);
    pages the generator writes per record (`units/ZZ-ENT-0001/`) are one kind per folder and
    id prefix (`units/ZZ-ENT`), so the first of each is taken."""
    import re

    sources = {
        p.relative_to(REPO / "site_src").with_suffix("") for p in (REPO / "site_src").rglob("*.md")
    }
    kinds: dict[str, str] = {}
    for page in sorted(site.rglob("*.html")):
        rel = page.relative_to(site)
        url = "" if rel.as_posix() == "index.html" else rel.as_posix().removesuffix("index.html")
        folder = rel.parent
        if len(rel.parts) <= 2 or folder in sources:
            kind = url or "home"
        else:
            prefix = re.sub(r"-?[0-9][0-9-]*$", "", folder.name)
            if prefix in ("", folder.name):  # `annual/2026`, `districts/jinshui`
                prefix = "*"
            kind = f"{folder.parent.as_posix()}/{prefix}"
        kinds.setdefault(kind, url)
    return kinds


# ---------------------------------------------------------------------------- browser helpers


def tampered_token(site: Path) -> str:
    """A real plaque's token with the last digit of its signature changed."""
    plaque = sorted((site / "api" / "plaques").glob("*.json"))[0]
    digits = str(json.loads(plaque.read_text(encoding="utf-8"))["token"])
    last = int(digits[-1])
    return digits[:-1] + str(last + 1 if last < 9 else last - 1)


def valid_token(site: Path) -> str:
    for file in sorted((site / "api" / "plaques").glob("*.json")):
        doc = json.loads(file.read_text(encoding="utf-8"))
        unit = json.loads((site / "api" / "units" / f"{doc['subject']}.json").read_text("utf-8"))
        active = {p["serial"] for p in unit.get("plaques", []) if p["status"] == "active"}
        if unit["status"] == "awarded" and doc["serial"] in active:
            return str(doc["token"])
    raise AssertionError("the demo site has no active plaque of an awarded unit")


def search_site(page: Any, query: str) -> list[str]:
    """Type `query` into Material's search box; the result links (search runs on keyup)."""
    page.keyboard.press("s")
    box = page.locator("input.md-search__input")
    box.click()
    box.fill(query)
    page.keyboard.type(" ")
    page.wait_for_function(
        "document.querySelectorAll('.md-search-result__item').length > 0", timeout=15000
    )
    links = page.locator(".md-search-result__item > a")
    return [links.nth(i).get_attribute("href") or "" for i in range(links.count())]


def assessed(roster: Any, today: Any, keys: Any = ()) -> Any:
    """The assessment of an in-memory roster (no files read), as the build makes it."""
    from shifan.assessment import judge

    return judge(roster, keys, today)


def assert_child_leaves_with_parent(tmp_path: Path, script: str) -> None:
    """Run `script`, which starts a child calling `note_pid()` (defined here: the child writes
    its pid down, then works on for a minute); kill the parent, and assert the child leaves
    too (as when a CI time limit kills the parent)."""
    import os
    import subprocess
    import sys
    import time

    pid_file = tmp_path / "child"
    script = (
        "import os, time\n"
        "def note_pid(*_):\n"
        f"    open({str(pid_file)!r}, 'w').write(str(os.getpid()))\n"
        "    time.sleep(60)\n"
    ) + script
    parent = subprocess.Popen([sys.executable, "-c", script])
    deadline = time.monotonic() + 30
    while not (pid_file.is_file() and pid_file.read_text()) and time.monotonic() < deadline:
        time.sleep(0.05)
    child = int(pid_file.read_text())
    parent.kill()
    parent.wait()
    while time.monotonic() < deadline:
        try:  # gone, or a zombie waiting for whoever adopted it to reap it
            if Path(f"/proc/{child}/stat").read_text().split(") ")[1].startswith("Z"):
                return
        except FileNotFoundError:
            return
        time.sleep(0.05)
    os.kill(child, 9)
    raise AssertionError("the child kept running after its parent was killed")
