"""The scan that makes `shifan check` fail (S801) when private key material is in the repository.

Which files: in a git work tree, every tracked file and every untracked file that is not
ignored (what `git add -A` would commit); elsewhere, every file under the folder. No folder
and no size is exempt; symbolic links are never followed and only regular files are read.
Large files are read in chunks that overlap, so a marker across a chunk boundary is found.

What counts as a private key (docs/security.md, Keys, says the same for readers):

- a PEM block whose BEGIN line names a PRIVATE KEY (EC, RSA, DSA, OPENSSH, ENCRYPTED, PKCS#8,
  PGP …), or a PuTTY key file header;
- a JWK with a private `d` member: JSON (`"d": "…"`), or YAML/unquoted (`d: …`) in a file
  that also has `kty`; `\\u0064`-style escapes of ASCII are decoded before matching;
- a DER private key (PKCS#8, encrypted PKCS#8, SEC1 EC, PKCS#1 RSA, DSA) anywhere in a file,
  at any offset, raw or as a bare base64 run: found by its ASN.1 shape and confirmed by
  loading it (`shifan.signing.crypto`);
- a PKCS#12 (.p12/.pfx) bundle, by its shape: a SEQUENCE with version 3 and pkcs7-data.
"""

from __future__ import annotations

import base64
import binascii
import itertools
import os
import re
import stat
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from shifan.errors import Problem
from shifan.model import Loc
from shifan.signing.crypto import is_der_private_key

CHUNK = 1 << 20
OVERLAP = 1 << 16  # longer than any marker, escape run or DER key the scan confirms
GIT_TIMEOUT = 60

_PEM_PRIVATE = re.compile(
    rb"-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----|PuTTY-User-Key-File-[0-9]+:"
)
_JWK_D = re.compile(rb'"d"\s*:\s*"[A-Za-z0-9_-]{20,}')
_JWK_D_LOOSE = re.compile(rb"d['\"]?[ \t]*:[ \t]*['\"]?[A-Za-z0-9_-]{20,}")
_WORD = frozenset(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_$.-")
_B64_CHARS = frozenset(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/")
_ESCAPE = re.compile(rb"\\(?:u00|x|U000000)([0-7][0-9A-Fa-f])")
# A DER length of at most 65535 bytes: short form, or long form with one or two bytes.
_LEN_FORMS = rb"[\x01-\x7f]|\x81[\x80-\xff]|\x82[\x01-\xff][\x00-\xff]"
_LEN = rb"(?:" + _LEN_FORMS + rb")"
# PKCS#12 files are often BER: also the indefinite form and three length bytes.
_BER_LEN = rb"(?:\x80|" + _LEN_FORMS + rb"|\x83[\x01-\xff][\x00-\xff]{2})"
_PKCS5 = rb"\x06\x09\x2a\x86\x48\x86\xf7\x0d\x01\x05"  # PBES1/PBES2 (encrypted PKCS#8)
_PKCS12_PBE = rb"\x06\x0a\x2a\x86\x48\x86\xf7\x0d\x01\x0c\x01"
# Zero-width after the first byte, so overlapping candidates are all tried.
_DER_KEY = re.compile(
    rb"\x30(?=" + _LEN + rb"(?:\x02\x01[\x00\x01][\x30\x02\x04]|\x30" + _LEN
    + rb"(?:" + _PKCS5 + rb"|" + _PKCS12_PBE + rb")))",
    re.DOTALL,
)  # fmt: skip
_PKCS7_DATA = rb"\x06\x09\x2a\x86\x48\x86\xf7\x0d\x01\x07\x01"
_PKCS12 = re.compile(rb"\x30" + _BER_LEN + rb"\x02\x01\x03\x30" + _BER_LEN + _PKCS7_DATA, re.DOTALL)
# A bare base64 run that starts like a DER SEQUENCE ("M"), possibly wrapped in lines.
_B64_DER = re.compile(rb"M[A-Za-z0-9+/]{40,}(?:\r?\n[A-Za-z0-9+/]+)*")

PEM = "a PEM private key block"
JWK = 'a JWK with a private "d" member'
DER = "a DER-encoded private key (PKCS#8, SEC1, PKCS#1 or DSA)"
BASE64_DER = "a base64-encoded DER private key"
PKCS12 = "a PKCS#12 (.p12/.pfx) key bundle"


@dataclass
class _FileState:
    """What one file showed so far, across its chunks."""

    kty: bool = False
    loose_d: bool = False


def _der_length(data: bytes, start: int) -> int | None:
    """The total size of the DER element at `start` (tag, length, content), or None."""
    first = data[start + 1 : start + 2]
    if not first:
        return None
    n = first[0]
    if n < 0x80:
        return 2 + n
    count = n & 0x7F
    if count == 0 or count > 2 or start + 2 + count > len(data):
        return None
    return 2 + count + int.from_bytes(data[start + 2 : start + 2 + count], "big")


def _der_key_in(data: bytes) -> bool:
    """Whether a complete DER private key starts somewhere in `data` (incomplete ones wait)."""
    for match in _DER_KEY.finditer(data):
        start = match.start()
        size = _der_length(data, start)
        if size is None or size > OVERLAP or start + size > len(data):
            continue
        if is_der_private_key(data[start : start + size]):
            return True
    return False


def _starts_word(data: bytes, start: int, word: frozenset[int]) -> bool:
    """Whether `start` is not preceded by a character of `word` (a quote may sit between)."""
    before = start - 1
    if before >= 0 and data[before] in b"'\"":
        before -= 1
    return before < 0 or data[before] not in word


def _loose_jwk_d(text: bytes) -> bool:
    """A `d: value` member, unquoted or quoted, as YAML or a JavaScript object writes it."""
    if _JWK_D_LOOSE.search(text) is None:  # the common case, without a generator
        return False
    return any(_starts_word(text, m.start(), _WORD) for m in _JWK_D_LOOSE.finditer(text))


def _base64_der_key_in(data: bytes) -> bool:
    for match in _B64_DER.finditer(data):
        if match.start() > 0 and data[match.start() - 1] in _B64_CHARS:
            continue  # inside a longer base64 run, not at the start of one
        text = re.sub(rb"\s+", b"", match.group())[: OVERLAP * 4 // 3]
        text = text[: len(text) - len(text) % 4]
        try:
            decoded = base64.b64decode(text, validate=True)
        except (binascii.Error, ValueError):
            continue
        if _DER_KEY.match(decoded) and _der_key_in(decoded):
            return True
    return False


def _unescape(data: bytes) -> bytes:
    r"""ASCII written as `\u0064`, `\x64` or `\U00000064` (JSON, YAML, Python) as plain bytes."""
    return _ESCAPE.sub(lambda m: bytes([int(m.group(1), 16)]), data)


def window_reason(data: bytes, state: _FileState) -> str | None:
    """Why this stretch of a file is private key material, or None (updating `state`)."""
    if (b"PRIVATE KEY" in data or b"PuTTY" in data) and _PEM_PRIVATE.search(data):
        return PEM
    text = _unescape(data) if b"\\" in data else data
    if b'"d"' in text and _JWK_D.search(text):
        return JWK
    state.kty = state.kty or b"kty" in text
    state.loose_d = state.loose_d or _loose_jwk_d(text)
    if state.kty and state.loose_d:
        return JWK
    if b"\x02\x01" in data or b"\x06" in data:  # every DER key and PKCS#12 shape has one
        if _PKCS12.search(data):
            return PKCS12
        if _der_key_in(data):
            return DER
    if _base64_der_key_in(data):
        return BASE64_DER
    return None


_ANY_SIGN = re.compile(rb'PRIVATE KEY|PuTTY|\\|"d"|kty|\x02\x01|\x06|M[A-Za-z0-9+/]{40}', re.DOTALL)
"""Something each form of key needs in a file read in one window (a PEM or PuTTY marker, an
escape, a JSON `"d"`, a JWK's `kty`, a DER version or PBE identifier, a base64 DER start):
a file without any of them is not searched form by form."""


def _whole_reason(data: bytes) -> str | None:
    """`window_reason` of a whole file of at most CHUNK bytes (one window, fresh state)."""
    if _ANY_SIGN.search(data) is None:
        return None
    return window_reason(data, _FileState())


def private_key_reason(data: bytes) -> str | None:
    """Why `data` (a whole file's bytes) looks like private key material, or None."""
    if len(data) <= CHUNK:
        return _whole_reason(data)
    return _stream_reason(iter([data[i : i + CHUNK] for i in range(0, len(data), CHUNK)]))


def _stream_reason(chunks: Iterator[bytes]) -> str | None:
    state = _FileState()
    tail = b""
    for chunk in chunks:
        window = tail + chunk
        reason = window_reason(window, state)
        if reason is not None:
            return reason
        tail = window[-OVERLAP:]
    return None


def _chunks(fd: int) -> Iterator[bytes]:
    while chunk := os.read(fd, CHUNK):
        yield chunk


def file_reason(path: Path | str) -> str | None:
    """Why the regular file at `path` holds private key material; None for anything else.

    Symbolic links are not followed (the last component is opened with O_NOFOLLOW; callers
    give paths found without following links); FIFOs, devices and sockets are not read.
    """
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    try:
        fd = os.open(path, flags)
    except OSError:
        return None
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return None
        first = os.read(fd, CHUNK)
        second = os.read(fd, CHUNK) if first else b""
        if not second:  # the whole file in one read: one window
            return _whole_reason(first) if first else None
        return _stream_reason(itertools.chain((first, second), _chunks(fd)))
    except OSError:
        return None
    finally:
        os.close(fd)


def _git_paths(root: Path) -> list[str] | None:
    """Tracked plus untracked-not-ignored paths under `root`, or None when git cannot tell."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    base = ["git", "-c", "core.fsmonitor=false", "-C", str(root), "ls-files", "-z"]
    paths: list[str] = []
    for extra in ([], ["--others", "--exclude-standard"]):
        try:
            done = subprocess.run(
                [*base, *extra], capture_output=True, env=env, timeout=GIT_TIMEOUT, check=False
            )
        except (OSError, subprocess.SubprocessError):
            return None
        if done.returncode != 0:
            return None
        paths.extend(os.fsdecode(p) for p in done.stdout.split(b"\0") if p)
    return paths


def _walk(root: Path, folder: Path) -> Iterator[str]:
    """Every file under `folder`, relative to `root`, without following links."""
    for dirpath, dirnames, filenames in os.walk(folder):
        dirnames.sort()
        prefix = Path(dirpath).relative_to(root).as_posix()  # once per folder, not per file
        for name in sorted(filenames):
            yield name if prefix == "." else f"{prefix}/{name}"


def _is_real_dir(path: str) -> bool:
    """A folder, not a link to one (what `is_dir() and not is_symlink()` says, one lstat)."""
    try:
        return stat.S_ISDIR(os.lstat(path).st_mode)
    except OSError:
        return False


def repository_files(root: Path) -> list[str]:
    """The files the scan reads, relative to `root`, sorted."""
    listed = _git_paths(root)
    if listed is None:
        return sorted(_walk(root, root))
    files: set[str] = set()
    base = str(root)
    for rel in listed:
        if rel.endswith("/") or _is_real_dir(os.path.join(base, rel)):
            files.update(_walk(root, root / rel))  # an untracked nested repository
        else:
            files.add(rel)
    return sorted(files)


def scan_for_private_keys(repo_root: Path) -> list[Problem]:
    """An S801 problem for every file under `repo_root` that holds a private key."""
    problems: list[Problem] = []
    base = str(repo_root)
    for rel in repository_files(repo_root):
        reason = file_reason(os.path.join(base, rel))
        if reason is not None:
            problems.append(
                Problem(
                    code="S801",
                    loc=Loc(rel),
                    message=f"private key material in the repository: {reason}",
                    hint="delete it (and purge it from git history); if it was a real signing "
                    "key, treat it as compromised: mark the key compromised in keys/ and "
                    "re-issue plaques with a new key",
                    message_zh=f"仓库中有私钥：{reason}",
                    hint_zh="删掉它（并从 git 历史中清除）；如果它是真正的签名私钥，就当作已泄露："
                    "在 keys/ 中把该密钥标记为 compromised，并用新密钥重新发放牌匾",
                )
            )
    return problems
