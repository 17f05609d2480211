"""`changes_between(repo, base, head, …)`: the changes two git revisions make to the roster.

Both revisions' `registry/` and `keys/` are written to a temporary folder with `git archive`
(the work tree is never touched) and judged with the same `today`.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path, PurePosixPath

from shifan.assessment import assess
from shifan.changes.engine import Change, compare
from shifan.changes.gitrev import changed_paths, git, materialise


def changes_between(
    repo: Path, base: str, head: str, *, registry: str, keys: str, today: dt.date
) -> list[Change]:
    """Changes from commit `base` to commit `head`; `registry` and `keys` are folders
    relative to the repository's top."""
    with tempfile.TemporaryDirectory(prefix="shifan-diff-") as tmp:
        judged = []
        for name, commit in (("base", base), ("head", head)):
            root = Path(tmp) / name
            materialise(repo, commit, (registry, keys), root)
            judged.append(assess(root / registry, root / keys, today))
        changes = compare(judged[0], judged[1])
    reported = {c.subject for c in changes}
    for status, path in changed_paths(repo, base, head, (registry, keys)):
        parts = PurePosixPath(path)
        if parts.is_relative_to(keys):
            what = {"A": "新增", "D": "删除", "M": "修改"}.get(status, "修改")
            changes.append(Change(path, f"{what}了公钥文件（keys/ 的任何变更都要核实）", True))
        elif status == "D" and parts.stem not in reported and parts.suffix == ".yaml":
            changes.append(Change(path, "删除了名册文件（记录只能撤销或撤回，不能删除）", True))
    changes.extend(log_changes(repo, base, head, (PurePosixPath(registry).parent / "log")))
    return changes


def log_changes(repo: Path, base: str, head: str, folder: PurePosixPath) -> list[Change]:
    """The public log (docs/log.md): entries appended, or — risky — any line rewritten or
    removed, the log deleted, or its public key changed."""
    found: list[Change] = []
    for status, path in changed_paths(repo, base, head, (folder.as_posix(),)):
        if PurePosixPath(path).name != "entries.jsonl":
            found.append(Change(path, "修改了公开日志的文件（日志公钥的变更都要核实）", True))
            continue
        old = git(repo, "show", f"{base}:{path}", check=False) if status != "A" else b""
        new = git(repo, "show", f"{head}:{path}", check=False) if status != "D" else b""
        if status == "D" or not new.startswith(old):
            found.append(Change(path, "改写或删除了公开日志的已有条目（日志只能追加）", True))
        else:
            added = new[len(old) :].count(b"\n")
            found.append(Change(path, f"公开日志追加了 {added} 条"))
    return found
