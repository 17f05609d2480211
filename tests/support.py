"""Helpers shared by tests (importable as `support`): paths and a localhost static server."""

from __future__ import annotations

import functools
import http.server
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


def small_registry(root: Path, extra: dict[str, str | bytes] | None = None) -> Path:
    """A valid three-file registry (one district list, one notice, one unit) plus `extra`."""
    files: dict[str, str | bytes] = {
        "districts.yaml": DISTRICTS_YAML,
        "notices/GS-2024-01.yaml": NOTICE_YAML,
        "units/park/ZZ-PRK-0001.yaml": UNIT_YAML,
    }
    files.update(extra or {})
    return write_registry(root, files)


# ---------------------------------------------------------------------------- site fixtures

SITE_TODAY = "2026-11-27"
SITE_FIXTURE_REGISTRY = REPO / "tests" / "site" / "registry"

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


def site_registry_copy(dest: Path) -> Path:
    """A copy of the demo roster (or, before it exists, the small site fixture roster) and
    its keys under `dest`, with the hostile units added; returns the registry folder."""
    import shutil

    demo = REPO / "registry"
    source = demo if (demo / "units").is_dir() else SITE_FIXTURE_REGISTRY
    registry = dest / "registry"
    shutil.copytree(source, registry, ignore=shutil.ignore_patterns("README.md"))
    if source == demo and (REPO / "keys").is_dir():
        shutil.copytree(REPO / "keys", dest / "keys")
    add_hostile_units(registry)
    return registry
