"""`shifan keygen`: a new ES256 signing key; private half outside the repo, public in keys/."""

from __future__ import annotations

import argparse
import json
import os
from pathlib import Path
from typing import Any

from shifan.commands.common import parse_date, today_from
from shifan.errors import CryptoError, UsageError
from shifan.model import Loc
from shifan.safewrite import git_work_tree, write_atomic
from shifan.signing.crypto import SigningKey
from shifan.signing.keys import KID_RE, KeyRecord, KeyStatus, key_file_text
from shifan.tlog.note import ORIGIN, LogKey
from shifan.tlog.store import KEY_FILE, LOG_FOLDER


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "keygen",
        help="create an ES256 signing key (private file outside the repo, public JWK in keys/)",
        description=(
            "Create an ES256 (ECDSA P-256) key pair. The private key is written to --out "
            "(PEM PKCS#8, mode 0600, never inside a git work tree); the public key is added "
            "to keys/<kid>.json with status active."
        ),
    )
    parser.add_argument("--kid", help="key number, 1-65535 (decimal); not with --log")
    parser.add_argument("--out", type=Path, required=True, metavar="PATH", help="private key file")
    parser.add_argument(
        "--passphrase-env",
        metavar="VAR",
        help="encrypt the private key with the passphrase in environment variable VAR",
    )
    parser.add_argument("--label", default="", help="a human-readable name for the key")
    parser.add_argument(
        "--not-before",
        type=parse_date,
        metavar="YYYY-MM-DD",
        help="first day the key may sign (default: --today)",
    )
    parser.add_argument("--demo", action="store_true", help="mark the key as a demo key")
    parser.add_argument(
        "--log",
        action="store_true",
        help="instead: the public log's key (public half in log/key.json; the private PEM "
        "goes into the CI secret SHIFAN_LOG_KEY)",
    )
    parser.add_argument(
        "--replace", action="store_true", help="with --log: rotate, replacing log/key.json"
    )
    parser.add_argument(
        "--keys", type=Path, default=Path("keys"), metavar="DIR", help="public key folder"
    )
    parser.add_argument(
        "--today", type=parse_date, metavar="YYYY-MM-DD", help="today (default: Asia/Shanghai)"
    )
    parser.set_defaults(func=run)


def refuse_inside_repository(out: Path, keys_dir: Path) -> Path:
    """The resolved private key path, unless it lies in a git work tree (or the keys' repo)."""
    parent = out.expanduser().parent.resolve()
    if not parent.is_dir():
        raise UsageError(
            f"{out.parent} 不是文件夹 (not a folder)", hint="先建好它 (mkdir, 再 chmod 700)"
        )
    target = parent / out.name
    if target.exists() or target.is_symlink():
        raise UsageError(
            f"{out} 已存在, 不覆盖密钥文件 (refusing to overwrite)", hint="换一个 --out 文件名"
        )
    roots = {root for root in (git_work_tree(parent), git_work_tree(keys_dir.resolve())) if root}
    repo_root = keys_dir.resolve().parent
    for root in (*roots, repo_root):
        if target.is_relative_to(root):
            raise CryptoError(
                f"拒绝把私钥写进仓库 ({root}) (refusing: inside the repository)",
                hint="私钥放在任何 git 工作区之外, 例如 --out ~/shifan-keys/KID.pem, 或离线介质上",
            )
    return target


def passphrase_from_env(variable: str | None) -> bytes | None:
    """The key's passphrase from environment variable `variable` (None when not asked)."""
    if not variable:
        return None
    value = os.environ.get(variable)
    if not value:
        raise UsageError(
            f"环境变量 {variable} 未设置或为空 (not set)",
            hint=f"先设置口令, 例如 read -rs {variable} && export {variable}",
        )
    return value.encode("utf-8")


def write_private(path: Path, data: bytes) -> None:
    """Create `path` with mode 0600 from the start (O_EXCL: never overwrite, never widen)."""
    try:
        fd = os.open(
            path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o600
        )
    except FileExistsError:
        raise UsageError(f"{path} 已存在, 不覆盖密钥文件 (refusing to overwrite)") from None
    except OSError as exc:
        raise CryptoError(f"无法创建 {path} ({exc.strerror})") from None
    try:
        os.fchmod(fd, 0o600)
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view) :]
        os.fsync(fd)
    finally:
        os.close(fd)


def run(args: argparse.Namespace) -> int:
    if args.log:
        return run_log(args)
    kid: str | None = args.kid
    if kid is None:
        raise UsageError("--kid is required (or --log for the public log's key)")
    if not KID_RE.fullmatch(kid) or int(kid) > 0xFFFF:
        raise UsageError(f"--kid {kid!r}: 密钥编号是 1 到 65535 之间的十进制数")
    keys_dir: Path = args.keys
    public_path = keys_dir / f"{kid}.json"
    if public_path.exists():
        raise UsageError(
            f"{public_path} 已存在: 密钥编号 {kid} 已被占用 (kid taken)",
            hint="换用下一个未用的密钥编号",
        )
    target = refuse_inside_repository(args.out, keys_dir)
    passphrase = passphrase_from_env(args.passphrase_env)
    today = today_from(args)
    key = SigningKey.generate()
    record = KeyRecord(
        kid=kid,
        public=key.public_key(),
        status=KeyStatus.ACTIVE,
        not_before=args.not_before or today,
        demo=args.demo,
        label=args.label,
        loc=Loc(public_path.as_posix()),
    )
    write_private(target, key.to_pem(passphrase))
    try:
        keys_dir.mkdir(parents=True, exist_ok=True)
        write_atomic(public_path, key_file_text(record).encode("utf-8"))
    except OSError as exc:
        target.unlink(missing_ok=True)  # no orphan private key without its public half
        raise CryptoError(
            f"无法写入 {public_path} ({exc.strerror}), 未生成任何密钥 (no key was created)"
        ) from None
    print(f"私钥: {target} (权限 0600{', 已加密' if passphrase else ''}; 不要提交, 离线保管)")
    print(f"公钥: {public_path}  指纹 {record.fingerprint}")
    return 0


def run_log(args: argparse.Namespace) -> int:
    """`--log`: the log key; unencrypted (a CI secret holds it), public half in log/key.json."""
    if args.kid is not None or args.passphrase_env:
        raise UsageError("--log takes neither --kid nor --passphrase-env (a CI secret holds it)")
    keys_dir: Path = args.keys
    public_path = keys_dir.parent / LOG_FOLDER / KEY_FILE
    if public_path.exists() and not args.replace:
        raise UsageError(
            f"{public_path} exists", hint="to rotate the log key, add --replace (docs/log.md)"
        )
    target = refuse_inside_repository(args.out, keys_dir)
    key = SigningKey.generate()
    log_key = LogKey(ORIGIN, key.public_key())
    write_private(target, key.to_pem())
    try:
        public_path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(public_path, (json.dumps(log_key.to_json(), indent=2) + "\n").encode())
    except OSError as exc:
        target.unlink(missing_ok=True)
        raise CryptoError(
            f"cannot write {public_path}: {exc.strerror}; no key was created"
        ) from None
    print(f"private key: {target} (mode 0600) — 存入 CI 机密 SHIFAN_LOG_KEY 后从本机删除")
    print(f"public key:  {public_path}  key ID {log_key.key_id.hex()}")
    return 0
