"""Benchmark: `shifan build` on 1,000 and 10,000 synthetic units, against a plain MkDocs build.

    .venv/bin/python benchmarks/build.py [--sizes 1000,10000] [--keep DIR]
        [--no-baseline-above N]

For each size it writes a synthetic roster (`benchmarks/synth.py`), then times

- `shifan build` (load + check + statuses + pages + MkDocs Material, strict), and
- the BASELINE: `mkdocs build` of the very same Markdown (the generated pages written to a
  docs folder, plus the hand-written pages of `site_src/`) with a bare `mkdocs.yml` — Material
  theme, the same navigation, the search plugin, no `shifan` plugin;

and prints wall time, CPU time (user + system of the build process: on a shared machine the
wall time also counts waiting for a core), peak memory of `shifan build`, output size, the
gzipped size of `search/search_index.json`, and the time of `shifan build` over the baseline's.
Goals: 10,000 units ≤ 20 s and ≤ 0.35 × the baseline's time, ≤ 300 MB of output,
time(10,000)/time(1,000) ≤ 11, search index ≤ 1.5 MB gzipped; 100,000 units
(`--sizes 100000`) ≤ 5 min with a peak memory ≤ 4 GB. Each build runs in its own process,
one after the other (2 shared cores). `--no-baseline-above N` skips the baseline for sizes
above N units: a plain MkDocs build indexes every row of every page and does not finish in a
reasonable time at 100,000 units, so at that size only `shifan build` is measured.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import gzip
import itertools
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parent.parent
TODAY = "2026-11-27"
SEED = 20161
GOAL_SECONDS, GOAL_MB, GOAL_RATIO, GOAL_INDEX_MB = 20.0, 300.0, 11.0, 1.5
GOAL_VS_BASELINE = 0.35
HUGE, GOAL_HUGE_SECONDS, GOAL_HUGE_MB = 100_000, 300.0, 4000.0  # 100,000 units: 5 min, 4 GB
MB = 1_000_000


@dataclass(frozen=True)
class Result:
    seconds: float
    cpu_seconds: float
    megabytes: float
    files: int
    index_gz_mb: float
    peak_mb: float = 0.0  # largest resident set of any build process so far (shifan's: first)


def measure(site: Path, seconds: float, cpu_seconds: float) -> Result:
    files = [p for p in site.rglob("*") if p.is_file()]
    size = sum(p.stat().st_size for p in files)
    index = site / "search" / "search_index.json"
    index_gz = len(gzip.compress(index.read_bytes(), 9, mtime=0)) if index.is_file() else 0
    return Result(seconds, cpu_seconds, size / MB, len(files), index_gz / MB)


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def timed(command: list[str], cwd: Path) -> tuple[float, float]:
    """(wall seconds, CPU seconds) of running `command` to completion."""
    cpu, start = _children_cpu(), time.perf_counter()
    done = subprocess.run(command, cwd=cwd, capture_output=True, text=True, check=False)
    seconds, cpu = time.perf_counter() - start, _children_cpu() - cpu
    if done.returncode != 0:
        sys.exit(f"failed ({done.returncode}): {' '.join(command)}\n{done.stdout}{done.stderr}")
    return seconds, cpu


def shifan_build(registry: Path, out: Path) -> Result:
    seconds, cpu = timed(
        [sys.executable, "-m", "shifan", "build", "--registry", str(registry),
         "--out", str(out), "--today", TODAY, "--config-file", str(REPO / "mkdocs.yml")],
        REPO,
    )  # fmt: skip
    peak_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss  # Linux: kilobytes
    return dataclasses.replace(measure(out, seconds, cpu), peak_mb=peak_kb * 1000 / MB)


def write_baseline_docs(registry: Path, docs: Path) -> None:
    """The Markdown `shifan build` feeds MkDocs, as plain files (hand-written ones included)."""
    from shifan.site import generate
    from shifan.site.context import build_context
    from shifan.site.inputs import load_inputs

    shutil.copytree(REPO / "site_src", docs, ignore=shutil.ignore_patterns("overrides"))
    inputs = load_inputs(registry, dt.date.fromisoformat(TODAY))
    ctx = build_context(inputs.assessment, "http://127.0.0.1:8000/")
    lazy = ((p.src_uri, p.front_matter + p.body()) for p in generate.lazy_pages(ctx))
    for src_uri, text in itertools.chain(generate.pages(ctx), lazy):
        target = docs / src_uri
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")


def baseline_build(registry: Path, work: Path) -> Result:
    docs, out = work / "docs", work / "site"
    write_baseline_docs(registry, docs)
    project = yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8"))
    config = {
        "site_name": project["site_name"],
        "docs_dir": str(docs),
        "site_dir": str(out),
        "theme": {"name": "material", "language": "zh", "font": False},
        "nav": project.get("nav"),
        "markdown_extensions": project.get("markdown_extensions", []),
        "plugins": ["search"],
    }
    (work / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True), "utf-8")
    seconds, cpu = timed([sys.executable, "-m", "mkdocs", "build", "-q", "-f", "mkdocs.yml"], work)
    return measure(out, seconds, cpu)


def synthesize(registry: Path, units: int) -> None:
    sys.path.insert(0, str(REPO))
    from benchmarks.synth import write_synthetic_roster

    write_synthetic_roster(registry, units, SEED)


def row(label: str, units: int, r: Result) -> str:
    return (
        f"{label:<9} {units:>6} units  wall {r.seconds:6.1f} s  CPU {r.cpu_seconds:6.1f} s  "
        f"{r.megabytes:7.1f} MB  "
        f"{r.files:>6} files  search index {r.index_gz_mb:5.2f} MB gz"
    )


def verdict(ok: bool) -> str:
    return "ok" if ok else "MISSED"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1000,10000", help="unit counts, comma-separated")
    parser.add_argument("--keep", type=Path, default=None, help="keep the work folder here")
    parser.add_argument(
        "--no-baseline-above",
        type=int,
        default=None,
        metavar="N",
        help="skip the plain MkDocs baseline for sizes above N units",
    )
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",")]
    work_root = Path(tempfile.mkdtemp(prefix="shifan-bench-")) if args.keep is None else args.keep
    results: dict[int, tuple[Result, Result | None]] = {}
    try:
        for units in sizes:
            work = work_root / str(units)
            work.mkdir(parents=True, exist_ok=True)
            synthesize(work / "registry", units)
            shifan = shifan_build(work / "registry", work / "site")
            print(row("shifan", units, shifan), flush=True)
            print(f"shifan build {units} units: peak memory {shifan.peak_mb:.0f} MB", flush=True)
            base = None
            if args.no_baseline_above is None or units <= args.no_baseline_above:
                base = baseline_build(work / "registry", work / "baseline")
                print(row("baseline", units, base), flush=True)
                print(
                    f"shifan/baseline {units} units: wall {shifan.seconds / base.seconds:.2f}, "
                    f"CPU {shifan.cpu_seconds / base.cpu_seconds:.2f}",
                    flush=True,
                )
            results[units] = (shifan, base)
    finally:
        if args.keep is None:
            shutil.rmtree(work_root, ignore_errors=True)
    small, large = min(sizes), max(sizes)
    (s_small, b_small), (s_large, b_large) = results[small], results[large]
    if len(sizes) >= 2 and b_small is not None and b_large is not None:
        ratio = s_large.seconds / s_small.seconds
        cpu_ratio = s_large.cpu_seconds / s_small.cpu_seconds
        base_ratio = b_large.seconds / b_small.seconds
        base_cpu_ratio = b_large.cpu_seconds / b_small.cpu_seconds
        print(
            f"time ratio {large}/{small}: shifan wall {ratio:.2f}, CPU {cpu_ratio:.2f}; "
            f"baseline wall {base_ratio:.2f}, CPU {base_cpu_ratio:.2f}"
        )
        print(f"load average at the end: {' '.join(f'{x:.1f}' for x in os.getloadavg())}")
        goals = [
            (f"wall {s_large.seconds:.1f} s (CPU {s_large.cpu_seconds:.1f} s)", "≤ 20 s",
             s_large.seconds <= GOAL_SECONDS),
            (f"wall over the baseline's {s_large.seconds / b_large.seconds:.2f}", "≤ 0.35",
             s_large.seconds <= GOAL_VS_BASELINE * b_large.seconds),
            (f"output {s_large.megabytes:.1f} MB", "≤ 300 MB", s_large.megabytes <= GOAL_MB),
            (f"wall ratio {ratio:.2f} (CPU {cpu_ratio:.2f})", "≤ 11", ratio <= GOAL_RATIO),
            (f"search index {s_large.index_gz_mb:.2f} MB gz", "≤ 1.5 MB",
             s_large.index_gz_mb <= GOAL_INDEX_MB),
        ]  # fmt: skip
        for figure, goal, ok in goals:
            print(f"goal at {large} units: {figure} {goal}: {verdict(ok)}")
    for units, (result, _) in results.items():
        if units >= HUGE:
            seconds_ok = verdict(result.seconds <= GOAL_HUGE_SECONDS)
            memory_ok = verdict(result.peak_mb <= GOAL_HUGE_MB)
            print(
                f"goal at {units} units: wall {result.seconds:.1f} s "
                f"(CPU {result.cpu_seconds:.1f} s) ≤ 300 s: {seconds_ok}; "
                f"peak memory {result.peak_mb:.0f} MB ≤ 4000 MB: {memory_ok}"
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
