"""`shifan check` on synthetic rosters: `python -m benchmarks.check [--huge]`.

Writes rosters of 1,000 and 10,000 units (seed 54) into a temporary folder (as
`DIR/registry`), runs `shifan check --today 2026-11-27` once on each in a fresh process, and
prints the wall-clock and CPU times, the peak memory and the ratio time(10,000) / time(1,000).
In the same run it validates the 10,000 unit files with `check-jsonschema` against
`schemas/unit.schema.json` (the bench extra installs it) and prints the ratio of the two.
`--huge` adds a roster of 100,000 units (check only). Goals on 2 cores: 10,000 units in
≤ 1.5 s wall, ratio ≤ 11, check / check-jsonschema ≤ 0.05; 100,000 units in ≤ 20 s wall and
≤ 4 GB peak memory.
The machine may be shared: the figures include whatever else runs, so the script prints the
load average too, and CPU seconds (the child's user + system), which contention affects less.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from benchmarks.synth import TODAY, write_synthetic_roster

SIZES = (1_000, 10_000)
HUGE = 100_000
SCHEMA = Path(__file__).resolve().parent.parent / "schemas" / "unit.schema.json"


@dataclass(frozen=True)
class Run:
    wall: float  # seconds
    cpu: float  # seconds, user + system
    peak_mib: float  # the process's peak resident memory
    status: int


def run(command: Sequence[str]) -> Run:
    """Run `command` (output discarded) and measure it from outside."""
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    return Run(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, process.returncode)


def run_check(registry: Path) -> Run:
    return run(
        [sys.executable, "-m", "shifan", "check", "--registry", str(registry), "--today",
         TODAY.isoformat()]
    )  # fmt: skip


def run_jsonschema(registry: Path) -> Run | None:
    """check-jsonschema on every unit file of `registry` (None when it is not installed)."""
    tool = shutil.which("check-jsonschema", path=str(Path(sys.executable).parent))
    if tool is None:
        return None
    units = sorted(str(p) for p in (registry / "units").rglob("*.yaml"))
    return run([tool, "--schemafile", str(SCHEMA), *units])


def _show(what: str, result: Run) -> None:
    print(
        f"{what}: {result.wall:6.2f} s wall, {result.cpu:6.2f} s cpu, "
        f"peak {result.peak_mib:,.0f} MiB, exit {result.status}"
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.check", description=__doc__)
    parser.add_argument("--seed", type=int, default=54)
    parser.add_argument("--huge", action="store_true", help=f"also check {HUGE:,} units")
    args = parser.parse_args(argv)
    times: dict[int, Run] = {}
    sizes = (*SIZES, HUGE) if args.huge else SIZES
    with tempfile.TemporaryDirectory(prefix="shifan-bench-") as tmp:
        for size in sizes:
            registry = Path(tmp) / f"u{size}" / "registry"
            start = time.perf_counter()
            write_synthetic_roster(registry, size, args.seed)
            made = time.perf_counter() - start
            times[size] = result = run_check(registry)
            _show(f"{size:>7,} units: check", result)
            print(f"  (roster written in {made:.2f} s)")
            if result.status != 0:
                print("  the synthetic roster did not pass: a bug in synth or the rules")
                return 1
            if size == SIZES[1]:
                reference = run_jsonschema(registry)
                if reference is None:
                    print("  check-jsonschema is not installed (pip install -e '.[bench]')")
                else:
                    _show(f"{size:>7,} units: check-jsonschema", reference)
                    print(
                        f"  check / check-jsonschema: {result.wall / reference.wall:.3f} wall, "
                        f"{result.cpu / reference.cpu:.3f} cpu (goal ≤ 0.05)"
                    )
            shutil.rmtree(registry.parent)
    small, large = times[SIZES[0]], times[SIZES[1]]
    print(
        f"ratio 10,000/1,000: {large.wall / small.wall:.1f} wall, {large.cpu / small.cpu:.1f} cpu"
    )
    print(f"goal 10,000 ≤ 1.5 s: {'met' if large.wall <= 1.5 else 'NOT met'} (wall)")
    if args.huge:
        huge = times[HUGE]
        met = huge.wall <= 20 and huge.peak_mib <= 4096
        print(f"goal 100,000 ≤ 20 s and ≤ 4 GB: {'met' if met else 'NOT met'}")
    print(
        f"load average: {' '.join(f'{x:.2f}' for x in os.getloadavg())} on {os.cpu_count()} cores"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
