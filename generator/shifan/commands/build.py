"""`shifan build`: the static site, with MkDocs in strict mode (exit 0 built, 1 failed)."""

from __future__ import annotations

import argparse
import logging
import os
import sys
from pathlib import Path

from shifan.commands.common import add_registry_args, today_from
from shifan.errors import ShifanError
from shifan.site.inputs import RosterHasErrors, load_inputs
from shifan.site.run import build_site
from shifan.tlog.publish import LOG_KEY_ENV, checkpoint, log_signer
from shifan.urls import check_site_url


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser(
        "build",
        help="build the static site (MkDocs Material, strict)",
        description="Build the public site from the roster as of --today.",
    )
    add_registry_args(parser)
    add_site_args(parser)
    parser.add_argument(
        "--out", type=Path, default=Path("site"), metavar="DIR", help="output folder (./site)"
    )
    parser.add_argument(
        "--site-url",
        type=check_site_url,
        default=None,
        metavar="URL",
        help="the published address, e.g. https://…/",
    )
    parser.set_defaults(func=run)


def add_site_args(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--config-file",
        type=Path,
        default=Path("mkdocs.yml"),
        metavar="FILE",
        help="the MkDocs configuration (./mkdocs.yml)",
    )
    parser.add_argument(
        "--keys", type=Path, default=None, metavar="DIR", help="public keys folder (./keys)"
    )


def run(args: argparse.Namespace) -> int:
    keys_dir: Path = args.keys if args.keys is not None else args.registry.parent / "keys"
    try:
        inputs = load_inputs(
            args.registry,
            today_from(args),
            keys_dir=keys_dir,
            site_url=args.site_url,
            log_key=log_signer(os.environ),
        )
    except RosterHasErrors as err:
        sys.stdout.write(err.report)
        raise
    except ShifanError:
        raise
    if inputs.assessment.log is not None:  # a wrong SHIFAN_LOG_KEY: refused before MkDocs runs
        checkpoint(inputs.assessment.log, inputs.log_key)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s: %(message)s")
    build_site(args.config_file, args.out, inputs)
    print(f"built {args.out}/ as of {inputs.today.isoformat()}")
    if inputs.assessment.log is not None and inputs.log_key is None:
        print(f"公开日志检查点未签名 (the log checkpoint is unsigned: {LOG_KEY_ENV} is not set)")
    return 0
