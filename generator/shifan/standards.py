"""A unit's declared values judged against the creation standard (附件1–4) in force on its
application date. Pure: the check's S60x rules report from these judgements and the unit page
shows them, so the two never disagree.
"""

from __future__ import annotations

import datetime as dt
import operator
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from enum import StrEnum

from shifan.model import Attestation, Criterion, DeclaredValue, Standard, StandardVersion, Unit

Op = str
OPS: Mapping[Op, Callable[[float, float], bool]] = {
    ">": operator.gt,
    ">=": operator.ge,
    "<": operator.lt,
    "<=": operator.le,
    "==": operator.eq,
}


class Outcome(StrEnum):
    MET = "met"
    NOT_MET = "not_met"  # a number misses its threshold, a yes/no is no, not attested
    MISSING = "missing"  # nothing declared
    WRONG_TYPE = "wrong_type"  # declared in a form the criterion does not take
    UNDOCUMENTED = "undocumented"  # attested without the supporting document
    UNDEFINED = "undefined"  # the criterion itself lacks its threshold (a standard's error)


OUTCOME_LABELS: Mapping[Outcome, str] = {
    Outcome.MET: "符合",
    Outcome.NOT_MET: "不符合",
    Outcome.MISSING: "未申报",
    Outcome.WRONG_TYPE: "格式有误",
    Outcome.UNDOCUMENTED: "缺证明材料",
    Outcome.UNDEFINED: "—",
}


@dataclass(frozen=True)
class Judgement:
    """One criterion against one declared value; `op`/`threshold` are the ones that apply
    (the relaxed pair when `relaxed`)."""

    criterion: Criterion
    value: DeclaredValue | None
    outcome: Outcome
    op: Op | None = None
    threshold: float | None = None
    relaxed: bool = False

    @property
    def label(self) -> str:
        return OUTCOME_LABELS[self.outcome]


@dataclass(frozen=True)
class StandardsVerdict:
    """Every applicable criterion of the version in force (None: no standard or version)."""

    version: StandardVersion | None
    judgements: tuple[Judgement, ...] = ()

    @property
    def met(self) -> bool:
        return self.version is not None and all(j.outcome is Outcome.MET for j in self.judgements)


def in_force(standard: Standard | None, day: dt.date) -> StandardVersion | None:
    """The latest version whose effective date is on or before `day`."""
    current: StandardVersion | None = None
    for version in standard.versions if standard is not None else ():
        if version.effective <= day and (current is None or version.effective > current.effective):
            current = version
    return current


def applies(criterion: Criterion, unit: Unit) -> bool:
    return not criterion.classes or unit.enterprise_class in criterion.classes


def flag(unit: Unit, name: str) -> bool:
    """A boolean switch of the unit (e.g. `hosts_leading_firm`): a field, or a declared value."""
    value = getattr(unit, name, None)
    if isinstance(value, bool):
        return value
    return unit.declared.get(name) is True


def judge(criterion: Criterion, unit: Unit) -> Judgement:
    value = unit.declared.get(criterion.key)
    if value is None:
        return Judgement(criterion, None, Outcome.MISSING)
    if criterion.type == "attestation":
        if not isinstance(value, Attestation):
            return Judgement(criterion, value, Outcome.WRONG_TYPE)
        if not value.attested:
            return Judgement(criterion, value, Outcome.NOT_MET)
        documented = bool(value.document and value.document.strip())
        return Judgement(criterion, value, Outcome.MET if documented else Outcome.UNDOCUMENTED)
    if criterion.type == "bool":
        if not isinstance(value, bool):
            return Judgement(criterion, value, Outcome.WRONG_TYPE)
        return Judgement(criterion, value, Outcome.MET if value else Outcome.NOT_MET)
    if isinstance(value, bool) or not isinstance(value, int | float):
        return Judgement(criterion, value, Outcome.WRONG_TYPE)
    op, threshold, relaxed = criterion.op, criterion.value, False
    if criterion.relaxed_when and flag(unit, criterion.relaxed_when):
        op, threshold, relaxed = criterion.relaxed_op or op, criterion.relaxed_value, True
    if op is None or threshold is None:
        return Judgement(criterion, value, Outcome.UNDEFINED, op, threshold, relaxed)
    met = OPS[op](float(value), threshold)
    outcome = Outcome.MET if met else Outcome.NOT_MET
    return Judgement(criterion, value, outcome, op, threshold, relaxed)


def judge_unit(unit: Unit, standard: Standard | None) -> StandardsVerdict:
    """The unit against the version of its kind's standard in force on `applied_on`."""
    version = in_force(standard, unit.applied_on)
    if version is None:
        return StandardsVerdict(None)
    return StandardsVerdict(version, judge_version(unit, version))


def judge_version(unit: Unit, version: StandardVersion) -> tuple[Judgement, ...]:
    """Every criterion of `version` that applies to `unit`."""
    return tuple(judge(c, unit) for c in version.criteria if applies(c, unit))
