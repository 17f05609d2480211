"""`shifan check`'s S8xx checks: the key set, the recorded tokens, and stray private keys.

| code | what |
|------|------|
| S801 | private key material somewhere in the repository |
| S802 | a file in keys/ that is not `<kid>.json` |
| S803 | a key file that is not a valid public JWK with shifan's members |
| S804 | the same kid twice |
| S805 | more than one active (non-demo) key (warning) |
| S806 | a recorded token that does not decode |
| S807 | a token that disagrees with its event or its record |
| S808 | a token signed with a key that keys/ does not publish, or no keys folder at all |
| S809 | a token whose signature does not verify |
| S810 | a token issued outside its key's window, or by a compromised key |
| S811 | the same serial issued twice in the registry |
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path

from shifan.errors import Problem, Severity
from shifan.model import Event, Figure, Loc, PlaqueForm, Roster, Unit
from shifan.signing.keys import KeyRecord, KeyStatus
from shifan.signing.token import MalformedToken, parse, title_of

REISSUE = "void it (`shifan plaque void SERIAL --reason replaced`) and issue a new one"
REISSUE_ZH = "作废这块牌匾（`./run shifan plaque void 牌匾编号 --reason replaced`），再发一块新的"


def _mismatches(event: Event, record: Unit | Figure, fields: dict[str, object]) -> list[str]:
    wrong = []
    title = title_of(record)
    expected: dict[str, object] = {
        "serial": event.serial,
        "kid": int(event.kid) if event.kid and event.kid.isdigit() else event.kid,
        "form": event.form or PlaqueForm.PLAQUE,
        "subject": title.subject,
        "valid_until": event.valid_until,
        "kind": title.kind,
        "level": title.level,
        "enterprise_class": title.enterprise_class,
    }
    for name, want in expected.items():
        if name == "valid_until" and want is None:
            continue
        if fields[name] != want:
            wrong.append(f"{name} {fields[name]} (the record says {want})")
    return wrong


def check_tokens(roster: Roster, keys: Iterable[KeyRecord]) -> Iterator[Problem]:
    """Every `plaque_issued` token decodes, matches its record and verifies with its key."""
    by_kid = {key.kid: key for key in keys}
    records: list[Unit | Figure] = [*roster.units.values(), *roster.figures.values()]
    for record in records:
        for event in record.events:
            if event.type != "plaque_issued" or not event.token:
                continue
            loc = event.at("token")
            try:
                token = parse(event.token)
            except MalformedToken as exc:
                yield Problem(
                    "S806",
                    loc,
                    f"the token does not decode: {exc.message}",
                    REISSUE,
                    message_zh=f"牌匾令牌（token）无法解码：{exc.message}",
                    hint_zh=REISSUE_ZH,
                )
                continue
            fields: dict[str, object] = {
                "serial": token.serial,
                "kid": token.kid,
                "form": token.form,
                "subject": token.subject,
                "valid_until": token.valid_until,
                "kind": token.kind,
                "level": token.level,
                "enterprise_class": token.enterprise_class,
            }
            wrong = _mismatches(event, record, fields)
            if wrong:
                yield Problem(
                    "S807",
                    loc,
                    "the token disagrees with the record: " + "; ".join(wrong),
                    REISSUE,
                    message_zh="牌匾令牌（token）与记录不一致：" + "；".join(wrong),
                    hint_zh=REISSUE_ZH,
                )
            key = by_kid.get(str(token.kid))
            if key is None:
                yield Problem(
                    "S808",
                    loc,
                    f"the token is signed with key {token.kid}, which keys/ does not publish",
                    f"add keys/{token.kid}.json (public half) or re-issue the plaque",
                    message_zh=f"令牌用密钥 {token.kid} 签名，但 keys/ 中没有发布这个公钥",
                    hint_zh=f"添加 keys/{token.kid}.json（公钥），或重新发放牌匾",
                )
                continue
            if not key.public.verify(token.signature, token.signed_input):
                yield Problem(
                    "S809",
                    loc,
                    "the token's signature does not verify",
                    REISSUE,
                    message_zh="牌匾令牌的签名核验不通过",
                    hint_zh=REISSUE_ZH,
                )
                continue
            if key.status is KeyStatus.COMPROMISED:
                yield Problem(
                    "S810",
                    loc,
                    f"signed by key {key.kid}, which is compromised: verifiers reject it",
                    REISSUE,
                    Severity.WARNING,
                    message_zh=f"签名密钥 {key.kid} 已泄露（compromised）：核验时会被拒绝",
                    hint_zh=REISSUE_ZH,
                )
            elif event.date is not None and not key.covers(event.date):
                yield Problem(
                    "S810",
                    loc,
                    f"issued on {event.date}, outside key {key.kid}'s window "
                    f"{key.not_before} … {key.not_after or 'open'}",
                    REISSUE,
                    message_zh=f"发放日期 {event.date} 不在密钥 {key.kid} 的有效期 "
                    f"{key.not_before} 至 {key.not_after or '未定'} 之内",
                    hint_zh=REISSUE_ZH,
                )


def check_serials(roster: Roster) -> Iterator[Problem]:
    """Serials are unique across the registry (two branches may both have taken max + 1)."""
    first: dict[int, Event] = {}
    records: list[Unit | Figure] = [*roster.units.values(), *roster.figures.values()]
    for record in records:
        for event in record.events:
            if event.type != "plaque_issued" or event.serial is None:
                continue
            if event.serial in first:
                yield Problem(
                    "S811",
                    event.at("serial"),
                    f"serial {event.serial} is issued twice "
                    f"(also at {first[event.serial].at('serial')})",
                    "delete this plaque_issued event and issue the plaque again (new serial)",
                    message_zh=f"牌匾编号 {event.serial} 发放了两次"
                    f"（另见 {first[event.serial].at('serial')}）",
                    hint_zh="删掉这条 plaque_issued 事件，重新发放牌匾（会得到新编号）",
                )
            else:
                first[event.serial] = event


def check_plaques(
    roster: Roster, keys: Sequence[KeyRecord], *, keys_dir: Path, shown_as: str = "keys"
) -> list[Problem]:
    """The S806–S811 problems of the recorded tokens against `keys`, loaded from `keys_dir`
    (shown in problems as `shown_as`; none found there: the folder is missing). Pure.

    Plaques whose key is not published are errors, also when the keys folder is missing: a
    site built without the keys would tell the public that genuine plaques are suspect.
    """
    problems = list(check_tokens(roster, keys))
    if not keys and problems:
        problems = [
            Problem(
                "S808",
                Loc(shown_as),
                f"no public keys in {keys_dir}: {len(problems)} plaque token(s) cannot be "
                "verified, and the site would call every genuine plaque suspect",
                "pass --keys DIR (the folder of the public <kid>.json files), or run from a "
                "full checkout with registry/ and keys/ side by side",
                message_zh=f"{keys_dir} 中没有公钥：{len(problems)} 个牌匾令牌无法核验，"
                "网站会把每块真牌匾都显示为可疑",
                hint_zh="用 --keys 指定公钥文件夹（放 <kid>.json 的文件夹），"
                "或在 registry/ 和 keys/ 并列的完整仓库中运行",
            )
        ]
    problems.extend(check_serials(roster))
    return problems


def check_repository(registry: Path) -> list[Problem]:
    """S801: private key material anywhere in the repository around `registry`."""
    # Imported here: `check` runs the scan in a second process, which alone needs them.
    from shifan.safewrite import git_work_tree
    from shifan.signing.keyscan import scan_for_private_keys

    root = git_work_tree(registry) or registry.resolve().parent
    return scan_for_private_keys(root)
