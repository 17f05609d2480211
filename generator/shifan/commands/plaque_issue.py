"""`shifan plaque issue ID --key PATH`: sign a plaque/certificate and record it."""

from __future__ import annotations

import argparse
import os
from pathlib import Path
from typing import Any

from shifan.commands.common import add_keys_arg, add_registry_args, assess_for_writing
from shifan.errors import CryptoError, UsageError
from shifan.lock import holding_registry_lock
from shifan.model import PlaqueForm
from shifan.recordfile import apply_append
from shifan.signing.checkcode import check_code
from shifan.signing.crypto import SigningKey
from shifan.signing.issuance import plan_issue
from shifan.tlog.update import log_new_events


def register(actions: Any) -> None:
    parser = actions.add_parser(
        "issue",
        help="sign a plaque (unit) or certificate (figure) and append it to the record",
        description=(
            "Issue a plaque or certificate: refuses unless the unit/figure holds its title "
            "(awarded, not revoked, review not overdue); assigns the next serial; signs the "
            "token with --key; appends a plaque_issued event to the record's YAML file."
        ),
    )
    parser.add_argument("subject", metavar="UNIT_OR_FIGURE_ID")
    parser.add_argument("--key", type=Path, required=True, metavar="PATH", help="private key (PEM)")
    parser.add_argument(
        "--passphrase-env", metavar="VAR", help="environment variable holding the key's passphrase"
    )
    parser.add_argument(
        "--form", choices=[f.value for f in PlaqueForm], help="plaque (units) or certificate"
    )
    add_registry_args(parser)
    add_keys_arg(parser)
    parser.set_defaults(func=holding_registry_lock(run))


def load_signing_key(path: Path, passphrase_env: str | None) -> SigningKey:
    passphrase = None
    if passphrase_env:
        value = os.environ.get(passphrase_env)
        if not value:
            raise UsageError(f"environment variable {passphrase_env} is not set or empty")
        passphrase = value.encode("utf-8")
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise CryptoError(f"cannot read the private key {path}: {exc.strerror}") from None
    return SigningKey.from_pem(data, passphrase)


def run(args: argparse.Namespace) -> int:
    registry: Path = args.registry
    assessment = assess_for_writing(args, before="before issuing")
    key = load_signing_key(args.key, args.passphrase_env)
    append = plan_issue(
        assessment, args.subject, key=key, form=PlaqueForm(args.form) if args.form else None
    )
    path = apply_append(registry, append)
    serial = append.event["serial"]
    assert isinstance(serial, int)
    print(
        f"issued {append.event['form']} serial {serial} ({check_code(serial)}) to "
        f"{append.subject} with key {append.event['kid']}; recorded in {path}"
    )
    if log_new_events(assessment):
        print("公开日志已追加 (appended to log/entries.jsonl)")
    return 0
