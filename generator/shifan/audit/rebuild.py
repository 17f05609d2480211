"""Build the site of one commit in a throw-away clone, the way CI built it.

The clone shares the auditor's object store (`git clone --shared --no-checkout`), so nothing
in the auditor's checkout, index or refs is touched, and the pages' change history is read
from the same commits as in CI (which builds from a full clone). The build uses the
commit's own `mkdocs.yml`, page sources, roster and keys, with the as-of date and address
the published site was built for.
"""

from __future__ import annotations

import datetime as dt
import logging
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from shifan.changes.gitrev import git
from shifan.errors import UsageError
from shifan.site.inputs import load_inputs
from shifan.site.run import build_site


@contextmanager
def rebuilt_site(
    repo: Path,
    commit: str,
    *,
    registry: str,
    keys: str,
    config: str,
    today: dt.date,
    site_url: str,
) -> Iterator[Path]:
    """Yield the folder of the site built from `commit`; removed afterwards.
    `registry`, `keys` and `config` are paths relative to the repository's top."""
    with tempfile.TemporaryDirectory(prefix="shifan-audit-") as tmp:
        clone = Path(tmp) / "src"
        git(repo, "clone", "--quiet", "--shared", "--no-checkout", "--", str(repo), str(clone))
        git(clone, "checkout", "--quiet", "--detach", commit)
        config_file = clone / config
        if not config_file.is_file():
            raise UsageError(
                f"提交 {commit[:12]} 中没有 {config} (no MkDocs configuration at that commit)",
                hint="用 --config-file 指明网站配置在仓库中的位置",
            )
        logging.basicConfig(level=logging.WARNING, format="%(levelname)s: %(message)s")
        inputs = load_inputs(clone / registry, today, keys_dir=clone / keys, site_url=site_url)
        out = Path(tmp) / "site"
        build_site(config_file, out, inputs)
        yield out
