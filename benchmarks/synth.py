"""Synthetic rosters: `python -m benchmarks.synth --units N --out DIR [--seed S]`.

Writes a valid registry folder `DIR` (as `shifan check --registry DIR --today 2026-11-27`
reads it) with N units over every kind, level and district, their notices (about one per 25
municipal units, the last one still open), leading figures (one per 50 units) and lifecycles
with reviews, funding, data reports, rejections, withdrawals, revocations and
re-applications. The reference data (districts, targets, standards, calendar overrides) is
copied from the repository's `registry/`, and declared values are generated from the
standards themselves, so the roster stays valid when a threshold changes. The same seed
gives the same files.
"""

from __future__ import annotations

import argparse
import datetime as dt
import functools
import math
import random
import shutil
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from shifan.identifiers import CREDIT_ALPHABET, credit_check_char
from shifan.loader.registry import load_roster
from shifan.model import KIND_ID_CODES, Criterion, EnterpriseClass, Kind, Roster
from shifan.standards import in_force
from shifan.status import add_years
from shifan.workdays import WorkCalendar

TODAY = dt.date(2026, 11, 27)
"""The date the synthetic roster is valid for (and the benchmarks check it on)."""
REFERENCE = Path(__file__).resolve().parent.parent / "registry"
FIRST_NOTICE = dt.date(2017, 3, 1)
UNITS_PER_NOTICE = 25
DAY = dt.timedelta(days=1)

_SYL = "云禾瀚栈智联麦田匠心米多青帆星河拓途嵩岳豫鲜中原链采优品数商启航远达汇通锦程博睿"
_TRADE = ("网络科技", "电子商务", "供应链管理", "信息技术", "数字科技", "商贸", "物流信息")
_DIVISION = "410100"
_ORG_SPACE = 31**7


@dataclass
class _Notice:
    id: str
    published: dt.date
    working_days: int
    end: dt.date
    decision: tuple[dt.date, str] | None
    entries: list[tuple[str, str, str]] = field(default_factory=list)
    objections: list[str] = field(default_factory=list)


def _q(text: str) -> str:
    return text  # generated text never holds YAML indicators; kept as a single seam


def _flow(event: dict[str, Any]) -> str:
    parts = []
    for key, value in event.items():
        if isinstance(value, dict):
            value = "{" + ", ".join(f"{k}: {v}" for k, v in value.items()) + "}"
        parts.append(f"{key}: {value}")
    return "  - {" + ", ".join(parts) + "}"


class _Synth:
    def __init__(self, reference: Roster, units: int, seed: int) -> None:
        self.rnd = random.Random(seed)
        self.ref = reference
        self.cal = WorkCalendar(reference.calendar)
        self.count = units
        self.districts = sorted(reference.districts)
        self.names: set[str] = set()
        self.serial = seed * 104_729 % _ORG_SPACE
        self.numbers: dict[Kind, int] = dict.fromkeys(Kind, 0)
        self.notices = self._notices(max(4, math.ceil(units * 0.82 / UNITS_PER_NOTICE)))
        self.files: dict[str, str] = {}

    # ------------------------------------------------------------------ notices

    def _notices(self, n: int) -> list[_Notice]:
        span = (dt.date(2026, 10, 15) - FIRST_NOTICE).days
        days = sorted(self.rnd.randrange(span) for _ in range(n - 1)) if n > 1 else []
        starts = [FIRST_NOTICE + dt.timedelta(days=d) for d in days] + [dt.date(2026, 11, 23)]
        notices: list[_Notice] = []
        per_year: dict[int, int] = {}
        for start in starts:
            published = start
            while not self.cal.is_workday(published):
                published += DAY
            working_days = self.rnd.choice((5, 5, 7))
            end = self.cal.add_working_days(published, working_days)
            number = per_year[published.year] = per_year.get(published.year, 0) + 1
            decided = end + dt.timedelta(days=self.rnd.randrange(5, 20))
            decision = None
            if decided <= TODAY:
                decision = (decided, f"郑商务〔{decided.year}〕{number + 40}号")
            nid = f"GS-{published.year}-{number:02d}"
            notices.append(_Notice(nid, published, working_days, end, decision))
        return notices

    # ------------------------------------------------------------------ identity

    def _credit_code(self, prefix: str) -> str:
        self.serial = (self.serial + 7_919) % _ORG_SPACE
        org, value = [], self.serial
        for _ in range(7):
            value, digit = divmod(value, 31)
            org.append(CREDIT_ALPHABET[digit])
        body = prefix + _DIVISION + "MA" + "".join(org)
        return body + credit_check_char(body)

    def _name(self, kind: Kind, district: str) -> str:
        rnd = self.rnd
        while True:
            word = rnd.choice(_SYL) + rnd.choice(_SYL)
            if kind is Kind.TOWNSHIP:
                name = f"{self.ref.districts[district].name}{word}镇"  # type: ignore[index]
            elif kind is Kind.PARK:
                name = f"郑州{word}{rnd.choice(('电子商务产业园', '电商孵化基地', '数字商务港'))}"
            elif kind is Kind.TRAINING_BASE:
                name = f"郑州{word}{rnd.choice(('电商职业培训学校', '电商人才服务有限公司'))}"
            else:
                name = f"郑州{word}{rnd.choice(_TRADE)}有限公司"
            if len(self.names) > 600:
                name = name.replace("郑州", f"郑州{rnd.randrange(10_000)}号", 1)
            if name not in self.names:
                self.names.add(name)
                return name

    # ------------------------------------------------------------------ declared values

    def _declared(self, kind: Kind, cls: EnterpriseClass | None, applied: dt.date) -> list[str]:
        standard = self.ref.standards.get(kind)
        version = in_force(standard, applied) if standard else None
        lines: list[str] = []
        leading = kind is Kind.PARK and self.rnd.random() < 0.1
        if leading:
            lines.append("hosts_leading_firm: true")
        lines.append("declared:")
        seen: set[str] = set()
        for c in version.criteria if version else ():
            if (c.classes and cls not in c.classes) or c.key in seen:
                continue
            seen.add(c.key)
            lines.append(f"  {c.key}: {self._value(c, leading)}")
        return lines if seen else lines[:-1]

    def _value(self, c: Criterion, leading: bool) -> str:
        if c.type == "bool":
            return "true"
        if c.type == "attestation":
            return f"{{attested: true, document: 申报材料{self.rnd.randrange(1, 40)}}}"
        op, threshold = c.op, c.value or 0.0
        if leading and c.relaxed_when and c.relaxed_value is not None:
            op, threshold = c.relaxed_op or op, c.relaxed_value
            high = (c.value or threshold) - 1
            return str(self.rnd.randint(math.ceil(threshold), max(math.ceil(threshold), int(high))))
        if op in ("<", "<="):
            return str(math.floor(threshold * 0.5))
        if op == "==":
            return f"{threshold:g}"
        low = math.floor(threshold) + 1 if op == ">" else math.ceil(threshold)
        high = max(low, 100) if c.unit == "%" else max(low + 1, int(threshold * 4) + 1)
        if c.unit == "%":
            high = 100 if low <= 100 else low
        return str(self.rnd.randint(low, high))

    # ------------------------------------------------------------------ lifecycles

    def _municipal(self, uid: str, district: str) -> tuple[dt.date, list[dict[str, Any]]]:
        rnd = self.rnd
        notice = self.notices[-1] if rnd.random() < 0.01 else rnd.choice(self.notices[:-1])
        recommended = notice.published - dt.timedelta(days=rnd.randrange(20, 40))
        applied = recommended - dt.timedelta(days=rnd.randrange(5, 20))
        events: list[dict[str, Any]] = [
            {"type": "recommended", "date": recommended, "district": district}
        ]
        self._list(events, notice, uid)
        if notice.decision is None:
            return applied, events
        fate = rnd.random()
        if fate < 0.04:
            self._objection(notice, uid, upheld=True)
            events.append(
                {"type": "rejected", "date": notice.decision[0], "document": notice.decision[1]}
            )
        elif fate < 0.06:
            events.append({"type": "withdrawn", "date": notice.published + DAY})
        else:
            if fate < 0.08:
                self._objection(notice, uid, upheld=False)
            events.append(
                {"type": "awarded", "date": notice.decision[0], "document": notice.decision[1]}
            )
            events += self._after_award(uid, notice.decision[0], district)
        return applied, events

    def _list(self, events: list[dict[str, Any]], notice: _Notice, uid: str) -> None:
        events.append({"type": "listed", "notice": notice.id})
        notice.entries.append(("unit", uid, f"电子商务业绩{self.rnd.randrange(100, 9000)}万元"))

    def _objection(self, notice: _Notice, uid: str, *, upheld: bool) -> None:
        assert notice.decision is not None
        received = notice.published + DAY
        resolved = max(received, notice.decision[0] - DAY)
        verdict = "经核查反映问题属实，不予认定" if upheld else "经核查反映问题不属实"
        notice.objections.append(
            f"  - {{received: {received}, unit: {uid}, summary: 来信反映申报材料问题, "
            f"upheld: {'true' if upheld else 'false'}, resolved: {resolved}, "
            f"resolution: {verdict}}}"
        )

    def _after_award(self, uid: str, award: dt.date, district: str) -> list[dict[str, Any]]:
        rnd = self.rnd
        timeline: list[dict[str, Any]] = []
        last = award
        overdue = rnd.random() < 0.06  # never reviewed: overdue (a warning)
        while not overdue:
            review = add_years(last, 2) - dt.timedelta(days=rnd.randrange(0, 40))
            if review >= TODAY:
                break
            if rnd.random() < 0.04:
                timeline.append(self._review(review, "failed"))
                revoked = min(TODAY, review + dt.timedelta(days=rnd.randrange(5, 30)))
                timeline.append(self._revoked(revoked, "failed_review"))
                break
            timeline.append(self._review(review, "passed"))
            last = review
        for _ in range(rnd.choice((0, 0, 0, 1, 2))):
            day = award + dt.timedelta(days=rnd.randrange(30, 900))
            if day < TODAY:
                amount = rnd.randrange(10, 100) * 10_000
                timeline.append(
                    {"type": "funding", "date": day, "amount_cny": amount, "year": day.year,
                     "document": f"郑商务〔{day.year}〕{rnd.randrange(10, 90)}号",
                     "project": "电子商务公共服务平台建设"}
                )  # fmt: skip
        if rnd.random() < 0.4:
            for year in range(award.year + 1, min(award.year + 4, TODAY.year + 1)):
                day = dt.date(year, 3, rnd.randrange(1, 29))
                timeline.append(
                    {"type": "data_report", "date": day, "period": f'"{year - 1}"',
                     "figures": {"电子商务交易额_万元": rnd.randrange(500, 90_000)}}
                )  # fmt: skip
        if rnd.random() < 0.04:
            day = award + dt.timedelta(days=rnd.randrange(100, 1500))
            if day < TODAY:
                timeline.append(self._revoked(day, rnd.choice(("falsified", "illegal"))))
        timeline.sort(key=lambda e: e["date"])
        events: list[dict[str, Any]] = []
        failed = False
        for event in timeline:
            if failed and event["type"] != "revoked":
                continue  # a failed review is followed by its revocation only
            failed = failed or event.get("result") == "failed"
            events.append(event)
            if event["type"] == "revoked":
                events += self._reapply(uid, event, district)
                break
        return events

    def _review(self, day: dt.date, result: str) -> dict[str, Any]:
        number = self.rnd.randrange(60, 120)
        return {"type": "review", "date": day, "result": result,
                "document": f"郑商务〔{day.year}〕{number}号"}  # fmt: skip

    def _revoked(self, day: dt.date, reason: str) -> dict[str, Any]:
        return {"type": "revoked", "date": day, "reason": reason,
                "document": f"郑商务〔{day.year}〕{self.rnd.randrange(100, 130)}号"}  # fmt: skip

    def _reapply(self, uid: str, revoked: dict[str, Any], district: str) -> list[dict[str, Any]]:
        rnd = self.rnd
        if rnd.random() > 0.6:
            return []
        start: dt.date = revoked["date"]
        if revoked["reason"] != "failed_review":
            start = add_years(start, 3)
        day = start + dt.timedelta(days=rnd.randrange(1, 300))
        if day >= TODAY:
            return []
        events: list[dict[str, Any]] = [{"type": "reapplied", "date": day, "district": district}]
        later = [n for n in self.notices if n.published > day + dt.timedelta(days=10)]
        if later:
            notice = later[0]
            self._list(events, notice, uid)
            if notice.decision is not None:
                events.append(
                    {"type": "awarded", "date": notice.decision[0], "document": notice.decision[1]}
                )
        return events

    # ------------------------------------------------------------------ records

    def unit(self) -> None:
        rnd = self.rnd
        kind = rnd.choices(list(Kind), weights=(20, 50, 15, 15))[0]
        self.numbers[kind] += 1
        uid = f"ZZ-{KIND_ID_CODES[kind]}-{self.numbers[kind]:04d}"
        level = "municipal"
        if kind is not Kind.TOWNSHIP:
            level = rnd.choices(("municipal", "provincial", "national"), weights=(82, 13, 5))[0]
        district = rnd.choice(self.districts)
        cls = rnd.choice(list(EnterpriseClass)) if kind is Kind.ENTERPRISE else None
        lines = [
            "# yaml-language-server: $schema=../../../schemas/unit.schema.json",
            f"id: {uid}",
            f"kind: {kind}",
        ]
        if cls is not None:
            lines.append(f"enterprise_class: {cls}")
        lines += [f"level: {level}", f"name: {self._name(kind, district)}"]
        if kind is not Kind.TOWNSHIP:
            prefix = (
                "91" if kind is not Kind.TRAINING_BASE else rnd.choice(("91", "91", "12", "52"))
            )
            lines.append(f'credit_code: "{self._credit_code(prefix)}"')
        lines += [f"district: {district}", f"address: 郑州市示例路{rnd.randrange(1, 999)}号"]
        if level == "municipal":
            applied, events = self._municipal(uid, district)
            lines.append(f"applied_on: {applied}")
            lines += self._declared(kind, cls, applied)
        else:
            award = dt.date(2016, 10, 1) + dt.timedelta(days=rnd.randrange(3_500))
            by, doc = ("商务部", "商电发") if level == "national" else ("河南省商务厅", "豫商电商")
            lines.append(f"applied_on: {award - dt.timedelta(days=120)}")
            document = f"{doc}〔{award.year}〕{rnd.randrange(1, 400)}号"
            # keys in the canonical layout's order, as `shifan fmt` writes them
            events = [{"type": "awarded", "date": award, "document": document, "by": by}]
        lines.append("events:")
        lines += [_flow(e) for e in events]
        self.files[f"units/{kind}/{uid}.yaml"] = "\n".join(lines) + "\n"

    def figures(self, units: Sequence[str]) -> None:
        rnd = self.rnd
        decided = [n.decision for n in self.notices if n.decision is not None]
        for i in range(1, max(1, len(units) // 50) + 1):
            fid = f"ZZ-FIG-{i:04d}"
            lines = [
                "# yaml-language-server: $schema=../../schemas/figure.schema.json",
                f"id: {fid}",
                f"name: {rnd.choice('李王张刘陈杨赵黄周吴')}{rnd.choice(_SYL)}{rnd.choice(_SYL)}",
                f"affiliation_unit: {rnd.choice(units)}"
                if rnd.random() < 0.7
                else "affiliation: 郑州市电子商务协会",
                f"field_of_work: {rnd.choice(('跨境电商', '农村电商', '直播电商', '电商服务'))}",
            ]
            day, document = rnd.choice(decided) if decided else (TODAY, "郑商务〔2026〕1号")
            lines += [
                f"year: {day.year}",
                f"certificate: 郑州市电子商务领军人物证书 ZZLJ-{day.year}-{i:04d}",
                "citation: 长期深耕电子商务领域,带动本地企业发展。",
                "events:",
                _flow({"type": "awarded", "date": day, "document": document}),
            ]
            self.files[f"figures/{fid}.yaml"] = "\n".join(lines) + "\n"

    def notice_files(self) -> None:
        for n in self.notices:
            if not n.entries:
                continue
            lines = [
                "# yaml-language-server: $schema=../../schemas/notice.schema.json",
                f"id: {n.id}",
                f"title: 关于郑州市电子商务示范单位拟认定名单的公示({n.id})",
                f"published: {n.published}",
                f"working_days: {n.working_days}",
                "channel: {department: 郑州市商务局电子商务处, phone: 0371-67180000}",
                "entries:",
            ]
            lines += [
                f"  - {{{what}: {sid}, achievements: {text}}}" for what, sid, text in n.entries
            ]
            if n.objections:
                lines += ["objections:", *n.objections]
            if n.decision is not None:
                lines.append(f"decision: {{date: {n.decision[0]}, document: {n.decision[1]}}}")
            self.files[f"notices/{n.id}.yaml"] = "\n".join(lines) + "\n"


@functools.cache
def _reference() -> Roster:
    roster, _ = load_roster(REFERENCE)
    return roster


def write_synthetic_roster(out: Path, units: int, seed: int) -> None:
    """Write a valid synthetic registry of `units` units into the folder `out`."""
    synth = _Synth(_reference(), units, seed)
    for _ in range(units):
        synth.unit()
    ids = [p.rsplit("/", 1)[1][:-5] for p in synth.files]
    synth.figures(ids)
    synth.notice_files()
    out.mkdir(parents=True, exist_ok=True)
    for name in ("districts.yaml", "targets.yaml"):
        shutil.copy(REFERENCE / name, out / name)
    for folder in ("standards", "calendar"):
        if (REFERENCE / folder).is_dir():
            shutil.copytree(REFERENCE / folder, out / folder, dirs_exist_ok=True)
    made: set[Path] = set()
    for rel, text in synth.files.items():
        path = out / rel
        if path.parent not in made:
            path.parent.mkdir(parents=True, exist_ok=True)
            made.add(path.parent)
        path.write_text(text, encoding="utf-8")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.synth", description=__doc__)
    parser.add_argument("--units", type=int, required=True, help="number of units")
    parser.add_argument("--out", type=Path, required=True, help="registry folder to write")
    parser.add_argument("--seed", type=int, default=54, help="random seed (default 54)")
    args = parser.parse_args(argv)
    if args.units < 1:
        parser.error("--units must be at least 1")
    write_synthetic_roster(args.out, args.units, args.seed)
    print(f"wrote {args.units} units to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
