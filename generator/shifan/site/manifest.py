"""`manifest.json`: every file of a built site with its SHA-256, the as-of date and address.

Written last into every site `shifan build` makes, so anyone can fetch a published site file
by file and compare it with their own rebuild (`shifan audit`): the manifest says which files
there are (a static host lists no folders), which `--today` and `--site-url` the site was
built with, and by which shifan. It is deterministic like the rest of the build.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
from collections.abc import Mapping
from pathlib import Path

from shifan import __version__
from shifan.outdir import MARKER
from shifan.site.encode import json_bytes

MANIFEST = "manifest.json"
FORMAT = "shifan-site-manifest/1"
NOT_LISTED = frozenset({MANIFEST, MARKER})  # the manifest itself; the build folder's marker


def manifest_bytes(digests: Mapping[str, str], *, as_of: dt.date, site_url: str) -> bytes:
    """The manifest of a site whose files (POSIX paths) have these SHA-256 hex digests."""
    return json_bytes(
        {
            "format": FORMAT,
            "generator": f"shifan {__version__}",
            "as_of": as_of.isoformat(),
            "site_url": site_url,
            "files": dict(sorted(digests.items())),
        },
        indent=1,
    )


def site_digests(site_dir: Path, known: Mapping[str, str] | None = None) -> dict[str, str]:
    """SHA-256 of every file under `site_dir` but the manifest and the marker, by path.

    `known` holds the digests of files the build hashed as it wrote them, with nothing
    written over them since (the unit pages and the static files: most of a big site's
    bytes); every other file is read and hashed here. A walk with plain strings: at 200,000
    files, `Path.rglob` and sorting `Path`s cost more than reading and hashing every byte."""
    root = os.fspath(site_dir)
    known = known or {}
    digests: dict[str, str] = {}
    for folder, _, names in os.walk(root):
        prefix = os.path.relpath(folder, root).replace(os.sep, "/")
        prefix = "" if prefix == "." else prefix + "/"
        for name in names:
            rel = prefix + name
            if rel in NOT_LISTED:
                continue
            digest = known.get(rel)
            if digest is not None:
                digests[rel] = digest
                continue
            path = os.path.join(folder, name)
            if os.path.isfile(path):
                digests[rel] = file_digest(path)
    return dict(sorted(digests.items()))


def file_digest(path: str) -> str:
    """The SHA-256 of a file, hex."""
    with open(path, "rb") as file:  # not `hashlib.file_digest`: 256 KiB zeroed a call
        return hashlib.sha256(file.read()).hexdigest()


def write_manifest(
    site_dir: Path, *, as_of: dt.date, site_url: str, known: Mapping[str, str] | None = None
) -> None:
    digests = site_digests(site_dir, known)
    (site_dir / MANIFEST).write_bytes(manifest_bytes(digests, as_of=as_of, site_url=site_url))
