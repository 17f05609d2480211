"""`shifan serve`: preview the site locally; rebuilds when the roster or site_src changes."""

from __future__ import annotations

import argparse
import logging
from pathlib import Path

from shifan.commands.build import add_site_args
from shifan.commands.common import add_registry_args
from shifan.errors import RegistryError
from shifan.site.run import serve_site


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser(
        "serve",
        help="preview the site on http://127.0.0.1:8000 with live reload",
        description="Build the site and serve it locally; rebuild on every change.",
    )
    add_registry_args(parser)
    add_site_args(parser)
    parser.add_argument(
        "--dev-addr", default="127.0.0.1:8000", metavar="HOST:PORT", help="(127.0.0.1:8000)"
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    registry: Path = args.registry
    if not registry.is_dir():
        raise RegistryError(
            f"registry folder not found: {registry}",
            hint="run from the repository root, or pass --registry DIR",
        )
    keys: Path = args.keys if args.keys is not None else registry.parent / "keys"
    logging.basicConfig(level=logging.INFO, format="%(levelname)s: %(message)s")
    today = args.today.isoformat() if args.today else None
    serve_site(args.config_file, registry=registry, keys=keys, today=today, dev_addr=args.dev_addr)
    return 0
