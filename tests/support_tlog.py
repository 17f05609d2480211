"""The public log's test helpers: the site files a build writes for the log."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from shifan.assessment import assess
from shifan.signing.crypto import SigningKey
from shifan.site.api import api_files
from shifan.tlog.publish import site_files

TODAY = "2026-12-01"


def publish(repo: Path, out: Path, signer: SigningKey | None = None) -> Path:
    """What a build writes for the log: the status documents and log/ (MkDocs not needed)."""
    a = assess(repo / "registry", None, dt.date.fromisoformat(TODAY))
    assert a.ok, a.errors
    assert a.log is not None
    for rel, data in {**api_files(a, site_url="/"), **site_files(a.log, signer)}.items():
        path = out / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    return out
