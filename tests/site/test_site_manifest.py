"""The manifest's digests: the files' own, read here unless the build hashed them as it
wrote them."""

from __future__ import annotations

import hashlib
from pathlib import Path

from shifan.site.manifest import site_digests


def test_known_digests_are_taken_and_every_other_file_is_read(tmp_path: Path) -> None:
    (tmp_path / "units" / "a").mkdir(parents=True)
    (tmp_path / "units" / "a" / "index.html").write_bytes(b"<p>a</p>")
    (tmp_path / "index.html").write_bytes(b"<p>home</p>")
    (tmp_path / "manifest.json").write_bytes(b"{}")  # never listed
    known = {"units/a/index.html": "0" * 64, "gone.json": "1" * 64}
    assert site_digests(tmp_path, known) == {
        "index.html": hashlib.sha256(b"<p>home</p>").hexdigest(),
        "units/a/index.html": "0" * 64,  # as the build hashed it: not read again
    }
    assert site_digests(tmp_path) == {
        "index.html": hashlib.sha256(b"<p>home</p>").hexdigest(),
        "units/a/index.html": hashlib.sha256(b"<p>a</p>").hexdigest(),
    }
