"""The public key set: `keys/<kid>.json` JWKs with shifan's status and validity members.

Loading reports every malformed key as a `Problem` (S8xx) rather than stopping at the first.
Also here: the published `/keys.json` and the Markdown of the `/keys/` page. The scan for
private key material in the repository is `shifan.signing.keyscan`.
"""

from __future__ import annotations

import datetime as dt
import html
import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from shifan.errors import CryptoError, Problem, Severity
from shifan.model import NOWHERE, Loc
from shifan.signing.crypto import ALGORITHM, PublicKey


class KeyStatus(StrEnum):
    ACTIVE = "active"
    RETIRED = "retired"
    COMPROMISED = "compromised"


KEY_STATUS_LABELS: Mapping[KeyStatus, str] = {
    KeyStatus.ACTIVE: "使用中",
    KeyStatus.RETIRED: "已停用",
    KeyStatus.COMPROMISED: "已泄露(所签一律无效)",
}
KID_RE = re.compile(r"[1-9][0-9]{0,4}")
_MEMBERS = frozenset(
    {"kty", "crv", "x", "y", "kid", "alg", "use", "status", "not_before", "not_after"}
    | {"compromised_at", "demo", "label"}
)


@dataclass(frozen=True)
class KeyRecord:
    """One published key and the rules of its use."""

    kid: str
    public: PublicKey
    status: KeyStatus
    not_before: dt.date
    not_after: dt.date | None = None
    compromised_at: dt.datetime | None = None
    demo: bool = False
    label: str = ""
    loc: Loc = NOWHERE

    @property
    def fingerprint(self) -> str:
        return self.public.thumbprint()

    def covers(self, day: dt.date, slack: dt.timedelta = dt.timedelta(0)) -> bool:
        """Whether a plaque issued on `day` falls inside the key's window (± `slack`)."""
        if day + slack < self.not_before:
            return False
        return self.not_after is None or day - slack <= self.not_after

    def to_jwk(self) -> dict[str, object]:
        return {
            **self.public.to_jwk(),
            "kid": self.kid,
            "alg": ALGORITHM,
            "use": "sig",
            "status": str(self.status),
            "not_before": self.not_before.isoformat(),
            "not_after": self.not_after.isoformat() if self.not_after else None,
            "compromised_at": (
                self.compromised_at.isoformat() if self.compromised_at is not None else None
            ),
            "demo": self.demo,
            "label": self.label,
        }


def key_file_text(key: KeyRecord) -> str:
    """The canonical text of `keys/<kid>.json`."""
    return json.dumps(key.to_jwk(), ensure_ascii=False, indent=2) + "\n"


def _problem(code: str, loc: Loc, message: str, hint: str, *, zh: tuple[str, str]) -> Problem:
    return Problem(code, loc, message, hint, message_zh=zh[0], hint_zh=zh[1])


def _date_member(jwk: Mapping[str, object], name: str) -> dt.date | None:
    value = jwk.get(name)
    if value is None:
        return None
    if not isinstance(value, str):
        raise ValueError(f'"{name}" must be an ISO date string or null')
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise ValueError(f'"{name}" is not a YYYY-MM-DD date: {value!r}') from None


def parse_key(text: str, loc: Loc, *, expected_kid: str | None = None) -> KeyRecord:
    """One key file's text → `KeyRecord`; raises `ValueError` with the reason."""
    try:
        jwk = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ValueError(f"not JSON: {exc.msg} at line {exc.lineno}") from None
    if not isinstance(jwk, dict):
        raise ValueError("a key file holds one JSON object (a JWK)")
    if "d" in jwk:
        raise ValueError('this is a PRIVATE key (it has a "d" member)')
    unknown = sorted(set(jwk) - _MEMBERS)
    if unknown:
        raise ValueError(f"unknown members: {', '.join(unknown)}")
    try:
        public = PublicKey.from_jwk(jwk)
    except CryptoError as exc:
        raise ValueError(exc.message) from None
    kid = jwk.get("kid")
    if not isinstance(kid, str) or not KID_RE.fullmatch(kid) or int(kid) > 0xFFFF:
        raise ValueError('"kid" must be a decimal string from "1" to "65535"')
    if expected_kid is not None and kid != expected_kid:
        raise ValueError(f'"kid" is {kid!r} but the file is named {expected_kid}.json')
    if jwk.get("alg") != ALGORITHM or jwk.get("use", "sig") != "sig":
        raise ValueError(f'"alg" must be "{ALGORITHM}" and "use" "sig"')
    try:
        status = KeyStatus(str(jwk.get("status")))
    except ValueError:
        raise ValueError('"status" must be "active", "retired" or "compromised"') from None
    not_before = _date_member(jwk, "not_before")
    if not_before is None:
        raise ValueError('"not_before" is required')
    not_after = _date_member(jwk, "not_after")
    if not_after is not None and not_after < not_before:
        raise ValueError('"not_after" is before "not_before"')
    if status is KeyStatus.RETIRED and not_after is None:
        raise ValueError('a retired key needs "not_after" (its last day of issuing)')
    compromised_at = None
    raw_at = jwk.get("compromised_at")
    if raw_at is not None:
        if not isinstance(raw_at, str):
            raise ValueError('"compromised_at" must be an ISO 8601 instant')
        try:
            compromised_at = dt.datetime.fromisoformat(raw_at)
        except ValueError:
            raise ValueError(f'"compromised_at" is not an ISO 8601 instant: {raw_at!r}') from None
        if compromised_at.tzinfo is None:
            raise ValueError('"compromised_at" needs a time zone, e.g. 2026-03-01T09:00:00+08:00')
    if (status is KeyStatus.COMPROMISED) != (compromised_at is not None):
        raise ValueError('"compromised_at" is required for, and only for, a compromised key')
    demo, label = jwk.get("demo", False), jwk.get("label", "")
    if not isinstance(demo, bool) or not isinstance(label, str):
        raise ValueError('"demo" must be true/false and "label" a string')
    return KeyRecord(
        kid=kid,
        public=public,
        status=status,
        not_before=not_before,
        not_after=not_after,
        compromised_at=compromised_at,
        demo=demo,
        label=label,
        loc=loc,
    )


def load_keys(
    keys_dir: Path, *, display_root: Path | None = None
) -> tuple[list[KeyRecord], list[Problem]]:
    """Every `keys/*.json`, sorted by kid, and a problem per file that is not a valid key."""
    keys: list[KeyRecord] = []
    problems: list[Problem] = []
    if not keys_dir.is_dir():
        return keys, problems
    base = display_root if display_root is not None else keys_dir.parent
    seen: dict[str, Loc] = {}
    for path in sorted(keys_dir.iterdir()):
        if path.name.startswith(".") or path.name == "README.md":
            continue
        loc = Loc(_rel(path, base))
        if path.suffix != ".json":
            problems.append(
                _problem(
                    "S802",
                    loc,
                    "unexpected file in keys/",
                    "keys/ holds <kid>.json only",
                    zh=("keys/ 中不应有这个文件", "keys/ 只放 <kid>.json 公钥文件"),
                )
            )
            continue
        try:
            key = parse_key(path.read_text(encoding="utf-8"), loc, expected_kid=path.stem)
        except (ValueError, UnicodeDecodeError) as exc:
            problems.append(
                _problem(
                    "S803",
                    loc,
                    f"invalid key file: {exc}",
                    "regenerate it with `shifan keygen`, or fix it by hand (docs/token.md, Keys)",
                    zh=(
                        f"公钥文件无效：{exc}",
                        "用 `./run shifan keygen` 重新生成，"
                        "或按 docs/token.md（Keys 一节）手工改正",
                    ),
                )
            )
            continue
        if key.kid in seen:
            problems.append(
                _problem(
                    "S804",
                    loc,
                    f"kid {key.kid} twice",
                    "one file per kid",
                    zh=(f"密钥编号 kid {key.kid} 出现了两次", "每个 kid 只有一个文件"),
                )
            )
            continue
        seen[key.kid] = loc
        keys.append(key)
    keys.sort(key=lambda k: int(k.kid))
    active = [k for k in keys if k.status is KeyStatus.ACTIVE and not k.demo]
    if len(active) > 1:
        problems.append(
            Problem(
                code="S805",
                loc=active[1].loc,
                message=f"{len(active)} active keys: {', '.join(k.kid for k in active)}",
                hint="retire the old key (status retired, not_after) when a new one takes over",
                severity=Severity.WARNING,
                message_zh=f"同时有 {len(active)} 个启用中的密钥："
                + "、".join(k.kid for k in active),
                hint_zh="新密钥启用后，把旧密钥停用（status: retired，并写 not_after）",
            )
        )
    return keys, problems


def keyset_json(keys: Iterable[KeyRecord], today: dt.date) -> bytes:
    """The site's `/keys.json`: `{"keys": [JWK, …], "generated": "YYYY-MM-DD"}`."""
    doc = {"keys": [k.to_jwk() for k in keys], "generated": today.isoformat()}
    return (json.dumps(doc, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|~])")


def _md(text: str) -> str:
    """Escape text for a Markdown table cell: no HTML, link, emphasis or cell break."""
    flat = html.escape(" ".join(text.split()), quote=False)
    return _MD_SPECIAL.sub(r"\\\1", flat)


def keys_page_markdown(keys: Iterable[KeyRecord]) -> str:
    """The `/keys/` page: every key with its status, window and RFC 7638 fingerprint."""
    lines = [
        "# 签名公钥",
        "",
        "牌匾和证书上的二维码由下列密钥签名。核验页面用这些公钥核对签名；"
        "机器可读的版本见 [keys.json](../keys.json)。指纹为 RFC 7638 JWK 指纹（SHA-256）。",
        "",
        "| 编号 | 名称 | 状态 | 启用日期 | 停用日期 | 指纹 |",
        "|---|---|---|---|---|---|",
    ]
    rows = list(keys)
    for key in rows:
        status = KEY_STATUS_LABELS[key.status]
        if key.compromised_at is not None:
            status += f"，泄露时间 {key.compromised_at.isoformat()}"
        # A demo key says so once: in its label, or else in a note after it.
        demo = key.demo and "演示" not in key.label
        label = _md(key.label.replace("(", "（").replace(")", "）")) + ("（演示）" if demo else "")
        lines.append(
            f"| {_md(key.kid)} | {label} | {_md(status)} | {key.not_before.isoformat()} | "
            f"{key.not_after.isoformat() if key.not_after else '—'} | `{key.fingerprint}` |"
        )
    if not rows:
        lines.append("| — | 尚无密钥 | | | | |")
    lines += [
        "",
        "演示密钥的私钥在签发演示牌匾后已销毁。已泄露密钥签名的任何牌匾都会被判为无效。",
        "",
    ]
    return "\n".join(lines)


def _rel(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()
