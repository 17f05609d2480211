"""`shifan log update|verify`: the tamper-evident public log (docs/log.md)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from shifan.assessment import assess
from shifan.commands.common import add_keys_arg, add_registry_args, today_from
from shifan.errors import UsageError
from shifan.lock import holding_registry_lock
from shifan.report import printable
from shifan.tlog.audit import verify_site
from shifan.tlog.update import start_log, update_log


def register(subparsers: Any) -> None:
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "log",
        help="公开日志: append new public events (update), check a built site's log (verify)",
        description="The append-only public log of awards, reviews, revocations, plaques and "
        "notices: log/entries.jsonl in the repository, published with a signed checkpoint.",
    )
    actions = parser.add_subparsers(dest="log_action", metavar="ACTION", parser_class=type(parser))
    update = actions.add_parser(
        "update",
        help="append an entry for every public event not yet in log/entries.jsonl",
        description="Append entries for new public events (and a retraction for each entry "
        "whose event was changed or removed), in a deterministic order. Starts the log "
        "(log/ beside the registry) when there is none. Never rewrites a line.",
    )
    add_registry_args(update)
    add_keys_arg(update)
    update.set_defaults(func=holding_registry_lock(run_update))
    verify = actions.add_parser(
        "verify",
        help="check a built site's log: checkpoint, signature, proofs, extension of the published",
        description="Exit 0 when the site's log is consistent (and extends --published), 1 when "
        "not, 2 on bad usage.",
    )
    verify.add_argument("--site", type=Path, required=True, metavar="DIR", help="the built site")
    verify.add_argument(
        "--published",
        metavar="URL_OR_DIR",
        default=None,
        help="the currently published site (https:// URL or folder): the new log must extend it",
    )
    verify.add_argument(
        "--require-signed", action="store_true", help="an unsigned checkpoint is a problem"
    )
    verify.set_defaults(func=run_verify)

    def no_action(args: argparse.Namespace) -> int:
        parser.print_help(sys.stderr)
        return 2

    parser.set_defaults(func=no_action)


def run_update(args: argparse.Namespace) -> int:
    registry: Path = args.registry
    if not registry.is_dir():
        raise UsageError(
            f"找不到名册文件夹：{registry}（registry folder not found）",
            hint="用 --registry 指定名册文件夹",
        )
    start_log(registry)
    lines = update_log(assess(registry, args.keys, today_from(args)))
    print(f"公开日志已追加 {len(lines)} 条（appended {len(lines)} entries to log/entries.jsonl）")
    return 0


def run_verify(args: argparse.Namespace) -> int:
    site: Path = args.site
    if not site.is_dir():
        raise UsageError(
            f"找不到网站文件夹：{site}（site folder not found）",
            hint="先构建网站：./run shifan build",
        )
    report = verify_site(site, published=args.published, require_signed=args.require_signed)
    for note in report.notes:
        print(printable(note))
    for problem in report.problems:
        print(f"错误：{printable(problem)}")
    if report.ok:
        print("公开日志核验通过（the log verifies）")
        return 0
    print(f"公开日志核验未通过：{len(report.problems)} 个问题（the log does not verify）")
    return 1
