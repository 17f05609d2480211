"""`shifan build`: deterministic output, strict MkDocs, and clean failures."""

from __future__ import annotations

import filecmp
from pathlib import Path

import material.plugins.search.plugin as material_search
import pytest

from shifan import background
from shifan.cli import main
from shifan.site import searchparse
from support import REPO, SITE_TODAY, site_registry_copy

MATERIAL_PARSER = material_search.Parser


def _build(root: Path, registry: Path, out: Path, *extra: str) -> int:
    args = ["build", "--registry", str(registry), "--keys", str(root / "keys"), "--out", str(out)]
    args += ["--today", SITE_TODAY, "--config-file", str(REPO / "mkdocs.yml"), *extra]
    return main(args)


def _files(root: Path) -> list[Path]:
    return sorted(p.relative_to(root) for p in root.rglob("*") if p.is_file())


def test_two_builds_are_byte_identical(built_site: Path, tmp_path: Path) -> None:
    registry = site_registry_copy(tmp_path)
    out = tmp_path / "again"
    assert _build(tmp_path, registry, out) == 0
    assert _files(out) == _files(built_site)
    different = [
        str(rel)
        for rel in _files(out)
        if not filecmp.cmp(out / rel, built_site / rel, shallow=False)
    ]
    assert different == []


def test_site_url_is_used_for_canonical_links(tmp_path: Path) -> None:
    registry = site_registry_copy(tmp_path)
    out = tmp_path / "site"
    assert _build(tmp_path, registry, out, "--site-url", "https://shifan.example.org/zz") == 0
    home = (out / "index.html").read_text(encoding="utf-8")
    assert '<link rel="canonical" href="https://shifan.example.org/zz/">' in home
    assert "https://shifan.example.org/zz/units/" in (out / "sitemap.xml").read_text()


def test_roster_error_fails_with_the_check_report(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    registry = site_registry_copy(tmp_path)
    bad = registry / "units" / "enterprise" / "ZZ-ENT-9901.yaml"
    bad.write_text(bad.read_text(encoding="utf-8").replace("level: provincial", "level: galactic"))
    out = tmp_path / "site"
    assert _build(tmp_path, registry, out) == 1
    captured = capsys.readouterr()
    assert "units/enterprise/ZZ-ENT-9901.yaml:" in captured.out
    assert "error[" in captured.out
    assert "the roster has errors" in captured.err
    assert "Traceback" not in captured.err
    assert not out.exists()


def test_bad_mkdocs_config_is_a_clean_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    registry = site_registry_copy(tmp_path)
    config = tmp_path / "mkdocs.yml"
    config.write_text("site_name: x\ntheme: {name: no-such-theme}\nplugins: [shifan]\n")
    args = ["build", "--registry", str(registry), "--out", str(tmp_path / "o")]
    args += ["--today", SITE_TODAY, "--config-file", str(config)]
    assert main(args) == 1
    err = capsys.readouterr().err
    assert "bad MkDocs configuration" in err
    assert "Traceback" not in err


def test_missing_config_file_is_a_clean_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    registry = site_registry_copy(tmp_path)
    args = ["build", "--registry", str(registry), "--today", SITE_TODAY]
    args += ["--config-file", str(tmp_path / "nope.yml"), "--out", str(tmp_path / "o")]
    assert main(args) == 1
    assert "MkDocs configuration not found" in capsys.readouterr().err


def test_strict_warning_fails_the_build(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A broken link in a hand-written page is a warning, and strict mode makes it fatal."""
    import shutil

    # Every page indexed in this process (outside pytest's workers a second process would
    # index some), so the stand-ins' count below is this process's.
    monkeypatch.setattr(background, "ENABLED", False)

    registry = site_registry_copy(tmp_path)
    docs = tmp_path / "site_src"
    shutil.copytree(REPO / "site_src", docs)
    (docs / "about.md").write_text("# 关于\n\n[坏链接](no-such-page.md)\n", encoding="utf-8")
    config = tmp_path / "mkdocs.yml"
    config.write_text((REPO / "mkdocs.yml").read_text(encoding="utf-8"), encoding="utf-8")
    args = ["build", "--registry", str(registry), "--out", str(tmp_path / "o")]
    args += ["--today", SITE_TODAY, "--config-file", str(config), "--keys", str(tmp_path / "keys")]
    assert main(args) == 1
    assert "strict" in capsys.readouterr().err
    # The search stand-ins read the pages, and Material has its own parser back.
    assert searchparse.STATS["stand_in"] > 10
    assert material_search.Parser is MATERIAL_PARSER


def _build_with_verify_page(tmp_path: Path, files: dict[str, str]) -> tuple[int, Path]:
    """Build the site with `site_src/v/` files replaced by `files`."""
    import shutil

    registry = site_registry_copy(tmp_path)
    docs = tmp_path / "site_src"
    shutil.copytree(REPO / "site_src", docs, dirs_exist_ok=True)
    for name, text in files.items():
        (docs / "v" / name).write_text(text, encoding="utf-8")
    config = tmp_path / "mkdocs.yml"
    config.write_text((REPO / "mkdocs.yml").read_text(encoding="utf-8"), encoding="utf-8")
    out = tmp_path / "o"
    args = ["build", "--registry", str(registry), "--out", str(out), "--today", SITE_TODAY]
    args += ["--config-file", str(config), "--keys", str(tmp_path / "keys")]
    return main(args), out


def test_verify_page_is_inlined_into_one_file(tmp_path: Path) -> None:
    """`site_src/v/` is the standalone verify page: the build inlines its scripts and style
    (Material never wraps it, and `{{ }}` is not a template) and publishes only index.html."""
    code, out = _build_with_verify_page(tmp_path, {"verify.js": "// marker {{ x }}\n"})
    assert code == 0
    assert sorted(p.name for p in (out / "v").iterdir()) == ["index.html"]
    html = (out / "v" / "index.html").read_text(encoding="utf-8")
    assert "<script>// marker {{ x }}\n</script>" in html
    assert 'class="md-' not in html


def test_verify_page_that_cannot_be_inlined_fails_the_build(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], caplog: pytest.LogCaptureFixture
) -> None:
    code, out = _build_with_verify_page(tmp_path, {"verify.js": "var a = '</script>';\n"})
    assert code == 1
    err = capsys.readouterr().err
    assert "the site build failed" in err
    assert "site_src/v/verify.js cannot be inlined" in caplog.text  # MkDocs logs it
    assert "Traceback" not in err
    assert not out.exists()


def test_404_page_links_stay_on_the_site(built_site: Path) -> None:
    import re

    raw = (built_site / "404.html").read_text(encoding="utf-8")
    urls = re.findall(r'(?:href|src|action)="([^"]*)"', raw)
    assert "/lists/" in urls
    assert all(not u.startswith("//") for u in urls), [u for u in urls if u.startswith("//")]


def test_a_build_leaves_source_date_epoch_as_it_found_it(
    built_site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The pinned build date must not leak into later work in the same process (PDFs)."""
    import os

    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    registry = site_registry_copy(tmp_path)
    assert _build(tmp_path, registry, tmp_path / "again") == 0
    assert "SOURCE_DATE_EPOCH" not in os.environ


def test_with_another_plugin_unit_pages_stay_in_mkdocs_loop(
    built_site: Path, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """Unit pages leave MkDocs' page loop only with the plugins known to keep no per-page
    state; with another, MkDocs writes them in its loop, and the site is the same."""
    import logging
    import shutil

    registry = site_registry_copy(tmp_path)
    shutil.copytree(REPO / "site_src", tmp_path / "site_src")
    config = tmp_path / "mkdocs.yml"
    text = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    assert "\nplugins:\n" in text
    config.write_text(text.replace("\nplugins:\n", "\nplugins:\n  - meta\n"), encoding="utf-8")
    args = ["build", "--registry", str(registry), "--keys", str(tmp_path / "keys")]
    args += ["--out", str(tmp_path / "o"), "--today", SITE_TODAY, "--config-file", str(config)]
    with caplog.at_level(logging.DEBUG, logger="mkdocs.plugins.shifan"):
        assert main(args) == 0
    assert "pages written aside by the second process" not in caplog.text
    out = tmp_path / "o"
    assert _files(out) == _files(built_site)
    different = [
        str(rel) for rel in _files(out) if not filecmp.cmp(out / rel, built_site / rel, False)
    ]
    assert different == []
