"""A unit's declared values judged against the creation standard (附件1–4) in force on its
application date. Pure: the check's S60x rules report from these judgements and the unit page
shows them, so the two never disagree.
"""

from __future__ import annotations

import datetime as dt
import operator
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from enum import StrEnum

from shifan.model import (
    Attestation,
    Criterion,
    DeclaredValue,
    EnterpriseClass,
    Standard,
    StandardVersion,
    Unit,
)

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


def applicable(
    version: StandardVersion, enterprise_class: EnterpriseClass | None
) -> tuple[Criterion, ...]:
    """The criteria of `version` that apply to units of `enterprise_class`, in order."""
    return tuple(c for c in version.criteria if not c.classes or enterprise_class in c.classes)


MetTest = Callable[[DeclaredValue | None], bool]
"""True only for a value `verdict` surely finds met, whatever the unit (see `met_test`)."""


def met_test(criterion: Criterion) -> MetTest | None:
    """A quick test of the common case, a value that meets `criterion`; None for a criterion
    with a relaxed form (met depends on the unit) or without its threshold. A value the
    test does not pass takes `verdict`, which alone says how it fails."""
    if criterion.relaxed_when is not None:
        return None
    if criterion.type == "attestation":
        return lambda v: (
            type(v) is Attestation and v.attested and bool(v.document and v.document.strip())
        )
    if criterion.type == "bool":
        return lambda v: v is True
    if criterion.op is None or criterion.value is None:
        return None
    compare, threshold = OPS[criterion.op], criterion.value
    return lambda v: (type(v) is int or type(v) is float) and compare(float(v), threshold)


Plan = tuple[tuple[Criterion, MetTest | None], ...]
"""The criteria that apply to a class of units, in order, each with its `met_test`."""


class Plans:
    """The `Plan` per version and enterprise class, worked out once for a whole roster.

    Keyed by the version's identity (versions are compared field by field otherwise, which
    costs more than the work saved); the table keeps each version alive, so an identity is
    never reused while it is in the table."""

    def __init__(self) -> None:
        self._plans: dict[tuple[int, EnterpriseClass | None], tuple[StandardVersion, Plan]] = {}

    def plan(self, version: StandardVersion, unit: Unit) -> Plan:
        key = (id(version), unit.enterprise_class)
        found = self._plans.get(key)
        if found is None:
            criteria = applicable(version, unit.enterprise_class)
            found = self._plans[key] = (version, tuple((c, met_test(c)) for c in criteria))
        return found[1]


def flag(unit: Unit, name: str) -> bool:
    """A boolean switch of the unit (e.g. `hosts_leading_firm`): a field, or a declared value."""
    value = getattr(unit, name, None)
    if isinstance(value, bool):
        return value
    return unit.declared.get(name) is True


Verdict = tuple[Outcome, Op | None, float | None, bool]
"""A judgement without its criterion and value: outcome, op, threshold, relaxed."""

_MET: Verdict = (Outcome.MET, None, None, False)
_NOT_MET: Verdict = (Outcome.NOT_MET, None, None, False)
_MISSING: Verdict = (Outcome.MISSING, None, None, False)
_WRONG_TYPE: Verdict = (Outcome.WRONG_TYPE, None, None, False)
_UNDOCUMENTED: Verdict = (Outcome.UNDOCUMENTED, None, None, False)


def verdict(criterion: Criterion, value: DeclaredValue | None, unit: Unit) -> Verdict:
    """How `value`, declared by `unit`, fares against `criterion` (what `judge` records)."""
    if value is None:
        return _MISSING
    if criterion.type == "attestation":
        if not isinstance(value, Attestation):
            return _WRONG_TYPE
        if not value.attested:
            return _NOT_MET
        documented = bool(value.document and value.document.strip())
        return _MET if documented else _UNDOCUMENTED
    if criterion.type == "bool":
        if not isinstance(value, bool):
            return _WRONG_TYPE
        return _MET if value else _NOT_MET
    if isinstance(value, bool) or not isinstance(value, (int, float)):  # a tuple: quicker
        return _WRONG_TYPE
    op, threshold, relaxed = criterion.op, criterion.value, False
    if criterion.relaxed_when and flag(unit, criterion.relaxed_when):
        op, threshold, relaxed = criterion.relaxed_op or op, criterion.relaxed_value, True
    if op is None or threshold is None:
        return Outcome.UNDEFINED, op, threshold, relaxed
    met = OPS[op](float(value), threshold)
    return Outcome.MET if met else Outcome.NOT_MET, op, threshold, relaxed


def judge(criterion: Criterion, unit: Unit) -> Judgement:
    value = unit.declared.get(criterion.key)
    return Judgement(criterion, value, *verdict(criterion, value, unit))


def judge_unit(unit: Unit, standard: Standard | None) -> StandardsVerdict:
    """The unit against the version of its kind's standard in force on `applied_on`."""
    version = in_force(standard, unit.applied_on)
    if version is None:
        return StandardsVerdict(None)
    return StandardsVerdict(version, judge_version(unit, version))


def judge_version(unit: Unit, version: StandardVersion) -> tuple[Judgement, ...]:
    """Every criterion of `version` that applies to `unit`."""
    return tuple(judge(c, unit) for c in applicable(version, unit.enterprise_class))


def shortfalls(
    unit: Unit, version: StandardVersion, plans: Plans | None = None
) -> Iterator[Judgement]:
    """The judgements of `judge_version` that are not met, in the same order; the met ones
    cost no `Judgement`, and most of them only their `met_test`."""
    declared = unit.declared
    for criterion, met in (plans or Plans()).plan(version, unit):
        value = declared.get(criterion.key)
        if met is not None and met(value):
            continue
        found = verdict(criterion, value, unit)
        if found[0] is not Outcome.MET:
            yield Judgement(criterion, value, *found)
