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

    from shifan import token
    from shifan.model import EnterpriseClass, Level, PlaqueForm

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
