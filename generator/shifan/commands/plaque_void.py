"""`shifan plaque void SERIAL --reason …`: record that a plaque/certificate is void.

SERIAL is the serial (`49`) or the check code printed on the plaque (`000-049-1`, also
typed without dashes as `0000491`); a check code whose check digit does not match is refused
before anything is read.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from shifan.commands.common import add_keys_arg, add_registry_args
from shifan.commands.writing import assess_before
from shifan.lock import holding_registry_lock
from shifan.model import VoidReason
from shifan.recordfile import apply_append
from shifan.signing.checkcode import SERIAL_WIDTH, BadCheckCode, check_code, parse_check_code
from shifan.signing.issuance import plan_void
from shifan.tlog.update import log_new_events


def serial_or_check_code(text: str) -> int:
    """The serial named by `49` or by the printed check code `000-049-1` / `0000491`."""
    plain = text.strip()
    if (
        plain.isascii()
        and plain.isdigit()
        and not (len(plain) > SERIAL_WIDTH and plain.startswith("0"))
    ):
        return int(plain)
    try:
        return parse_check_code(plain)
    except BadCheckCode as err:
        raise argparse.ArgumentTypeError(
            f"{err.message} (请填写牌匾编号, 如 49, 或二维码下的核验码, 如 000-049-1)"
        ) from None


def register(actions: Any) -> None:
    parser = actions.add_parser(
        "void",
        help="void a plaque or certificate (lost, stolen, replaced, recalled)",
        description=(
            "Append a plaque_voided event for SERIAL. To re-issue: void with "
            "--reason replaced, then `shifan plaque issue` the unit again."
        ),
    )
    parser.add_argument(
        "serial",
        type=serial_or_check_code,
        metavar="SERIAL",
        help="the serial (49) or the check code printed on the plaque (000-049-1)",
    )
    parser.add_argument("--reason", required=True, choices=[r.value for r in VoidReason])
    parser.add_argument("--document", help="the decision or report it rests on")
    add_registry_args(parser)
    add_keys_arg(parser)
    parser.set_defaults(func=holding_registry_lock(run))


def run(args: argparse.Namespace) -> int:
    registry: Path = args.registry
    assessment = assess_before(args)
    append = plan_void(
        assessment, args.serial, reason=VoidReason(args.reason), document=args.document
    )
    path = apply_append(registry, append)
    print(
        f"已作废：{append.subject} 的牌匾编号 {args.serial}，核验码 {check_code(args.serial)}"
        f"（原因：{args.reason}）；已记入 {path}"
    )
    if log_new_events(assessment):
        print("公开日志已追加（appended to log/entries.jsonl）")
    return 0
