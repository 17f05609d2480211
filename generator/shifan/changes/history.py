"""Each unit's, figure's and notice's change history, read from git at build time.

Two git calls in all: one `git log --name-status` over the registry folder, then one
`git cat-file --batch` for every version of every record file. Each version is bound on its
own and judged with the current roster's notices and calendar as of its commit's day; the
change between consecutive versions is described by `record_changes`, as `shifan diff` does.
Without git, outside a repository or in a shallow clone, the history is `unavailable`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from shifan.assessment import Assessment
from shifan.changes.engine import RecordView, record_changes
from shifan.changes.gitrev import git, toplevel
from shifan.errors import RegistryError
from shifan.loader.bind import bind
from shifan.loader.yamlsafe import parse_yaml
from shifan.model import Figure, Node, Notice, Unit
from shifan.status import figure_status, notice_view, plaques_of, unit_status

_FOLDERS: Mapping[str, type[Node]] = {"units": Unit, "figures": Figure, "notices": Notice}


@dataclass(frozen=True)
class HistoryEntry:
    day: dt.date
    commit: str  # full id
    texts: tuple[str, ...]
    risky: tuple[bool, ...] = ()


@dataclass(frozen=True)
class Histories:
    """Per record id, newest first; `unavailable` says why there is none at all."""

    records: Mapping[str, tuple[HistoryEntry, ...]] = field(default_factory=dict)
    unavailable: str | None = None


def _commits(repo: Path, folder: str) -> list[tuple[str, dt.date, list[tuple[str, str]]]]:
    """Newest first: (commit, committer day, [(status, path)]) touching `folder`."""
    out = git(repo, "-c", "core.quotePath=false", "log", "--no-renames", "--format=@@%H %cs",
              "--name-status", "--", folder)  # fmt: skip
    commits: list[tuple[str, dt.date, list[tuple[str, str]]]] = []
    for line in out.decode("utf-8", "replace").splitlines():
        if line.startswith("@@"):
            commit, day = line[2:].split(" ")
            commits.append((commit, dt.date.fromisoformat(day), []))
        elif "\t" in line and commits:
            status, path = line.split("\t", 1)
            commits[-1][2].append((status[:1], path))
    return commits


def _blobs(repo: Path, wanted: list[tuple[str, str]]) -> list[bytes | None]:
    """The contents of `commit:path` for each pair (None where the file is absent)."""
    if not wanted:
        return []
    query = "".join(f"{commit}:{path}\n" for commit, path in wanted).encode("utf-8")
    out = git(repo, "cat-file", "--batch", stdin=query)
    found: list[bytes | None] = []
    at = 0
    for _ in wanted:
        end = out.index(b"\n", at)
        header = out[at:end].split()
        if len(header) == 3 and header[1] == b"blob":
            size = int(header[2])
            found.append(out[end + 1 : end + 1 + size])
            at = end + 1 + size + 1
        else:
            found.append(None)
            at = end + 1
    return found


def _view(
    a: Assessment, cls: type[Node], data: bytes | None, path: str, day: dt.date
) -> RecordView | None:
    if data is None:
        return None
    node, _ = parse_yaml(data, path)
    if node is None:
        return None
    record, _ = bind(cls, node, path)
    if isinstance(record, Unit):
        status = unit_status(record, a.roster, a.cal, day)
        return RecordView(record, status.label, tuple(plaques_of(record.events, today=day)))
    if isinstance(record, Figure):
        status = figure_status(record, a.roster, a.cal, day)
        return RecordView(record, status.label, tuple(plaques_of(record.events, today=day)))
    if isinstance(record, Notice):
        return RecordView(record, notice=notice_view(record, a.cal, day))
    return None


def record_histories(a: Assessment) -> Histories:
    """Every record's history in the repository around `a.registry`."""
    repo = toplevel(a.registry) if a.registry.is_dir() else None
    if repo is None:
        return Histories(unavailable="名册不在 git 仓库中，无法显示变更历史。")
    try:
        if git(repo, "rev-parse", "--is-shallow-repository").strip() == b"true":
            return Histories(
                unavailable="这是一个浅克隆（shallow clone），变更历史不完整，未显示。"
            )
        folder = a.registry.resolve().relative_to(repo.resolve()).as_posix()
        commits = _commits(repo, folder)
        touched: dict[str, list[tuple[str, dt.date]]] = {}
        for commit, day, files in reversed(commits):  # oldest first
            for _, path in files:
                touched.setdefault(path, []).append((commit, day))
        wanted = [(c, p) for p, seen in touched.items() for c, _ in seen]
        blobs = dict(zip(wanted, _blobs(repo, wanted), strict=True))
    except (RegistryError, ValueError):
        return Histories(unavailable="读取 git 历史失败，未显示变更历史。")
    records: dict[str, tuple[HistoryEntry, ...]] = {}
    for path, seen in touched.items():
        parts = PurePosixPath(path).relative_to(folder).parts
        cls = _FOLDERS.get(parts[0]) if parts else None
        if cls is None or not path.endswith(".yaml"):
            continue
        entries: list[HistoryEntry] = []
        old: RecordView | None = None
        for commit, day in seen:
            new = _view(a, cls, blobs[(commit, path)], path, day)
            changes = record_changes(old, new)
            if changes:
                texts = tuple(c.text for c in changes)
                entries.append(HistoryEntry(day, commit, texts, tuple(c.risky for c in changes)))
            old = new
        records[PurePosixPath(path).stem] = tuple(reversed(entries))
    return Histories(records)
