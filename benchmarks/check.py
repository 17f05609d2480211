"""`shifan check` on synthetic rosters of 1,000 and 10,000 units: `python -m benchmarks.check`.

Writes both rosters (seed 54) into a temporary folder, runs `shifan check --today 2026-11-27`
once on each in a fresh process, and prints the wall-clock and CPU times and the ratio
time(10,000) / time(1,000). Goals: 10,000 units in ≤ 5 s on 2 cores, ratio ≤ 12.
The machine is shared: the figures include whatever else runs, so the script prints the
load average too, and CPU seconds (children's user + system), which contention affects less.
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

from benchmarks.synth import TODAY, write_synthetic_roster

SIZES = (1_000, 10_000)


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run_check(registry: Path) -> tuple[float, float, int]:
    """Wall seconds, CPU seconds and exit status of one `shifan check` run."""
    cpu0, wall0 = _cpu(), time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-m", "shifan", "check", "--registry", str(registry), "--today",
         TODAY.isoformat()],
        capture_output=True,
        check=False,
    )  # fmt: skip
    return time.perf_counter() - wall0, _cpu() - cpu0, result.returncode


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.check", description=__doc__)
    parser.add_argument("--seed", type=int, default=54)
    args = parser.parse_args(argv)
    times: dict[int, tuple[float, float]] = {}
    with tempfile.TemporaryDirectory(prefix="shifan-bench-") as tmp:
        for size in SIZES:
            registry = Path(tmp) / f"u{size}" / "registry"
            start = time.perf_counter()
            write_synthetic_roster(registry, size, args.seed)
            made = time.perf_counter() - start
            wall, cpu, status = run_check(registry)
            times[size] = (wall, cpu)
            print(
                f"{size:>6} units: check {wall:6.2f} s wall, {cpu:6.2f} s cpu, exit {status}"
                f"  (roster written in {made:.2f} s)"
            )
            if status != 0:
                print("  the synthetic roster did not pass: a bug in synth or the rules")
                return 1
    small, large = times[SIZES[0]], times[SIZES[1]]
    print(f"ratio 10,000/1,000: {large[0] / small[0]:.1f} wall, {large[1] / small[1]:.1f} cpu")
    print(f"goal 10,000 ≤ 5 s: {'met' if large[0] <= 5 else 'NOT met'} (wall)")
    print(
        f"load average: {' '.join(f'{x:.2f}' for x in os.getloadavg())} on {os.cpu_count()} cores"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
