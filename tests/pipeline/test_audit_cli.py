"""`shifan audit` end to end: a real git repository, real builds, a local HTTP server."""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from changes.gitrepo import Repo
from pipeline.conftest import SITE_URL, UNIT, BureauRepo
from shifan.cli import main
from support import REPO, SITE_TODAY

PAGE = "units/ZZ-ENT-0002/index.html"


def _audit(repo: Path, site: str, commit: str, *extra: str) -> int:
    args = ["audit", "--site", site, f"--commit={commit}", "--registry", str(repo / "registry")]
    return main([*args, "--config-file", str(repo / "mkdocs.yml"), *extra])


def _checkout_state(repo: Path) -> tuple[str, ...]:
    """What an audit must leave alone: refs, worktrees, index and work tree, config."""
    paths = sorted(p.relative_to(repo / ".git").as_posix() for p in (repo / ".git").rglob("*"))
    return (*paths, (repo / ".git" / "config").read_text(), (repo / ".git" / "HEAD").read_text())


def _copy(site: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "site"
    shutil.copytree(site, copy)
    return copy


def _flip_one_byte(path: Path) -> None:
    data = bytearray(path.read_bytes())
    at = data.index(b"<body")
    data[at + 1] = ord("B")  # <body → <Body: one byte
    path.write_bytes(bytes(data))


def test_identical_rebuild_passes_and_leaves_the_checkout_alone(
    bureau_repo: BureauRepo, published: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = bureau_repo.repo.root
    before = _checkout_state(root)
    assert _audit(root, str(published), "pr") == 0
    out = capsys.readouterr().out
    assert f"提交 {bureau_repo.head}，数据日期 {SITE_TODAY}，网址 {SITE_URL}" in out
    files = len(json.loads((published / "manifest.json").read_bytes())["files"]) + 1
    assert f"一致：网站的 {files} 个文件与该提交重新生成的结果完全相同。" in out
    assert _checkout_state(root) == before


def test_a_changed_byte_a_missing_and_an_extra_file_are_each_named(
    bureau_repo: BureauRepo, published: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    site = _copy(published, tmp_path)
    _flip_one_byte(site / PAGE)
    (site / "api" / "units" / "ZZ-ENT-0003.json").unlink()
    (site / "units" / "ZZ-ENT-9999").mkdir()
    (site / "units" / "ZZ-ENT-9999" / "index.html").write_text("<p>假冒</p>", encoding="utf-8")
    assert _audit(bureau_repo.repo.root, str(site), bureau_repo.head, "--format", "json") == 1
    report: dict[str, Any] = json.loads(capsys.readouterr().out)
    assert report["identical"] is False
    assert report["changed"] == [PAGE]
    assert report["missing"] == ["api/units/ZZ-ENT-0003.json"]
    assert report["extra"] == ["units/ZZ-ENT-9999/index.html"]
    assert (report["commit"], report["as_of"], report["site_url"]) == (
        bureau_repo.head,
        SITE_TODAY,
        SITE_URL,
    )


def test_the_wrong_commit_reports_the_pages_it_changes(
    bureau_repo: BureauRepo, published: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _audit(bureau_repo.repo.root, str(published), "main", "--format", "json") == 1
    report = json.loads(capsys.readouterr().out)
    assert report["commit"] == bureau_repo.base
    # The address is on the unit's page (and the manifest lists its digest); no other page.
    assert {"units/ZZ-ENT-0001/index.html", "manifest.json"} <= set(report["changed"])
    other_pages = [p for p in report["changed"] if p.startswith("units/")]
    assert other_pages == ["units/ZZ-ENT-0001/index.html"]
    assert (report["missing"], report["extra"]) == ([], [])


def test_a_site_fetched_by_url_is_audited_from_its_manifest(
    bureau_repo: BureauRepo,
    published: Path,
    tmp_path: Path,
    static_server: Any,
    capsys: pytest.CaptureFixture[str],
) -> None:
    site = _copy(published, tmp_path)
    _flip_one_byte(site / PAGE)
    server = static_server(site)
    assert server.url.startswith("http://127.0.0.1:")
    assert _audit(bureau_repo.repo.root, server.url + "/", "pr") == 1
    out = capsys.readouterr().out
    assert "不一致：1 个文件与该提交重新生成的结果不同。" in out
    assert f"内容不同 (changed)：1 个，网站上的文件与重新生成的不同\n  {PAGE}\n" in out
    assert "网站缺少" not in out
    assert "网站多出" not in out
    manifest = json.loads((site / "manifest.json").read_bytes())
    assert sorted(server.paths) == sorted(["/manifest.json", *(f"/{p}" for p in manifest["files"])])


@pytest.mark.parametrize(
    ("site", "commit", "message"),
    [
        ("{published}", "no-such-rev", "no such git revision: 'no-such-rev'"),
        ("{tmp}/nowhere", "pr", "没有这个网站文件夹"),
        ("{published}", "-x", "not a revision"),
    ],
)
def test_bad_revision_or_missing_site_is_a_usage_error(
    bureau_repo: BureauRepo,
    published: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    site: str,
    commit: str,
    message: str,
) -> None:
    where = site.format(published=published, tmp=tmp_path)
    assert _audit(bureau_repo.repo.root, where, commit) == 2
    err = capsys.readouterr().err
    assert message in err
    assert "Traceback" not in err


def test_a_url_without_manifest_is_a_usage_error(
    bureau_repo: BureauRepo, tmp_path: Path, static_server: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "index.html").write_text("<p>旧网站</p>", encoding="utf-8")
    server = static_server(tmp_path)
    assert _audit(bureau_repo.repo.root, server.url, "pr") == 2
    assert "manifest.json 不存在 (the site has no manifest)" in capsys.readouterr().err


def test_the_manifest_lists_every_published_file_with_its_sha256(published: Path) -> None:
    manifest = json.loads((published / "manifest.json").read_bytes())
    assert (manifest["as_of"], manifest["site_url"]) == (SITE_TODAY, SITE_URL)
    on_disk = {
        p.relative_to(published).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in published.rglob("*")
        if p.is_file() and p.name not in ("manifest.json", ".shifan-site")
    }
    assert manifest["files"] == on_disk
    assert "index.html" in on_disk
    assert "api/units/ZZ-ENT-0001.json" in on_disk


def test_a_commit_whose_roster_has_errors_is_named_with_the_check_report(
    published: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = tmp_path / "repo"
    root.mkdir()
    for folder in ("registry", "keys"):
        shutil.copytree(REPO / folder, root / folder)
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    repo = Repo(root)
    repo.git("init", "-q", "-b", "main")
    repo.edit(UNIT, lambda t: t.replace("level: municipal", "level: galactic"))
    commit = repo.commit("broken")
    assert _audit(root, str(published), "HEAD", "--format", "json") == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert f"{UNIT.removeprefix('registry/')}:" in captured.err
    assert f"提交 {commit[:12]} 的名录有错误" in captured.err
    assert "Traceback" not in captured.err


@pytest.mark.parametrize("site", ["http://[::1", "https://", "http://example.org/?x=1"])
def test_a_malformed_site_address_is_a_usage_error_not_a_traceback(
    bureau_repo: BureauRepo, site: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _audit(bureau_repo.repo.root, site, "pr") == 2
    err = capsys.readouterr().err
    assert "--site" in err
    assert "Traceback" not in err


def test_a_shallow_clone_is_refused_before_rebuilding(
    bureau_repo: BureauRepo, published: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """CI builds from the full history (the pages' change history): a shallow clone would
    differ on every record page for that reason alone."""
    shallow = tmp_path / "shallow"
    source = bureau_repo.repo.root.as_uri()
    subprocess.run(
        ["git", "clone", "-q", "--depth", "1", "-b", "pr", source, str(shallow)], check=True
    )
    assert _audit(shallow, str(published), "HEAD") == 2
    err = capsys.readouterr().err
    assert "git fetch --unshallow" in err
    assert "Traceback" not in err
