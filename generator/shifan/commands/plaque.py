"""`shifan plaque ACTION …`: the plaque group and its extension hook.

Each action is its own module under `shifan.commands` exposing `register(actions)`, where
`actions` is the group's sub-parser collection (the same contract as top-level commands).
To add an action, append its module name to `PLAQUE_SUBCOMMANDS` (keep the tuple sorted):
`plaque_issue` (issue), `plaque_void` (void), `plaque_render` (render, artwork).
"""

from __future__ import annotations

import argparse
import importlib
import sys
from typing import Any

PLAQUE_SUBCOMMANDS: tuple[str, ...] = (
    "plaque_issue",
    "plaque_render",
    "plaque_void",
)


def register(subparsers: Any) -> None:
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "plaque",
        help="issue, void and render plaques (牌匾) and certificates (证书)",
        description="Plaques and certificates: issue (signs a token), void, render.",
    )
    actions = parser.add_subparsers(
        dest="plaque_action", metavar="ACTION", parser_class=type(parser)
    )
    for name in PLAQUE_SUBCOMMANDS:
        importlib.import_module(f"shifan.commands.{name}").register(actions)

    def no_action(args: argparse.Namespace) -> int:
        parser.print_help(sys.stderr)
        return 2

    parser.set_defaults(func=no_action)
