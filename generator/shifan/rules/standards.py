"""Declared values against the creation standard (附件1–4) in force on the application date.

Only municipal units are judged: provincial and national titles were judged by their bodies.

S600 no standard for the kind · S601 no version in force on `applied_on` · S602 a required
value is missing · S603 a value of the wrong type · S604 a number misses its threshold ·
S605 a yes/no criterion is not met · S606 a qualitative criterion is not attested ·
S607 an attestation without its document · S608 an unknown declared key · S609 a criterion
of another enterprise class · S610 a malformed criterion in the standard itself.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence

from shifan.errors import Problem
from shifan.model import (
    ENTERPRISE_CLASS_LABELS,
    KIND_LABELS,
    NOWHERE,
    Attestation,
    Criterion,
    EnterpriseClass,
    Kind,
    Level,
    Loc,
    Roster,
    Standard,
    StandardVersion,
    Unit,
)
from shifan.rules._common import WorkCalendar, did_you_mean, did_you_mean_zh, error
from shifan.standards import Judgement, Outcome, Plans, applicable, in_force, shortfalls

OP_WORDS = {">": "more than", ">=": "at least", "<": "less than", "<=": "at most", "==": "exactly"}
OP_WORDS_ZH = {">": "大于", ">=": "不少于", "<": "小于", "<=": "不超过", "==": "等于"}


def check(roster: Roster, cal: WorkCalendar, today: dt.date) -> Iterator[Problem]:
    for kind_standard in roster.standards.values():
        yield from _standard(kind_standard)
    keys: dict[tuple[int, EnterpriseClass | None], tuple[set[str], set[str]]] = {}
    plans = Plans()
    for unit in roster.units.values():
        if unit.level is not Level.MUNICIPAL:
            continue
        standard = roster.standards.get(unit.kind)
        if standard is None:
            yield error(
                "S600",
                unit.at("kind"),
                f"there is no standard for kind {unit.kind}",
                f"add registry/standards/{unit.kind}.yaml",
                zh=(
                    f"没有 {KIND_LABELS[unit.kind]} 的认定标准",
                    f"添加 registry/standards/{unit.kind}.yaml",
                ),
            )
            continue
        version = in_force(standard, unit.applied_on)
        if version is None:
            yield error(
                "S601",
                unit.at("applied_on"),
                f"no version of the {unit.kind} standard was in force on {unit.applied_on}",
                "check applied_on; the earliest version takes effect on "
                + min(str(v.effective) for v in standard.versions)
                if standard.versions
                else f"add a version to registry/standards/{unit.kind}.yaml",
                zh=(
                    f"{unit.applied_on} 没有生效的 {KIND_LABELS[unit.kind]} 认定标准",
                    "核对 applied_on（申报日期）；最早的版本自 "
                    + min(str(v.effective) for v in standard.versions)
                    + " 起生效"
                    if standard.versions
                    else f"在 registry/standards/{unit.kind}.yaml 中添加一个版本",
                ),
            )
            continue
        which = (id(version), unit.enterprise_class)  # versions live as long as the roster
        if which not in keys:
            keys[which] = criterion_keys(unit, version)
        yield from judge(unit, version, keys[which], plans)


def criterion_keys(unit: Unit, version: StandardVersion) -> tuple[set[str], set[str]]:
    """The keys `version` defines, and those of them that apply to `unit` (by its class)."""
    return {c.key for c in version.criteria}, {
        c.key for c in applicable(version, unit.enterprise_class)
    }


def judge(
    unit: Unit,
    version: StandardVersion,
    plan: tuple[set[str], set[str]] | None = None,
    plans: Plans | None = None,
) -> Iterator[Problem]:
    """Every criterion of `version` that applies to `unit`, against its declared values;
    `plan` is `criterion_keys(unit, version)` and `plans` the roster's `Plans`, when the
    caller has them."""
    keys, applicable_keys = plan if plan is not None else criterion_keys(unit, version)
    for key in unit.declared:
        if key not in keys:
            yield error(
                "S608",
                declared_loc(unit, key),
                f"unknown declared value {key!r}.{did_you_mean(key, keys)}",
                f"the {unit.kind} standard of {version.effective} defines: "
                + ", ".join(sorted(keys)),
                zh=(
                    f"未知的申报指标“{key}”。{did_you_mean_zh(key, keys)}",
                    f"{version.effective} 版 {KIND_LABELS[unit.kind]} 标准的指标有："
                    + "、".join(sorted(keys)),
                ),
            )
        elif key not in applicable_keys:
            cls = unit.enterprise_class
            yield error(
                "S609",
                declared_loc(unit, key),
                f"{key!r} is not a criterion for "
                f"{ENTERPRISE_CLASS_LABELS[cls] if cls else 'this unit'} enterprises",
                "remove it, or check enterprise_class",
                zh=(
                    f"“{key}”不是"
                    f"{ENTERPRISE_CLASS_LABELS[cls] if cls else '该单位所属类别'}"
                    "示范企业的认定指标",
                    "删掉它，或核对 enterprise_class（企业类别）",
                ),
            )
    for judgement in shortfalls(unit, version, plans):
        problem = _problem(unit, version, judgement)
        if problem is not None:
            yield problem


def _problem(unit: Unit, version: StandardVersion, j: Judgement) -> Problem | None:
    if j.outcome is Outcome.MET:
        return None
    c = j.criterion
    where = f"{version.document} ({c.label})"
    expected = {"attestation": "`{attested: true, document: …}`", "bool": "true or false"}
    if j.outcome is Outcome.MISSING:
        return error(
            "S602",
            unit.at("declared"),
            f"{unit.id} does not declare {c.key!r} ({c.label})",
            f"add `{c.key}:` under declared — a missing value fails the standard; see {where}",
            zh=(
                f"{unit.id} 没有申报“{c.key}”（{c.label}）",
                f"在 declared 下加上 `{c.key}:`，缺项即不符合标准；见 {where}",
            ),
        )
    if j.outcome is Outcome.WRONG_TYPE:
        return error(
            "S603",
            declared_loc(unit, c.key),
            f"{unit.id}: {c.key!r} ({c.label}) should be {expected.get(c.type, 'a number')}",
            "write the value in the form the standard defines",
            zh=(
                f"{unit.id}：“{c.key}”（{c.label}）应写"
                + {"attestation": "`{attested: true, document: …}`", "bool": "true 或 false"}.get(
                    c.type, "数字"
                ),
                "按标准规定的形式填写",
            ),
        )
    if j.outcome is Outcome.UNDOCUMENTED:
        assert isinstance(j.value, Attestation)
        return error(
            "S607",
            j.value.at("attested"),
            f"{c.label}: attested without a supporting document",
            "add `document:` naming the evidence (file name or 文号) that supports it",
            zh=(
                f"{c.label}：声明已具备，但没有证明材料",
                "加上 `document:`，写明证明材料（文件名或文号）",
            ),
        )
    if j.outcome is not Outcome.NOT_MET:
        return None  # met, or undefined (S610 on the standard)
    if c.type == "attestation":
        return error(
            "S606",
            declared_loc(unit, c.key),
            f"{unit.id} does not attest {c.label}",
            f"required by {where}",
            zh=(f"{unit.id} 未声明具备“{c.label}”", f"依据：{where}"),
        )
    if c.type == "bool":
        return error(
            "S605",
            declared_loc(unit, c.key),
            f"{unit.id}: {c.label} — declared false",
            where,
            zh=(f"{unit.id}：{c.label}，申报为“否”", f"依据：{where}"),
        )
    value, op, threshold = j.value, j.op or "", j.threshold or 0.0
    assert isinstance(value, int | float)
    need = f"{OP_WORDS[op]} {threshold:g}{c.unit or ''}"
    return error(
        "S604",
        declared_loc(unit, c.key),
        f"{unit.id}: {c.label} is {value:g}{c.unit or ''}, the standard needs {need}"
        + (f" (relaxed: {c.relaxed_when})" if j.relaxed else ""),
        f"{where}; a unit that does not meet it cannot be awarded — correct the value if "
        "it was mistyped",
        zh=(
            f"{unit.id}：{c.label}为 {value:g}{c.unit or ''}，标准要求"
            f"{OP_WORDS_ZH[op]} {threshold:g}{c.unit or ''}"
            + (f"（放宽条件：{c.relaxed_when}）" if j.relaxed else ""),
            f"{where}；不达标的单位不能认定。如是录入错误，请改正数值",
        ),
    )


def declared_loc(unit: Unit, key: str) -> Loc:
    """Where declared value `key` is: an attestation knows; a plain value is found through
    the unit's `field_locs["declared.<key>"]` when the loader records it."""
    value = unit.declared.get(key)
    if isinstance(value, Attestation) and value.loc != NOWHERE:
        return value.loc
    return unit.field_locs.get(f"declared.{key}", unit.at("declared"))


def _standard(standard: Standard) -> Iterator[Problem]:
    for version in standard.versions:
        seen: dict[str, Sequence[object]] = {}
        for c in version.criteria:
            problem = _malformed(standard.kind, c)
            if problem is None and c.key in seen:
                overlap = set(seen[c.key]) & set(c.classes) or not (seen[c.key] and c.classes)
                problem = (
                    (
                        f"key {c.key!r} is defined twice for the same classes",
                        f"指标“{c.key}”对同一企业类别定义了两次",
                    )
                    if overlap
                    else None
                )
            if problem is not None:
                yield error(
                    "S610",
                    c.loc,
                    problem[0],
                    "correct the standard file",
                    zh=(problem[1], "改正标准文件"),
                )
            seen[c.key] = c.classes


def _malformed(kind: Kind, c: Criterion) -> tuple[str, str] | None:
    """What is wrong with a criterion, in English and Chinese, or None."""
    if c.type == "number" and (c.op is None or c.value is None):
        return (
            f"number criterion {c.key!r} needs op and value",
            f"数值指标“{c.key}”要写 op 和 value",
        )
    if c.type != "number" and (c.op is not None or c.value is not None):
        return (
            f"{c.type} criterion {c.key!r} takes no op/value",
            f"{c.type} 指标“{c.key}”不写 op/value",
        )
    if c.relaxed_when is not None and (c.relaxed_op is None or c.relaxed_value is None):
        return (
            f"criterion {c.key!r}: relaxed_when needs relaxed_op and relaxed_value",
            f"指标“{c.key}”：写了 relaxed_when 就要写 relaxed_op 和 relaxed_value",
        )
    if c.classes and kind is not Kind.ENTERPRISE:
        return (
            f"criterion {c.key!r}: classes apply to the enterprise standard only",
            f"指标“{c.key}”：classes 只用于示范企业的认定标准",
        )
    return None
