"""`shifan plaque issue ID --key PATH`: sign a plaque/certificate and record it."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from shifan.commands.common import add_keys_arg, add_registry_args
from shifan.commands.keygen import passphrase_from_env
from shifan.commands.writing import assess_before
from shifan.documents.records import FORM_LABELS
from shifan.errors import CryptoError
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
    passphrase = passphrase_from_env(passphrase_env)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise CryptoError(
            f"无法读取私钥文件 {path} ({exc.strerror})",
            hint="检查 --key 的路径; 私钥放在仓库之外, 例如 ~/shifan-keys/KID.pem",
        ) from None
    return SigningKey.from_pem(data, passphrase)


def run(args: argparse.Namespace) -> int:
    registry: Path = args.registry
    assessment = assess_before(args)
    key = load_signing_key(args.key, args.passphrase_env)
    append = plan_issue(
        assessment, args.subject, key=key, form=PlaqueForm(args.form) if args.form else None
    )
    path = apply_append(registry, append)
    serial = append.event["serial"]
    assert isinstance(serial, int)
    form = FORM_LABELS[str(append.event["form"])]
    print(
        f"已发放{form}：{append.subject}，牌匾编号 {serial}，核验码 {check_code(serial)}，"
        f"密钥 {append.event['kid']}；已记入 {path}"
    )
    if log_new_events(assessment):
        print("公开日志已追加（appended to log/entries.jsonl）")
    return 0
