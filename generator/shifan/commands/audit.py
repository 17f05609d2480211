"""`shifan audit --site DIR_OR_URL --commit REV`: is the published site what REV builds?"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from collections.abc import Mapping
from pathlib import Path

from shifan.assessment import default_keys_dir
from shifan.audit.compare import Audit, compare, format_json, format_text
from shifan.audit.rebuild import rebuilt_site
from shifan.audit.sources import Site, is_url, read_folder, read_site
from shifan.changes.gitrev import git, resolve, toplevel
from shifan.commands.common import add_keys_arg, parse_date, repo_relative
from shifan.errors import ShifanError, UsageError
from shifan.site.inputs import RosterHasErrors
from shifan.urls import check_site_url

FORMATS = {"text": format_text, "json": format_json}


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser(
        "audit",
        help="审计: rebuild a commit and compare it with the published site, file by file",
        description=(
            "Rebuild the site of --commit in a temporary clone (your checkout is not touched), "
            "with the as-of date and address the published site records in its manifest.json, "
            "and compare every file both ways: changed, missing from the site, extra on the "
            "site. The signed log checkpoint is compared without its signature lines (CI signs "
            "it with a key the auditor does not have; `shifan log verify` checks it). "
            "Exit 0 identical, 1 differences, 2 bad revision or no site."
        ),
    )
    parser.add_argument(
        "--site", required=True, metavar="DIR_OR_URL", help="the published site: folder or URL"
    )
    parser.add_argument("--commit", default="HEAD", metavar="REV", help="revision (HEAD)")
    parser.add_argument(
        "--registry",
        type=Path,
        default=Path("registry"),
        metavar="DIR",
        help="the roster folder in this repository (default: ./registry)",
    )
    add_keys_arg(parser)
    parser.add_argument(
        "--config-file",
        type=Path,
        default=Path("mkdocs.yml"),
        metavar="FILE",
        help="the MkDocs configuration in this repository (./mkdocs.yml)",
    )
    parser.add_argument(
        "--today",
        type=parse_date,
        default=None,
        metavar="YYYY-MM-DD",
        help="the as-of date of the published site (default: the one its manifest records)",
    )
    parser.add_argument(
        "--site-url",
        type=check_site_url,
        default=None,
        metavar="URL",
        help="the site's address (default: the one its manifest records)",
    )
    parser.add_argument("--format", choices=tuple(FORMATS), default="text")
    parser.set_defaults(func=run)


def recorded_date(site: Site, source: str) -> dt.date | None:
    """The as-of date the site records: its manifest's, else (a folder built before there
    was a manifest) the `as_of` of its units list."""
    value = site.manifest.get("as_of") if site.manifest is not None else None
    if value is None and not is_url(source):
        units = Path(source) / "api" / "units.json"
        try:
            first = json.loads(units.read_bytes())[0] if units.is_file() else {}
        except (ValueError, IndexError, KeyError):
            first = {}
        value = first.get("as_of") if isinstance(first, dict) else None
    try:
        return dt.date.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None


def _recorded(manifest: Mapping[str, object] | None, key: str) -> str | None:
    value = manifest.get(key) if manifest is not None else None
    return value if isinstance(value, str) and value else None


def run(args: argparse.Namespace) -> int:
    registry: Path = args.registry
    repo = toplevel(registry if registry.exists() else Path.cwd())
    if repo is None:
        raise UsageError(
            "不在 git 仓库中 (not in a git repository)",
            hint="在名录所在仓库的文件夹中运行 `shifan audit`",
        )
    keys: Path = args.keys if args.keys is not None else default_keys_dir(registry)
    paths = {
        "registry": repo_relative(registry, repo, "registry"),
        "keys": repo_relative(keys, repo, "keys"),
        "config": repo_relative(args.config_file, repo, "MkDocs configuration"),
    }
    commit = resolve(repo, args.commit)
    if git(repo, "rev-parse", "--is-shallow-repository").strip() == b"true":
        raise UsageError(
            "这是浅克隆, 缺少完整的提交历史 (a shallow clone)",
            hint="网站的变更历史取自完整的提交历史; 先运行 `git fetch --unshallow`",
        )
    site = read_site(args.site)
    today = args.today or recorded_date(site, args.site)
    site_url = args.site_url or _recorded(site.manifest, "site_url")
    if today is None or site_url is None:
        raise UsageError(
            "网站没有记录生成日期或网址 (the site records no as-of date or address)",
            hint="用 --today YYYY-MM-DD 和 --site-url URL 指明网站生成时所用的值",
        )
    check_site_url(site_url, source="网站清单（manifest.json）中的地址")
    try:
        with rebuilt_site(repo, commit, today=today, site_url=site_url, **paths) as out:
            rebuilt = read_folder(out).digests
    except RosterHasErrors as err:
        sys.stderr.write(err.report)  # stdout stays the report's (and valid JSON)
        raise ShifanError(
            f"提交 {commit[:12]} 的名录有错误, 生成不了网站 (the roster has errors at that commit)",
            hint="这个提交不可能是已发布网站的来源; 请核对 --commit",
        ) from None
    audit = Audit(
        site=args.site,
        commit=commit,
        as_of=today.isoformat(),
        site_url=site_url,
        files=len(rebuilt),
        differences=compare(site.digests, rebuilt),
    )
    sys.stdout.write(FORMATS[args.format](audit))
    return 0 if audit.differences.identical else 1
