"""QR version histogram and SVG rendering time for plaques.

    .venv/bin/python -m benchmarks.qr_histogram [--count 10000] [--workers 2]

Prints the QR version (level Q) needed by the demo roster's issued tokens and by synthetic
tokens for a 32-character site address, then the time to lay out and render `--count`
plaque SVGs (a synthetic 10,000-unit roster by default). Synthetic tokens have random
fields and a random 64-byte signature: a token's QR version depends only on its length.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import time
from collections import Counter
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from shifan.loader.registry import load_roster
from shifan.model import EnterpriseClass, Figure, Kind, Level, PlaqueForm, Unit
from shifan.plaques.artwork import art_from_token, render_svg
from shifan.plaques.fonts import find_cjk_font
from shifan.plaques.qr import qr_version_histogram
from shifan.signing import token

SITE_32 = "https://zzsw.henan-example.cn/shifan-reg"  # 32 characters after https://
CODES = {Kind.PARK: "PRK", Kind.ENTERPRISE: "ENT", Kind.TRAINING_BASE: "EDU", Kind.TOWNSHIP: "TWN"}
NAME_PARTS = ("郑州", "中原", "金水", "航空港", "豫商", "嵩山", "黄河", "绿城", "商都", "中牟")
NAME_TAILS = ("网络科技有限公司", "电子商务产业园", "供应链管理有限公司", "跨境电商服务有限公司")


def synthetic_token(rng: random.Random, n: int, *, subject: str | None = None) -> str:
    kind = rng.choice(list(CODES))
    payload = token.encode_payload(
        form=PlaqueForm.PLAQUE,
        kid=rng.randrange(1, 100),
        serial=n,
        kind=kind,
        enterprise_class=rng.choice(list(EnterpriseClass)) if kind is Kind.ENTERPRISE else None,
        level=rng.choice(list(Level)),
        awarded=dt.date(2017, 1, 1) + dt.timedelta(days=rng.randrange(3650)),
        valid_until=dt.date(2027, 1, 1) + dt.timedelta(days=rng.randrange(3650)),
        subject=subject or f"ZZ-{CODES[kind]}-{n:04d}",
    )
    return token.to_digits(payload + rng.randbytes(64))


def synthetic_name(rng: random.Random) -> str:
    return rng.choice(NAME_PARTS) + rng.choice(NAME_PARTS) + rng.choice(NAME_TAILS)


def demo_tokens(registry: Path) -> list[str]:
    roster, _ = load_roster(registry)
    records: list[Unit | Figure] = [*roster.units.values(), *roster.figures.values()]
    return [e.token for r in records for e in r.events if e.type == "plaque_issued" and e.token]


def show(label: str, histogram: Counter[int]) -> None:
    parts = ", ".join(f"v{v}: {n}" for v, n in sorted(histogram.items())) or "none"
    print(f"{label}: {parts}")


def render_batch(jobs: Sequence[tuple[str, str]]) -> int:
    font = find_cjk_font(os.environ)
    size = 0
    for digits, name in jobs:
        size += len(render_svg(art_from_token(digits, name=name, site_url=SITE_32), font))
    return size


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--count", type=int, default=10_000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--registry", type=Path, default=Path("registry"))
    args = parser.parse_args()
    rng = random.Random(20161201)

    print(f"site address: {SITE_32} ({len(SITE_32) - len('https://')} characters after https://)")
    demo = demo_tokens(args.registry)
    show(f"demo roster ({len(demo)} issued tokens)", qr_version_histogram(demo, SITE_32))
    units = [synthetic_token(rng, n) for n in range(1, args.count + 1)]
    show(f"{args.count} synthetic units (ids ZZ-XXX-NNNN)", qr_version_histogram(units, SITE_32))
    any_id = [
        synthetic_token(rng, n, subject="".join(rng.choices("ABCZ0129-", k=rng.randint(1, 32))))
        for n in range(1, args.count + 1)
    ]
    show(f"{args.count} synthetic tokens, ids of 1-32 characters",
         qr_version_histogram(any_id, SITE_32))  # fmt: skip

    jobs = [(digits, synthetic_name(rng)) for digits in units]
    start = time.perf_counter()
    render_batch(jobs[: min(200, len(jobs))])  # warm up: font metrics, QR templates
    warm = time.perf_counter() - start
    start, cpu = time.perf_counter(), time.process_time()
    total = render_batch(jobs)
    single, cpu = time.perf_counter() - start, time.process_time() - cpu
    print(f"render {len(jobs)} plaque SVGs, 1 process: {single:.2f} s wall, {cpu:.2f} s CPU "
          f"({1000 * single / len(jobs):.2f} ms each, {total / len(jobs) / 1024:.1f} KiB each; "
          f"warm-up {warm:.2f} s)")  # fmt: skip
    if args.workers > 1:
        chunks = [jobs[i :: args.workers] for i in range(args.workers)]
        start = time.perf_counter()
        with ProcessPoolExecutor(args.workers) as pool:
            sum(pool.map(render_batch, chunks))
        elapsed = time.perf_counter() - start
        print(f"render {len(jobs)} plaque SVGs, {args.workers} processes: {elapsed:.2f} s")


if __name__ == "__main__":
    main()
