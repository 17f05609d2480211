"""A published site to audit, read from a folder or fetched from its address.

A folder is read whole (every file but the build folder's marker). A static host lists no
folders, so from a URL the site's `manifest.json` is fetched first and then every file it
lists; a listed file the host does not serve counts as missing from the site.
"""

from __future__ import annotations

import http.client
import json
import urllib.error
import urllib.request
from collections.abc import Callable, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

from shifan.audit.compare import digest
from shifan.errors import ShifanError, UsageError
from shifan.outdir import MARKER
from shifan.site.manifest import MANIFEST
from shifan.urls import check_site_url

_TIMEOUT = 30.0
_MAX_BYTES = 64 * 1024 * 1024  # no page of a site comes near this


def safe_path(path: object) -> bool:
    """A relative POSIX path inside the site: no `.`/`..`/empty segment, no `\\`, `?`, `#`
    or control character."""
    if not isinstance(path, str) or not path.isprintable() or any(c in path for c in "\\?#"):
        return False
    return all(part not in ("", ".", "..") for part in path.split("/"))


@dataclass(frozen=True)
class Site:
    """The published side: comparable digests by path, and the manifest when there is one."""

    digests: Mapping[str, str]
    manifest: Mapping[str, object] | None = field(default=None)


def is_url(source: str) -> bool:
    return source.startswith(("http://", "https://"))


def read_folder(folder: Path) -> Site:
    if not folder.is_dir():
        raise UsageError(
            f"没有这个网站文件夹: {folder} (no such site folder)",
            hint="给出已发布网站的文件夹或网址, 例如 --site site/ 或 --site https://…/",
        )
    digests = {}
    for path in sorted(folder.rglob("*")):
        rel = path.relative_to(folder).as_posix()
        if path.is_file() and rel != MARKER:
            digests[rel] = digest(rel, path.read_bytes())
    if not digests:
        raise UsageError(f"网站文件夹是空的: {folder} (empty site folder)")
    manifest_file = folder / MANIFEST
    manifest = (
        _parse_manifest(manifest_file.read_bytes(), str(manifest_file))
        if (manifest_file.is_file())
        else None
    )
    return Site(digests, manifest)


def _parse_manifest(data: bytes, where: str) -> dict[str, object]:
    try:
        manifest = json.loads(data)
    except ValueError:
        manifest = None
    if not isinstance(manifest, dict) or not isinstance(manifest.get("files"), dict):
        raise ShifanError(f"{where} 不是 shifan 网站清单 (not a shifan site manifest)")
    return manifest


Fetch = Callable[[str], bytes | None]


def http_fetch(url: str) -> bytes | None:
    """GET `url`; None when the server says 404/410; any other failure is an error."""
    request = urllib.request.Request(url, headers={"User-Agent": "shifan-audit"})
    try:
        with urllib.request.urlopen(request, timeout=_TIMEOUT) as response:
            data: bytes = response.read(_MAX_BYTES + 1)
    except urllib.error.HTTPError as err:
        if err.code in (404, 410):
            return None
        raise ShifanError(f"无法读取 {url}: HTTP {err.code} (fetch failed)") from None
    except (urllib.error.URLError, OSError, http.client.HTTPException) as err:
        reason = getattr(err, "reason", err)
        raise UsageError(
            f"无法连接 {url}: {reason} (cannot reach the site)",
            hint="检查网址和网络; 也可以给出网站文件夹",
        ) from None
    if len(data) > _MAX_BYTES:
        raise ShifanError(f"{url} 超过 {_MAX_BYTES} 字节 (file too large)")
    return data


def fetch_site(base_url: str, fetch: Fetch = http_fetch) -> Site:
    """The files listed by `base_url`'s manifest, fetched (8 at a time)."""
    base = base_url.rstrip("/") + "/"
    data = fetch(base + MANIFEST)
    if data is None:
        raise UsageError(
            f"{base}{MANIFEST} 不存在 (the site has no manifest)",
            hint="网站须由写出 manifest.json 的 shifan build 生成; 也可以给出网站文件夹",
        )
    manifest = _parse_manifest(data, base + MANIFEST)
    listed = manifest["files"]
    assert isinstance(listed, dict)
    for path in listed:
        if not safe_path(path):
            raise ShifanError(f"{base}{MANIFEST} 列出了不安全的路径 {path!r} (unsafe path)")
    paths = sorted(listed)
    with ThreadPoolExecutor(max_workers=8) as pool:
        bodies = list(pool.map(lambda p: fetch(base + quote(p)), paths))
    digests = {
        p: digest(p, body) for p, body in zip(paths, bodies, strict=True) if body is not None
    }
    digests[MANIFEST] = digest(MANIFEST, data)
    return Site(digests, manifest)


def read_site(source: str) -> Site:
    if is_url(source):
        return fetch_site(check_site_url(source, source="--site"))
    return read_folder(Path(source))
