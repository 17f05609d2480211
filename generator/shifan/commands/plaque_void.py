"""`shifan plaque void SERIAL --reason …`: record that a plaque/certificate is void."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from shifan.commands.common import add_registry_args, load_roster_or_fail, today_from
from shifan.model import VoidReason
from shifan.recordfile import apply_append
from shifan.signing.issuance import plan_void


def register(actions: Any) -> None:
    parser = actions.add_parser(
        "void",
        help="void a plaque or certificate (lost, stolen, replaced, recalled)",
        description=(
            "Append a plaque_voided event for SERIAL. To re-issue: void with "
            "--reason replaced, then `shifan plaque issue` the unit again."
        ),
    )
    parser.add_argument("serial", type=int, metavar="SERIAL")
    parser.add_argument("--reason", required=True, choices=[r.value for r in VoidReason])
    parser.add_argument("--document", help="the decision or report it rests on")
    add_registry_args(parser)
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    today = today_from(args)
    registry: Path = args.registry
    roster = load_roster_or_fail(registry, before="first")
    append = plan_void(
        roster, args.serial, reason=VoidReason(args.reason), today=today, document=args.document
    )
    path = apply_append(registry, append)
    print(f"voided serial {args.serial} of {append.subject} ({args.reason}); recorded in {path}")
    return 0
