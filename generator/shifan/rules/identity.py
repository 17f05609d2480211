"""Credit codes (GB 32100-2015) and the identity of units across the roster.

S310 missing credit code · S311 malformed credit code · S312 credit code shared within a kind
and level · S313 same name twice within a kind and level · S314 HQ and its branch both
demonstration enterprises.

Names are compared by `name_key`: Unicode NFKC (full-width `ＡＢＣ１２` is `ABC12`), without
invisible characters or spaces, case-folded, so a copied name with a zero-width space or a
full-width letter is still the same name.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections import defaultdict
from collections.abc import Iterator, Mapping

from shifan.errors import Problem
from shifan.identifiers import CREDIT_ALPHABET, credit_check_char, credit_code_error
from shifan.loader.scalars import BLANK_LETTERS
from shifan.model import KIND_LABELS, LEVEL_LABELS, Kind, Level, Roster, Unit
from shifan.rules._common import WorkCalendar, error

BRANCH_SUFFIX = "分公司"
_INVISIBLE_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Cn", "Co", "Zl", "Zp", "Zs"})


_DROP_PRINTABLE = dict.fromkeys(map(ord, {" ", *BLANK_LETTERS}))
"""What `name_key` drops from printable text: a printable character is white space only if
it is the ASCII space (a test checks every code point), and blank letters print as nothing."""


def name_key(name: str) -> str:
    """A name as compared for duplicates: NFKC, no invisible characters or spaces, casefolded."""
    folded = unicodedata.normalize("NFKC", name)
    if folded.isprintable():
        return folded.translate(_DROP_PRINTABLE).casefold()
    kept = "".join(
        ch
        for ch in folded
        if not ch.isspace()
        and ch not in BLANK_LETTERS
        and (ch.isprintable() or unicodedata.category(ch) not in _INVISIBLE_CATEGORIES)
    )
    return kept.casefold()


def check(roster: Roster, cal: WorkCalendar, today: dt.date) -> Iterator[Problem]:
    by_code: dict[tuple[str, Kind, Level], list[Unit]] = defaultdict(list)
    by_name: dict[tuple[str, Kind, Level], list[Unit]] = defaultdict(list)
    names: dict[str, str] = {}
    for unit in roster.units.values():
        yield from _credit_code(unit)
        if unit.credit_code:
            by_code[(unit.credit_code, unit.kind, unit.level)].append(unit)
        key = names[unit.id] = name_key(unit.name)
        by_name[(key, unit.kind, unit.level)].append(unit)
    for (code, kind, level), units in by_code.items():
        for unit in units[1:]:
            yield error(
                "S312",
                unit.at("credit_code"),
                f"credit code {code} is also used by {units[0].id} ({kind} {level})",
                "one legal entity holds one record per kind and level: merge the records, "
                "or correct the code from the business licence",
                zh=(
                    f"统一社会信用代码 {code} 已被 {units[0].id}（{_kind_level(kind, level)}）使用",
                    "同一法人在同一类别、同一级别只能有一条记录：合并两条记录，或按营业执照改正代码",
                ),
            )
    for (_, kind, level), units in by_name.items():
        for unit in units[1:]:
            yield error(
                "S313",
                unit.at("name"),
                f"name {unit.name!r} is also used by {units[0].id} ({kind} {level})"
                + ("" if unit.name == units[0].name else f" as {units[0].name!r}"),
                "a unit appears once per kind and level: merge the records or correct the name",
                zh=(
                    f"名称“{unit.name}”已被 {units[0].id}（{_kind_level(kind, level)}）使用"
                    + ("" if unit.name == units[0].name else f"（写作“{units[0].name}”）"),
                    "同一单位在同一类别、同一级别只出现一次：合并两条记录，或改正名称",
                ),
            )
    yield from _branches(roster, names)


def _credit_code(unit: Unit) -> Iterator[Problem]:
    if unit.credit_code is None or unit.credit_code == "":
        if unit.kind is not Kind.TOWNSHIP:
            yield error(
                "S310",
                unit.at("credit_code") if unit.credit_code == "" else unit.loc,
                f"{unit.id} has no credit_code (统一社会信用代码)",
                "every legal entity (all kinds but township) needs its 18-character code "
                "from its business licence or registration certificate",
                zh=(
                    f"{unit.id} 没有填写 credit_code（统一社会信用代码）",
                    "除乡（镇）外的每个法人单位都要填写"
                    "营业执照或登记证书上的 18 位统一社会信用代码",
                ),
            )
        return
    why = credit_code_error(unit.credit_code)
    if why is not None:
        yield error(
            "S311",
            unit.at("credit_code"),
            f"credit code {unit.credit_code!r} {why}",
            "copy the 18-character 统一社会信用代码 exactly from the business licence "
            "(GB 32100-2015; letters I, O, Z, S, V never occur)",
            zh=(
                f"统一社会信用代码“{unit.credit_code}”{credit_code_error_zh(unit.credit_code)}",
                "按营业执照逐位抄写 18 位统一社会信用代码"
                "（GB 32100-2015；代码中不会出现字母 I、O、Z、S、V）",
            ),
        )


def credit_code_error_zh(code: str) -> str:
    """Why `code` is not a well-formed credit code, in Chinese (see `credit_code_error`)."""
    if len(code) != 18:
        return f"有 {len(code)} 位，应为 18 位"
    bad = sorted({c for c in code if c not in CREDIT_ALPHABET})
    if bad:
        shown = "、".join(f"“{c}”" for c in bad)
        return f"含有 {shown}：只能用数字和除 I、O、Z、S、V 以外的大写字母"
    expected = credit_check_char(code[:17])
    return f"校验位是“{code[17]}”，按前 17 位算应为“{expected}”"


def _kind_level(kind: Kind, level: Level) -> str:
    return f"{LEVEL_LABELS[level]}{KIND_LABELS[kind]}"


def _branches(roster: Roster, keys: Mapping[str, str]) -> Iterator[Problem]:
    """总部企业与所属分公司不可重复认定 (附件2 一、认定范围); `keys` maps ids to `name_key`s."""
    enterprises: dict[Level, list[Unit]] = defaultdict(list)
    for unit in roster.units.values():
        if unit.kind is Kind.ENTERPRISE:
            enterprises[unit.level].append(unit)
    for units in enterprises.values():
        names = {keys[u.id]: u for u in units}
        for unit in units:
            name = keys[unit.id]
            if not name.endswith(BRANCH_SUFFIX):  # NFKC leaves CJK as it is
                continue
            for end in range(len(name) - len(BRANCH_SUFFIX), 3, -1):
                hq = names.get(name[:end])
                if hq is None or hq is unit:
                    continue
                yield error(
                    "S314",
                    unit.at("name"),
                    f"{unit.id} ({unit.name}) is a branch of {hq.id} ({hq.name}); "
                    "an enterprise and its branch cannot both be demonstration enterprises",
                    "附件2 一、认定范围: 总部企业与所属分公司不可重复认定 — keep only one of "
                    "the two records",
                    zh=(
                        f"{unit.id}（{unit.name}）是 {hq.id}（{hq.name}）的分公司，"
                        "总部企业与所属分公司不能同时认定为示范企业",
                        "附件2 一、认定范围：总部企业与所属分公司不可重复认定。两条记录只保留一条",
                    ),
                )
                break
