"""Applying an operation's plan to the roster: the one place the bureau's commands write.

Before: the whole roster is assessed and any error stops the command (nothing written).
Then each file is written atomically (events through `recordfile.apply_append`), the roster
is assessed again, and if the result has an error every file is put back as it was. Each
command's `run` holds the registry lock (`shifan.lock`) from loading to writing.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from shifan.assessment import Assessment, assess
from shifan.commands.common import add_keys_arg, add_registry_args, today_from
from shifan.errors import RegistryError
from shifan.model import NoticeId
from shifan.operations import FileWrite, Plan
from shifan.recordfile import apply_append
from shifan.report import printable
from shifan.safewrite import write_atomic
from shifan.tlog.update import logs_only, update_log


def add_common_args(parser: argparse.ArgumentParser) -> None:
    add_registry_args(parser)
    add_keys_arg(parser)


def _errors_text(a: Assessment) -> str:
    errors = a.errors
    shown = "\n".join(f"  {p.loc}: [{p.code}] {printable(p.text('zh')[0])}" for p in errors[:5])
    more = f"\n  ……另有 {len(errors) - 5} 处" if len(errors) > 5 else ""
    return f"{shown}{more}"


def assess_before(args: argparse.Namespace) -> Assessment:
    """The assessment a bureau command decides from; any error stops it."""
    a = assess(args.registry, getattr(args, "keys", None), today_from(args))
    if not a.ok:
        raise RegistryError(
            f"名册有 {len(a.errors)} 处错误，未写入任何内容（nothing was written）：\n"
            + _errors_text(a),
            hint="先运行 `./run shifan check` 并改正这些错误",
        )
    return a


def read_text(a: Assessment, path: str) -> str:
    """A roster file's text, by its path relative to the registry's parent."""
    try:
        return (a.registry.parent / path).read_bytes().decode("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise RegistryError(f"无法读取 {path}: {exc}") from None


def notice_text(a: Assessment, notice_id: str) -> str:
    """The text of notice `notice_id`'s file ("" when there is no such notice: the plan
    refuses it by name)."""
    notice = a.roster.notices.get(NoticeId(notice_id))
    return read_text(a, notice.loc.path) if notice is not None else ""


def _write(root: Path, change: FileWrite) -> None:
    target = root / change.path
    if change.old is None:
        if target.exists() or target.is_symlink():
            raise RegistryError(f"{change.path} 已存在, 不覆盖 (refusing to overwrite)")
        target.parent.mkdir(parents=True, exist_ok=True)
    elif target.read_bytes() != change.old.encode("utf-8"):
        raise RegistryError(f"{change.path} 在读取后被改动, 未写入", hint="重新运行该命令")
    write_atomic(target, change.text.encode("utf-8"))


def _differs(path: Path, old: bytes | None) -> bool:
    return (path.read_bytes() if path.exists() else None) != old


def apply(
    args: argparse.Namespace, a: Assessment, plan: Plan, *, recheck: bool = True
) -> Assessment:
    """Write `plan`, re-assess, and print what changed; on any failure restore every file."""
    root = a.registry.parent
    saved: dict[Path, bytes | None] = {}
    logged = [a.log.path] if a.log is not None else []  # the public log's entries, if kept
    for path in [root / w.path for w in plan.writes] + [root / p.loc.path for p in plan.appends]:
        saved.setdefault(path, path.read_bytes() if path.exists() else None)
    for path in logged:
        saved.setdefault(path, path.read_bytes() if path.exists() else None)
    try:
        for change in plan.writes:
            _write(root, change)
        for append in plan.appends:
            apply_append(a.registry, append)
        after = assess(a.registry, getattr(args, "keys", None), a.today)
        if logs_only(after.errors) and update_log(
            after
        ):  # the change's public events go into the log with it
            after = assess(a.registry, getattr(args, "keys", None), a.today)
        if recheck and not after.ok:
            raise RegistryError(
                "写入后名册不能通过检查, 已恢复原文件 (restored):\n" + _errors_text(after),
                hint="运行 `shifan check` 查看原因",
            )
    except BaseException:
        for path, data in saved.items():
            if data is None:
                path.unlink(missing_ok=True)
            else:
                write_atomic(path, data)
        raise
    for line in plan.summary:
        print(line)
    changed = sorted({str(p.relative_to(root)) for p, was in saved.items() if _differs(p, was)})
    print("已修改: " + ", ".join(changed))
    return after
