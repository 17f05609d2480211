"""`shifan diff [BASE [HEAD]]`: what a change does to the public record, in words."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from shifan.assessment import default_keys_dir
from shifan.changes.between import changes_between
from shifan.changes.gitrev import default_base, resolve, toplevel
from shifan.changes.render import format_markdown, format_text
from shifan.commands.common import add_keys_arg, add_registry_args, repo_relative, today_from
from shifan.errors import UsageError

FORMATS = {"text": format_text, "markdown": format_markdown}


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser(
        "diff",
        help="what a change does to the public record, in words (text or Markdown)",
        description=(
            "Compare the roster at two git revisions and say what changes for the public "
            "record: units added, listed, awarded, reviewed, revoked; plaques issued or "
            "voided; notices opened or closed; standards or targets changed. Risky changes "
            "are flagged. Exit 0 whatever the changes are."
        ),
    )
    parser.add_argument(
        "base", nargs="?", default=None, help="base revision (default: merge base with main)"
    )
    parser.add_argument("head", nargs="?", default="HEAD", help="head revision (default: HEAD)")
    add_registry_args(parser)
    add_keys_arg(parser)
    parser.add_argument(
        "--format",
        choices=tuple(FORMATS),
        default="text",
        help="text (default) or markdown (for a pull-request comment)",
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    registry: Path = args.registry
    repo = toplevel(registry if registry.exists() else Path.cwd())
    if repo is None:
        raise UsageError(
            "not in a git repository", hint="run `shifan diff` inside the roster's repository"
        )
    keys: Path = args.keys if args.keys is not None else default_keys_dir(registry)
    head = resolve(repo, args.head)
    base = resolve(repo, args.base) if args.base else default_base(repo, head)
    changes = changes_between(
        repo,
        base,
        head,
        registry=repo_relative(registry, repo, "registry"),
        keys=repo_relative(keys, repo, "keys"),
        today=today_from(args),
    )
    sys.stdout.write(FORMATS[args.format](changes, base, head))
    return 0
