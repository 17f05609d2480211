"""The log's files in the repository: `log/entries.jsonl` and `log/key.json` beside `registry/`.

`read_log` is the I/O edge the assessment calls: no `log/` folder means the roster keeps no
log (nothing is checked or published); a folder without `entries.jsonl` is an empty log.
`append_lines` is the only writer: it adds whole lines atomically, never rewriting one.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from shifan.errors import CryptoError, Problem, RegistryError
from shifan.model import Loc
from shifan.rules._common import error
from shifan.safewrite import write_file
from shifan.tlog import merkle
from shifan.tlog.entries import LogEntry, parse_log
from shifan.tlog.note import LogKey, parse_key
from shifan.tlog.proofs import LogProof, record_proofs

LOG_FOLDER, ENTRIES_FILE, KEY_FILE = "log", "entries.jsonl", "key.json"
MAX_LOG_BYTES = 256 * 1024 * 1024


@dataclass(frozen=True)
class LogState:
    """The log as committed: its entries in order, and its public key when one is published."""

    path: Path  # the entries file
    entries: tuple[LogEntry, ...]
    key: LogKey | None = None

    def leaf_hashes(self) -> list[bytes]:
        return [merkle.leaf_hash(e.line.encode("utf-8")) for e in self.entries]

    @functools.cached_property
    def _tree(self) -> tuple[bytes, Mapping[str, LogProof]]:
        return record_proofs(self.entries)

    @property
    def root(self) -> bytes:
        return self._tree[0]

    def proof(self, record_id: str) -> LogProof | None:
        """The record's entries with their inclusion proofs (None: it has no entry)."""
        return self._tree[1].get(record_id)


def log_dir(registry: Path) -> Path:
    return registry.parent / LOG_FOLDER


def read_log(registry: Path) -> tuple[LogState | None, list[Problem]]:
    """The repository's log, or None when it keeps none; S820/S823 for unreadable files."""
    folder = log_dir(registry)
    if not folder.is_dir() or folder.is_symlink():
        return None, []
    shown = folder.name
    problems: list[Problem] = []
    path = folder / ENTRIES_FILE
    entries: list[LogEntry] = []
    text = _read(path, f"{shown}/{ENTRIES_FILE}", problems)
    if text is not None:
        entries, found = parse_log(text, f"{shown}/{ENTRIES_FILE}")
        problems.extend(found)
    key = None
    key_text = _read(folder / KEY_FILE, f"{shown}/{KEY_FILE}", problems)
    if key_text is not None:
        try:
            key = parse_key(key_text)
        except CryptoError as err:
            problems.append(
                error(
                    "S823",
                    Loc(f"{shown}/{KEY_FILE}"),
                    f"invalid log key: {err.message}",
                    "write it again with `shifan keygen --log`",
                    zh=(f"公开日志公钥无效：{err.message}", "用 `shifan keygen --log` 重新生成"),
                )
            )
    return LogState(path, tuple(entries), key), problems


def _read(path: Path, shown: str, problems: list[Problem]) -> str | None:
    if not path.exists() and not path.is_symlink():
        return None
    try:
        if path.is_symlink() or not path.is_file():
            raise OSError("not a regular file")
        if path.stat().st_size > MAX_LOG_BYTES:
            raise OSError("the file is too large")
        return path.read_bytes().decode("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        problems.append(
            error(
                "S820",
                Loc(shown),
                f"cannot read the log file: {exc}",
                "restore it from git",
                zh=(f"无法读取公开日志文件：{exc}", "从 git 恢复该文件"),
            )
        )
        return None


def append_lines(state: LogState, lines: Sequence[str]) -> None:
    """Add `lines` at the end of the entries file, re-checking that it did not change."""
    path = state.path
    old = path.read_bytes() if path.exists() else b""
    expected = "".join(e.line + "\n" for e in state.entries).encode("utf-8")
    if old != expected:
        raise RegistryError(
            f"{path} changed while being read, or has unreadable lines; nothing was written",
            hint="run `shifan check`, fix the log file from git, and retry",
        )
    new = old + "".join(line + "\n" for line in lines).encode("utf-8")
    write_file(path, new, what=str(path))
