"""Issue the demo roster's plaques and certificates with demo keys, then destroy the keys.

`python -m benchmarks.issue_demo_plaques [--registry DIR] [--keys DIR]` — run once on a demo
roster with no plaques yet. It tells the demo's story through the real commands:

- demo key 1 signs from 2017 to the end of 2021, then is retired; demo key 2 takes over
  (so plaques signed by a retired key still verify);
- every award is followed two weeks later by a plaque (units) or certificate (figures);
- a revoked unit's plaque is recalled (voided) when it is re-awarded later, and one lost
  plaque is voided and re-issued.

Private keys live in a temporary folder outside the repository and are deleted at the end:
only `keys/1.json`, `keys/2.json` and the updated records remain.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import json
import shutil
import sys
import tempfile
from pathlib import Path

from shifan.cli import main as shifan
from shifan.loader.registry import load_roster
from shifan.model import Figure, Loc, Unit
from shifan.signing.keys import KeyStatus, key_file_text, parse_key

REPO = Path(__file__).resolve().parent.parent
ROTATION = dt.date(2022, 1, 1)
DELAY = dt.timedelta(days=14)
RECALLS = {"ZZ-ENT-0005": dt.date(2020, 11, 20)}  # revoked 2020-11-10, re-awarded 2025
LOST = ("ZZ-ENT-0001", dt.date(2022, 3, 1))  # plaque lost; re-issued a week later


def run(*args: str) -> None:
    code = shifan(list(args))
    if code != 0:
        raise SystemExit(f"shifan {' '.join(args)} failed with exit {code}")


def retire(keys: Path, kid: str, last_day: dt.date) -> None:
    path = keys / f"{kid}.json"
    record = parse_key(path.read_text(encoding="utf-8"), Loc(str(path)))
    retired = dataclasses.replace(record, status=KeyStatus.RETIRED, not_after=last_day)
    path.write_text(key_file_text(retired), encoding="utf-8")


def serial_of(registry: Path, subject: str) -> int:
    roster, _ = load_roster(registry)
    record = roster.units.get(subject) or roster.figures.get(subject)  # type: ignore[call-overload]
    assert record is not None
    return max(e.serial for e in record.events if e.type == "plaque_issued")  # type: ignore[no-any-return]


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--registry", type=Path, default=REPO / "registry")
    parser.add_argument("--keys", type=Path, default=REPO / "keys")
    parser.add_argument("--today", type=dt.date.fromisoformat, default=dt.date(2026, 11, 27))
    args = parser.parse_args(argv)
    registry, keys = args.registry, args.keys
    roster, _ = load_roster(registry)
    plan: list[tuple[dt.date, str, str]] = []
    records: list[Unit | Figure] = [*roster.units.values(), *roster.figures.values()]
    for record in records:
        for event in record.events:
            if event.type == "awarded" and event.date is not None:
                plan.append((event.date + DELAY, "issue", record.id))
    plan += [(day, "recall", subject) for subject, day in RECALLS.items()]
    plan += [(LOST[1], "lost", LOST[0]), (LOST[1] + dt.timedelta(days=7), "issue", LOST[0])]
    plan = sorted(p for p in plan if p[0] <= args.today)
    secrets = Path(tempfile.mkdtemp(prefix="shifan-demo-keys-"))
    try:
        key1, key2 = secrets / "demo-1.pem", secrets / "demo-2.pem"
        run("keygen", "--kid", "1", "--out", str(key1), "--keys", str(keys), "--demo",
            "--label", "演示密钥(2017–2021)", "--not-before", "2017-01-01")  # fmt: skip
        rotated = False
        for day, action, subject in plan:
            if day >= ROTATION and not rotated:
                label, start = "演示密钥(2022年起)", ROTATION.isoformat()
                run("keygen", "--kid", "2", "--out", str(key2), "--keys", str(keys), "--demo",
                    "--label", label, "--not-before", start)  # fmt: skip
                retire(keys, "1", ROTATION - dt.timedelta(days=1))
                rotated = True
            common = ("--today", day.isoformat(), "--registry", str(registry))
            if action == "issue":
                key = key2 if rotated else key1
                run("plaque", "issue", subject, "--key", str(key), *common)
            else:
                reason = "recalled" if action == "recall" else "lost"
                serial = serial_of(registry, subject)
                run("plaque", "void", str(serial), "--reason", reason, *common)
    finally:
        shutil.rmtree(secrets)
    print(json.dumps({"issued": sum(1 for p in plan if p[1] == "issue"), "keys_deleted": True}))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
