"""The comparison at the heart of `shifan audit`, and its reports. Pure: no I/O.

Both sides are maps from a site path (POSIX, relative) to a digest of its *comparable*
bytes. Every file is compared byte for byte, except the signed log checkpoint: CI signs it
with a key the auditor does not have, so it is compared without its signature lines (the
signature itself is checked by `shifan log verify`), and the manifest's entry for it is
left out of the manifest's comparison for the same reason.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass

from shifan.report import printable
from shifan.site.encode import json_text
from shifan.site.manifest import MANIFEST

SIGNED = frozenset({"log/checkpoint"})  # C2SP signed notes: text, blank line, "— " signatures
_SIGNATURE_START = "— ".encode()


def unsigned_note(data: bytes) -> bytes:
    """A signed note without its signature lines: the note text, ending in one newline."""
    text, blank, rest = data.partition(b"\n\n")
    if not blank:
        return data
    kept = [
        line for line in rest.splitlines(keepends=True) if not line.startswith(_SIGNATURE_START)
    ]
    return text + b"\n" + b"".join(kept)


def _manifest_without_signed(data: bytes) -> bytes:
    try:
        manifest = json.loads(data)
        files = manifest["files"]
        for path in SIGNED:
            files.pop(path, None)
    except (ValueError, TypeError, KeyError, AttributeError):
        return data  # not a manifest we can read: compared as it is
    return json_text(manifest).encode("utf-8")


def comparable(path: str, data: bytes) -> bytes:
    """The bytes of `path` that must be identical on both sides."""
    if path in SIGNED:
        return unsigned_note(data)
    if path == MANIFEST:
        return _manifest_without_signed(data)
    return data


def digest(path: str, data: bytes) -> str:
    return hashlib.sha256(comparable(path, data)).hexdigest()


@dataclass(frozen=True)
class Differences:
    changed: tuple[str, ...]  # on both sides, different content
    missing: tuple[str, ...]  # in the rebuild, not on the published site
    extra: tuple[str, ...]  # on the published site, not in the rebuild

    @property
    def identical(self) -> bool:
        return not (self.changed or self.missing or self.extra)

    @property
    def count(self) -> int:
        return len(self.changed) + len(self.missing) + len(self.extra)


def compare(published: Mapping[str, str], rebuilt: Mapping[str, str]) -> Differences:
    """Every path both ways; each list sorted."""
    return Differences(
        changed=tuple(
            sorted(p for p in published.keys() & rebuilt.keys() if published[p] != rebuilt[p])
        ),
        missing=tuple(sorted(rebuilt.keys() - published.keys())),
        extra=tuple(sorted(published.keys() - rebuilt.keys())),
    )


@dataclass(frozen=True)
class Audit:
    """What was compared: the site, the commit, and the date and address it was built for."""

    site: str
    commit: str
    as_of: str
    site_url: str
    files: int  # files of the rebuild
    differences: Differences


_SECTIONS = (
    ("changed", "内容不同 (changed)", "网站上的文件与重新生成的不同"),
    ("missing", "网站缺少 (missing)", "重新生成有、网站上没有"),
    ("extra", "网站多出 (extra)", "网站上有、重新生成没有"),
)


def format_text(audit: Audit) -> str:
    d = audit.differences
    head = (
        f"审计 {printable(audit.site)}\n"
        f"  提交 {audit.commit}，数据日期 {audit.as_of}，网址 {printable(audit.site_url)}\n"
    )
    if d.identical:
        return head + f"一致：网站的 {audit.files} 个文件与该提交重新生成的结果完全相同。\n"
    lines = [head + f"不一致：{d.count} 个文件与该提交重新生成的结果不同。"]
    for name, title, meaning in _SECTIONS:
        paths: tuple[str, ...] = getattr(d, name)
        if paths:
            lines.append(f"{title}：{len(paths)} 个，{meaning}")
            lines += [f"  {printable(p)}" for p in paths]
    lines.append(
        "说明：log/checkpoint 的签名行不参与比较（签名由 `shifan log verify` 核验）；"
        "网站若由其他版本的 shifan 生成，请用相同版本重新审计。"
    )
    return "\n".join(lines) + "\n"


def format_json(audit: Audit) -> str:
    d = audit.differences
    return (
        json_text(
            {
                "site": audit.site,
                "commit": audit.commit,
                "as_of": audit.as_of,
                "site_url": audit.site_url,
                "files": audit.files,
                "identical": d.identical,
                "changed": list(d.changed),
                "missing": list(d.missing),
                "extra": list(d.extra),
            },
            indent=2,
        )
        + "\n"
    )
