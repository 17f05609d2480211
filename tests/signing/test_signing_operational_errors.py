"""Operational failures of the writing commands and of `verify`: one clear line, never a
traceback, and the record file byte-identical afterwards. CRLF record files work."""

from __future__ import annotations

import errno
import os
import resource
import struct
import subprocess
import sys
import zlib
from pathlib import Path

import pytest

from shifan.cli import main
from shifan.loader.registry import load_roster
from support import small_registry

UNIT = "ZZ-PRK-0001"
UNIT_FILE = "units/park/ZZ-PRK-0001.yaml"
ISSUE_DAY = "2024-06-01"


@pytest.fixture
def repo(tmp_path: Path) -> tuple[Path, Path]:
    """(registry, private key): a small registry with key 1, the key outside the repo."""
    root = tmp_path / "repo"
    registry = small_registry(root)
    secret = tmp_path / "secret"
    secret.mkdir()
    key = secret / "1.pem"
    args = ["keygen", "--kid", "1", "--out", str(key), "--keys", str(root / "keys"),
            "--not-before", "2024-01-01", "--today", "2024-01-01"]  # fmt: skip
    assert main(args) == 0
    return registry, key


def issue_args(registry: Path, key: Path) -> list[str]:
    return ["plaque", "issue", UNIT, "--key", str(key), "--today", ISSUE_DAY,
            "--registry", str(registry)]  # fmt: skip


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


def test_a_write_refused_by_the_os_is_one_line_and_leaves_the_record(
    repo: tuple[Path, Path],
) -> None:
    """Defect: a write error during `plaque issue` ended in a traceback.

    A real OS refusal, as a separate process: the file-size limit (RLIMIT_FSIZE, EFBIG)
    is set to the record's current size, so writing the longer record fails in the
    kernel — this works for root too, unlike a chmod'ed folder. A read-only bind mount or
    a tiny tmpfs (EROFS, ENOSPC) needs privileges the tests do not have; those errors
    take the same `except OSError` path, and ENOSPC is simulated in the next test.
    """
    registry, key = repo
    record = registry / UNIT_FILE
    before = record.read_bytes()
    limit = len(before)

    def limit_file_size() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    done = subprocess.run(
        [sys.executable, "-m", "shifan", *issue_args(registry, key)],
        capture_output=True, text=True, preexec_fn=limit_file_size, check=False,
    )  # fmt: skip
    assert done.returncode == 1, done.stderr
    assert "Traceback" not in done.stderr
    first, *rest = done.stderr.splitlines()
    reason = "文件超过允许的大小 (the file is larger than allowed)"
    assert first == f"shifan: 无法写入 registry/{UNIT_FILE}: {reason}"
    assert [line.strip() for line in rest] == [
        f"提示：未做任何改动 ({record} 保持原样); 腾出磁盘空间或修正文件夹权限后重试"
    ]
    assert record.read_bytes() == before
    assert leftovers(record.parent) == []


def test_a_full_disk_during_plaque_issue_is_one_line_and_leaves_the_record(
    repo: tuple[Path, Path],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Defect: ENOSPC while writing the record ended in a traceback.

    A full disk cannot be made without privileges (no tmpfs, no loop device), so the
    kernel's answer is simulated at the boundary: `os.fsync` of the new file raises ENOSPC
    (as it does on file systems that allocate blocks late)."""
    registry, key = repo
    record = registry / UNIT_FILE
    before = record.read_bytes()
    real = os.fsync

    def full(fd: int) -> None:
        if os.readlink(f"/proc/self/fd/{fd}").endswith(".tmp"):
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        real(fd)

    monkeypatch.setattr(os, "fsync", full)
    assert main(issue_args(registry, key)) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"shifan: 无法写入 registry/{UNIT_FILE}: 磁盘已满 (the disk is full)\n")
    assert "Traceback" not in err
    assert record.read_bytes() == before
    assert leftovers(record.parent) == []


def test_issue_and_void_keep_a_crlf_files_line_endings(
    repo: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    """Defect: a CRLF record passed `check`, but `plaque void` refused it as "flow style"."""
    registry, key = repo
    record = registry / UNIT_FILE
    crlf = record.read_bytes().replace(b"\n", b"\r\n")
    record.write_bytes(crlf)
    assert main(issue_args(registry, key)) == 0
    void = ["plaque", "void", "1", "--reason", "lost", "--today", "2024-07-01"]
    assert main([*void, "--registry", str(registry)]) == 0, capsys.readouterr().err
    after = record.read_bytes()
    assert after.startswith(crlf)
    added = after[len(crlf) :]
    assert added.startswith(b"  - type: plaque_issued\r\n")
    assert b"  - type: plaque_voided\r\n" in added
    assert b"\n" not in after.replace(b"\r\n", b"")
    roster, problems = load_roster(registry)
    assert [p for p in problems if p.is_error] == []
    events = roster.units[UNIT].events  # type: ignore[index]
    assert [e.type for e in events][-2:] == ["plaque_issued", "plaque_voided"]


def _png(width: int, height: int, idat: bytes) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)  # 1-bit greyscale
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")
    )


def _zero_rows(width: int, height: int) -> bytes:
    row = bytes(1 + (width + 7) // 8)
    packer = zlib.compressobj(9)
    data = b"".join(packer.compress(row) for _ in range(height))
    return data + packer.flush()


@pytest.mark.parametrize(
    ("name", "width", "height"),
    [("bomb.png", 60_000, 60_000), ("huge.png", 8_000, 8_000)],
)
def test_verify_refuses_a_decompression_bomb_or_a_huge_image(
    name: str, width: int, height: int, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Defect: a decompression bomb given to `verify` ended in Pillow's traceback, and a
    huge PNG was decoded whole. The bomb is a 3.6-gigapixel header over a few bytes; the
    huge image is a real, valid 64-megapixel PNG of 1 MB."""
    idat = zlib.compress(b"\x00" * 64) if width > 10_000 else _zero_rows(width, height)
    image = tmp_path / name
    image.write_bytes(_png(width, height, idat))
    assert main(["verify", str(image), "--registry", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert f"image {image} is too large to read" in err
    assert "提示：crop or scale the photo" in err
    assert "Traceback" not in err
