"""`shifan fmt [--check]`: rewrite registry files into the canonical layout.

Exit 0 when every file is (now) canonical; with `--check`, exit 1 and print a unified diff per
file that is not (nothing is written); exit 1 too when a file cannot be formatted.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from shifan.errors import ShifanError
from shifan.formatting import Layout, format_registry, layouts


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser(
        "fmt",
        help="rewrite registry files into the canonical layout (--check: only report)",
        description=(
            "Rewrite every registry file into one canonical layout (key order, indentation, "
            "quoting, dates), keeping every comment, so that diffs show only real changes."
        ),
    )
    parser.add_argument(
        "--registry",
        type=Path,
        default=Path("registry"),
        metavar="DIR",
        help="the roster folder (default: ./registry)",
    )
    parser.add_argument(
        "--check",
        action="store_true",
        help="write nothing; exit 1 and show a diff for each file not in the layout",
    )
    parser.set_defaults(func=run)


def _refusals(refused: list[ShifanError]) -> None:
    for err in refused:
        print(f"shifan fmt: {err}", file=sys.stderr)


def run(args: argparse.Namespace) -> int:
    registry: Path = args.registry
    if args.check:
        found = list(layouts(registry))
        stale = [f for f in found if isinstance(f, Layout) and f.changed]
        refused = [f for f in found if isinstance(f, ShifanError)]
        for layout in stale:
            sys.stdout.write(layout.diff())
        _refusals(refused)
        if stale:
            print(
                f"{len(stale)} file(s) not in the canonical layout: run `shifan fmt`",
                file=sys.stderr,
            )
        return 1 if stale or refused else 0
    changed, refused = format_registry(registry)
    for layout in changed:
        print(f"formatted {layout.shown}")
    _refusals(refused)
    if not changed and not refused:
        print("every file is already in the canonical layout")
    return 1 if refused else 0
