"""The git binary at the edges: revisions, merge bases, a folder as it was at a revision.

Nothing here touches the work tree or the index: files of a revision are read with
`git archive` into a folder of the caller's choosing. Every failure is a `RegistryError`
with git's own message.
"""

from __future__ import annotations

import io
import subprocess
import tarfile
from collections.abc import Sequence
from pathlib import Path

from shifan.errors import RegistryError, UsageError


def git(repo: Path, *args: str, stdin: bytes | None = None, check: bool = True) -> bytes:
    """Run `git -C repo args…` and return its output."""
    try:
        done = subprocess.run(
            ["git", "-C", str(repo), *args],
            input=stdin,
            capture_output=True,
            check=False,
        )
    except OSError as err:
        raise RegistryError(f"cannot run git: {err.strerror}", hint="install git") from None
    if check and done.returncode != 0:
        said = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise RegistryError(
            f"git {args[0]} failed: {said[-1] if said else f'exit {done.returncode}'}"
        )
    return done.stdout


def toplevel(path: Path) -> Path | None:
    """The top of the git work tree containing `path`, or None outside one (or without git)."""
    try:
        out = git(path if path.is_dir() else path.parent, "rev-parse", "--show-toplevel")
    except RegistryError:
        return None
    return Path(out.decode("utf-8").strip())


def resolve(repo: Path, rev: str) -> str:
    """The commit id of `rev`; a usage error when there is no such revision."""
    if rev.startswith("-"):
        raise UsageError(f"not a revision: {rev!r}")
    out = git(repo, "rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}", check=False)
    if not out.strip():
        raise UsageError(
            f"no such git revision: {rev!r}", hint="name a branch, a tag or a commit id"
        )
    return out.decode("ascii").strip()


def default_base(repo: Path, head: str) -> str:
    """The merge base of `head` with the main branch (`origin/main`, else `main`)."""
    for branch in ("origin/main", "main", "origin/master", "master"):
        if git(repo, "rev-parse", "--verify", "--quiet", branch, check=False).strip():
            out = git(repo, "merge-base", head, branch, check=False).strip()
            if out:
                return out.decode("ascii")
    raise UsageError(
        "no main branch to compare with", hint="name the base revision: `shifan diff BASE HEAD`"
    )


def materialise(repo: Path, commit: str, paths: Sequence[str], dest: Path) -> None:
    """Write `paths` (folders relative to the repository top) as at `commit` under `dest`."""
    present = [p for p in paths if git(repo, "ls-tree", "--name-only", commit, "--", p).strip()]
    dest.mkdir(parents=True, exist_ok=True)
    for path in paths:
        (dest / path).mkdir(parents=True, exist_ok=True)
    if not present:
        return
    data = git(repo, "archive", "--format=tar", commit, "--", *present)
    with tarfile.open(fileobj=io.BytesIO(data)) as archive:
        archive.extractall(dest, filter="data")


def changed_paths(repo: Path, base: str, head: str, paths: Sequence[str]) -> list[tuple[str, str]]:
    """`(status letter, path)` for every file changed under `paths` (renames as D + A)."""
    out = git(repo, "diff", "--no-renames", "--name-status", "-z", base, head, "--", *paths)
    fields = out.decode("utf-8", "replace").split("\0")
    return [(fields[i][:1], fields[i + 1]) for i in range(0, len(fields) - 1, 2)]
