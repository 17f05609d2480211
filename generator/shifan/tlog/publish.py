"""The site's log files: `log/entries.jsonl`, `log/checkpoint` and `log/key.json`.

Pure apart from nothing: the signing key is handed in by the build (read from the
environment variable `SHIFAN_LOG_KEY` at the command's edge by `log_signer`). Without it the
checkpoint is the note text alone (unsigned); every other file is the same either way, so an
auditor who rebuilds a commit without the key gets byte-identical files but the signature.
"""

from __future__ import annotations

import json
from collections.abc import Mapping

from shifan.errors import CryptoError, ShifanError
from shifan.signing.crypto import SigningKey
from shifan.tlog.note import ORIGIN, Checkpoint
from shifan.tlog.store import LogState

LOG_KEY_ENV = "SHIFAN_LOG_KEY"
SITE_ENTRIES, SITE_CHECKPOINT, SITE_KEY = "log/entries.jsonl", "log/checkpoint", "log/key.json"


class LogKeyError(ShifanError):
    """The log signing key cannot be used (unreadable, or not the published log key)."""


def log_signer(environ: Mapping[str, str]) -> SigningKey | None:
    """The private log key from `SHIFAN_LOG_KEY` (PEM text), or None when it is unset/empty."""
    pem = environ.get(LOG_KEY_ENV, "").strip()
    if not pem:
        return None
    try:
        return SigningKey.from_pem(pem.encode("utf-8") + b"\n")
    except CryptoError as err:
        raise LogKeyError(
            f"{LOG_KEY_ENV} 无法使用 (cannot load the log key): {err.message}",
            hint=f"{LOG_KEY_ENV} holds the PEM text of the key `shifan keygen --log` made",
        ) from None


def checkpoint(log: LogState, signer: SigningKey | None) -> Checkpoint:
    """The checkpoint of `log`, signed when a signer is given (it must be the published key)."""
    unsigned = Checkpoint(ORIGIN, len(log.entries), log.root)
    if signer is None:
        return unsigned
    if log.key is None or signer.public_key() != log.key.public:
        raise LogKeyError(
            f"{LOG_KEY_ENV} 不是 log/key.json 公布的日志公钥对应的私钥 "
            "(the log key is not the one log/key.json publishes)",
            hint="publish its public key with `shifan keygen --log`, or set the right secret",
        )
    return unsigned.signed(signer)


def site_files(log: LogState, signer: SigningKey | None) -> dict[str, bytes]:
    files = {
        SITE_ENTRIES: "".join(e.line + "\n" for e in log.entries).encode("utf-8"),
        SITE_CHECKPOINT: checkpoint(log, signer).text().encode("utf-8"),
    }
    if log.key is not None:
        files[SITE_KEY] = (json.dumps(log.key.to_json(), indent=2) + "\n").encode("utf-8")
    return files
