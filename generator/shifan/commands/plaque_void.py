"""`shifan plaque void SERIAL --reason …`: record that a plaque/certificate is void."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from shifan.commands.common import add_keys_arg, add_registry_args, assess_for_writing
from shifan.lock import holding_registry_lock
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
    add_keys_arg(parser)
    parser.set_defaults(func=holding_registry_lock(run))


def run(args: argparse.Namespace) -> int:
    registry: Path = args.registry
    assessment = assess_for_writing(args, before="first")
    append = plan_void(
        assessment, args.serial, reason=VoidReason(args.reason), document=args.document
    )
    path = apply_append(registry, append)
    print(f"voided serial {args.serial} of {append.subject} ({args.reason}); recorded in {path}")
    return 0
