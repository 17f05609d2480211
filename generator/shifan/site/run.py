"""Running MkDocs programmatically (build and serve), with its failures as ShifanError."""

from __future__ import annotations

import os
from pathlib import Path

from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort, ConfigurationError, MkDocsException, PluginError

from shifan.errors import ShifanError
from shifan.outdir import check_out_folder, replacing, standard_guards
from shifan.site import segment
from shifan.site.inputs import SiteInputs
from shifan.site.manifest import write_manifest
from shifan.site.plugin import ShifanPlugin


class SiteError(ShifanError):
    """MkDocs refused the configuration or the build (strict warnings included)."""


def build_site(config_file: Path, out_dir: Path, inputs: SiteInputs) -> None:
    """Build into `out_dir` with strict mode, using already-loaded `inputs`.

    The site is built into a new folder beside `out_dir` and swapped in when complete
    (see `shifan.outdir`); a folder the operator owns is refused before anything is written.
    """
    if not config_file.is_file():
        raise SiteError(
            f"MkDocs configuration not found: {config_file}",
            hint="run from the repository root, or pass --config-file FILE",
        )
    try:
        config = load_config(str(config_file), strict=True)
    except (ConfigurationError, Abort, OSError) as err:
        raise SiteError(
            f"bad MkDocs configuration {config_file}: {err}",
            hint="see the configuration errors above",
        ) from None
    plugin = config.plugins.get("shifan")
    if not isinstance(plugin, ShifanPlugin):
        raise SiteError(
            f"{config_file} does not enable the `shifan` plugin",
            hint="add `- shifan` under `plugins:`",
        )
    plugin.preset = inputs
    guards = standard_guards(
        registry=inputs.assessment.registry,
        keys=inputs.assessment.keys_dir,
        config_file=config_file,
        docs_dir=Path(config.docs_dir),
    )
    target = check_out_folder(out_dir, guards)
    with replacing(target) as fresh:
        config["site_dir"] = str(fresh)
        _build(config)
        # Last: it lists every file the build wrote (see shifan.site.manifest).
        write_manifest(
            fresh, as_of=inputs.today, site_url=config.site_url or "", known=plugin.digests
        )


def _build(config: MkDocsConfig) -> None:
    # The plugin pins SOURCE_DATE_EPOCH for reproducible output; it must not outlive the build
    # (reportlab, for one, dates PDFs by it).
    before = os.environ.get("SOURCE_DATE_EPOCH")
    try:
        build(config)
    except PluginError as err:
        raise SiteError(str(err)) from None
    except Abort as err:
        raise SiteError(
            f"the site build failed: {err}",
            hint="see the warnings above; the build is strict (any warning fails it)",
        ) from None
    except MkDocsException as err:
        raise SiteError(f"the site build failed: {err}") from None
    finally:
        segment.uninstall()  # the plugin's stand-in for jieba never outlives the build
        if before is None:
            os.environ.pop("SOURCE_DATE_EPOCH", None)
        else:
            os.environ["SOURCE_DATE_EPOCH"] = before


def serve_site(
    config_file: Path,
    *,
    registry: Path,
    keys: Path,
    today: str | None,
    dev_addr: str,
) -> None:
    """Preview with live reload; the roster and keys folders are watched too.

    MkDocs reloads its configuration (and a fresh plugin) on every rebuild, so the inputs
    travel as environment variables, which the plugin reads.
    """
    from mkdocs.commands.serve import serve

    if not config_file.is_file():
        raise SiteError(f"MkDocs configuration not found: {config_file}")
    os.environ["SHIFAN_REGISTRY"] = str(registry.resolve())
    os.environ["SHIFAN_KEYS"] = str(keys.resolve())
    if today:
        os.environ["SHIFAN_TODAY"] = today
    try:
        serve(
            str(config_file),
            dev_addr=dev_addr,
            livereload=True,
            watch=[str(registry), str(keys)] if keys.is_dir() else [str(registry)],
        )
    except (ConfigurationError, PluginError, Abort) as err:
        raise SiteError(f"cannot serve the site: {err}") from None
