"""`shifan schema --out DIR`: write the JSON Schemas of the registry files."""

from __future__ import annotations

import argparse
import os
import tempfile
from pathlib import Path

from shifan.errors import UsageError
from shifan.schema import all_schemas


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser(
        "schema",
        help="write the JSON Schemas of the registry files",
        description="Write one JSON Schema per registry file type, generated from the model.",
    )
    parser.add_argument(
        "--out",
        type=Path,
        default=Path("schemas"),
        metavar="DIR",
        help="the folder to write into (default: ./schemas)",
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    out: Path = args.out
    try:
        out.mkdir(parents=True, exist_ok=True)
        for name, text in all_schemas().items():
            _write_atomic(out / name, text)
            print(out / name)
    except OSError as err:
        raise UsageError(
            f"cannot write schemas to {out}: {err.strerror}",
            hint="pass --out with a writable folder",
        ) from None
    return 0


def _write_atomic(target: Path, text: str) -> None:
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
