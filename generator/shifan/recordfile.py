"""Append an event to a record file on disk: text edit, re-bind, atomic write, re-read.

The one place issuance and voiding touch the roster's files. A file is only replaced when
the edited text still binds to its record class with the new event at the end, and it is
read back afterwards; on any failure the original text is put back. A write the file system
refuses (disk full, read-only, no permission) is a one-line error and the file is unchanged.
"""

from __future__ import annotations

from pathlib import Path

from shifan.errors import RegistryError
from shifan.loader.bind import bind
from shifan.loader.yamlsafe import parse_yaml
from shifan.model import Figure, Unit
from shifan.safewrite import write_file
from shifan.signing.issuance import Append
from shifan.yamlappend import append_event


def _bind_record(data: bytes, rel: str, cls: type[Unit] | type[Figure]) -> Unit | Figure:
    node, problems = parse_yaml(data, rel)
    record = None
    if node is not None:
        record, more = bind(cls, node, rel)
        problems = [*problems, *more]
    if record is None or problems:
        first = problems[0] if problems else None
        raise RegistryError(
            f"{rel}: the edited record would not load"
            + (f": {first.message} ({first.loc})" if first else ""),
            hint="nothing was written; fix the file by hand, then retry",
        )
    return record


def apply_append(registry: Path, append: Append) -> Path:
    """Append `append.event` to its record file and return the file's path."""
    path = registry.parent / append.loc.path
    rel = append.loc.path
    cls: type[Unit] | type[Figure] = Figure if "/figures/" in f"/{rel}" else Unit
    try:
        old = path.read_bytes()
    except OSError as exc:
        raise RegistryError(f"cannot read {path}: {exc.strerror}") from None
    try:
        text = old.decode("utf-8")
    except UnicodeDecodeError:
        raise RegistryError(f"{rel}: not UTF-8 text", hint="run `shifan check`") from None
    new = append_event(text, append.event, where=rel).encode("utf-8")
    before = _bind_record(old, rel, cls)
    after = _bind_record(new, rel, cls)
    if len(after.events) != len(before.events) + 1:
        raise RegistryError(f"{rel}: the event did not land in `events:`")
    write_file(path, new, what=rel)
    try:
        _bind_record(path.read_bytes(), rel, cls)
    except (RegistryError, OSError):
        write_file(path, old, what=rel)
        raise RegistryError(
            f"{rel}: the written record did not read back; the original was put back"
        ) from None
    return path
