"""The build's output folder: never empty a folder shifan did not make.

MkDocs empties its `site_dir` before building, so `--out registry` used to delete the
roster. Here a build goes into a new folder beside the target (same file system), which
replaces the target only when the build succeeded: the old folder is renamed aside, the
new one renamed in, and the old one deleted only if it carries shifan's marker file
(`.shifan-site`, written into every built site). A failed build leaves the old site as it
was. Before anything is written, `check_out_folder` refuses a target that is, contains or
(for the roster, keys and page sources) lies inside a folder the operator owns.
"""

from __future__ import annotations

import contextlib
import logging
import os
import secrets
import shutil
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from shifan.errors import ShifanError, UsageError

MARKER = ".shifan-site"
MARKER_TEXT = (
    b"This folder is a site built by `shifan build`.\n"
    b"The next build replaces the whole folder; do not keep other files here.\n"
)
HINT = "build into a new folder, or one made by `shifan build` (e.g. --out site)"
log = logging.getLogger(__name__)


class OutFolderRefused(UsageError):
    """`--out` names a folder the build must not replace (exit 2; nothing was touched)."""


class OutFolderError(ShifanError):
    """The file system refused a step of writing the site (exit 1)."""


@dataclass(frozen=True)
class Guarded:
    """A folder the build output must not be, nor contain, nor (if `inside`) lie within."""

    label: str
    path: Path
    inside: bool = False


def real_path(path: Path) -> Path:
    """`path` with `~` expanded and every symlink resolved (it need not exist)."""
    return Path(os.path.realpath(path.expanduser()))


def check_out_folder(out: Path, guarded: Iterable[Guarded]) -> Path:
    """The real path of `out` if a build may replace it; else `OutFolderRefused`."""
    target = real_path(out)
    shown = f"--out {out}" + (f" (= {target})" if target != out.absolute() else "")
    for guard in guarded:
        folder = real_path(guard.path)
        if target == folder:
            reason = f"it is {guard.label}"
        elif folder.is_relative_to(target):
            reason = f"it contains {guard.label} ({folder})"
        elif guard.inside and target.is_relative_to(folder):
            reason = f"it lies inside {guard.label} ({folder})"
        else:
            continue
        raise OutFolderRefused(f"refusing {shown}: {reason}", hint=HINT)
    if ".git" in target.parts:
        raise OutFolderRefused(f"refusing {shown}: it lies inside a .git folder", hint=HINT)
    if target.exists() and not target.is_dir():
        raise OutFolderRefused(f"refusing {shown}: it is not a folder", hint=HINT)
    if target.is_dir() and not _ours_or_empty(target):
        raise OutFolderRefused(
            f"refusing {shown}: it holds files and was not made by `shifan build` "
            f"(no {MARKER} marker); building would replace them",
            hint=f"{HINT}; a site built by an older shifan has no marker: delete it yourself once",
        )
    return target


def standard_guards(
    *, registry: Path, keys: Path, config_file: Path, docs_dir: Path
) -> list[Guarded]:
    """The operator's folders for a build: roster, keys, page sources, the folder of
    mkdocs.yml, the git work trees involved, the home folder and `/`."""
    from shifan.safewrite import git_work_tree

    guards = [
        Guarded("the page sources folder (docs_dir)", docs_dir, inside=True),
        Guarded("the folder of the MkDocs configuration", config_file.parent),
        Guarded("the root folder", Path("/")),
        Guarded("the registry folder", registry, inside=True),
        Guarded("the public keys folder", keys, inside=True),
    ]
    for place in (registry, config_file.parent):
        top = git_work_tree(place)
        if top is not None:
            guards.append(Guarded("the top of a git work tree", top))
    with contextlib.suppress(RuntimeError, KeyError):
        guards.append(Guarded("the home folder", Path.home()))
    return guards


def _ours_or_empty(folder: Path) -> bool:
    return (folder / MARKER).is_file() or not any(folder.iterdir())


@contextlib.contextmanager
def replacing(target: Path) -> Iterator[Path]:
    """Yield a new empty folder beside `target`; on success mark it and swap it in."""
    token = secrets.token_hex(4)
    new = target.parent / f".{target.name}.shifan-new-{token}"
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        new.mkdir()
    except OSError as exc:
        raise OutFolderError(f"cannot create the site folder {new}: {exc.strerror}") from None
    try:
        yield new
        (new / MARKER).write_bytes(MARKER_TEXT)
        _swap(new, target, target.parent / f".{target.name}.shifan-old-{token}")
    except OSError as exc:
        raise OutFolderError(
            f"cannot write the site to {target}: {exc.strerror}",
            hint="the previous site (if any) is unchanged",
        ) from None
    finally:
        shutil.rmtree(new, ignore_errors=True)


def _swap(new: Path, target: Path, old: Path) -> None:
    if not target.exists():
        os.rename(new, target)
        return
    os.rename(target, old)
    try:
        os.rename(new, target)
    except OSError:
        os.rename(old, target)
        raise
    if (old / MARKER).is_file():
        shutil.rmtree(old)
    elif not any(old.iterdir()):
        old.rmdir()
    else:  # files appeared in the folder after it was checked: keep them
        log.warning("kept the previous contents of %s in %s", target, old)
