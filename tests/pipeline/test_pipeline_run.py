"""The CI scripts themselves, run with bash in a temporary clone of a bureau repository.

Each `run:` (GitHub) or `script:` (GitLab) is taken from the parsed YAML and run as the runner
runs it (`bash --noprofile --norc -eo pipefail`), with the environment the workflow sets.
Not run here: `uses:` steps (actions, not shell: checkout, setup-python, artifacts, Pages);
"Install shifan" / GitLab's `before_script` (`pip install .` needs the package index; this
test's own environment has this checkout's shifan installed and first on PATH); the comment
steps (`gh pr comment`, GitLab's notes API: they need the host's API and a token); and the
publishing jobs, whose log step needs the published site.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from pipeline.cifiles import GITLAB, PR_WORKFLOW, load, step
from pipeline.conftest import UNIT, BureauRepo

BIN = Path(sys.executable).parent
CONTEXT = {"github.base_ref": "main"}  # the pull request's target branch


def _expand(value: str) -> str:
    """A workflow expression in an `env:` value, as GitHub would fill it in."""

    def one(match: re.Match[str]) -> str:
        return CONTEXT[match.group(1)]  # an expression this test does not know: KeyError

    return re.sub(r"\$\{\{\s*([\w.]+)\s*\}\}", one, value)


@pytest.fixture
def clone(bureau_repo: BureauRepo, tmp_path: Path) -> Path:
    """The pull request's branch, cloned as CI clones it (full history, origin/main)."""
    work = tmp_path / "work"
    subprocess.run(["git", "clone", "-q", str(bureau_repo.repo.root), str(work)], check=True)
    subprocess.run(["git", "-C", str(work), "checkout", "-q", "pr"], check=True)
    return work


def _run(script: str, cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    path = cwd.parent / "step.sh"
    path.write_text(script, encoding="utf-8")
    base = {k: v for k, v in os.environ.items() if not k.startswith("SHIFAN_")}
    full = {**base, "PATH": f"{BIN}{os.pathsep}{os.environ['PATH']}", **env}
    return subprocess.run(
        ["bash", "--noprofile", "--norc", "-eo", "pipefail", str(path)],
        cwd=cwd,
        env=full,
        capture_output=True,
        text=True,
        check=False,
    )


def _github_step(
    workflow: dict[str, Any], job: str, step_id: str, cwd: Path, runner: dict[str, str]
) -> subprocess.CompletedProcess[str]:
    s = step(workflow, job, step_id)
    env = {
        k: _expand(str(v))
        for k, v in {**workflow["jobs"][job].get("env", {}), **s.get("env", {})}.items()
    }
    return _run(s["run"], cwd, {**runner, **env})


def test_the_shifan_on_path_is_this_checkout(tmp_path: Path) -> None:
    done = _run("command -v shifan", tmp_path, {})
    assert done.stdout.strip() == str(BIN / "shifan")


def test_github_pull_request_steps_pass_on_a_clean_change(clone: Path, tmp_path: Path) -> None:
    pr = load(PR_WORKFLOW)
    summary = tmp_path / "summary.md"
    runner = {"GITHUB_STEP_SUMMARY": str(summary), "CI": "true", "GITHUB_ACTIONS": "true"}
    for job, step_id in (
        ("check", "check"),
        ("check", "fmt"),
        ("diff", "diff"),
        ("check", "build"),
    ):
        done = _github_step(pr, job, step_id, clone, runner)
        assert done.returncode == 0, f"{step_id}: {done.stdout}{done.stderr}"
        assert "::error" not in done.stdout
    diff = (clone / "diff.md").read_text(encoding="utf-8")
    assert "ZZ-ENT-0001" in diff
    assert summary.read_text(encoding="utf-8") == diff
    assert (clone / "site" / "index.html").is_file()
    assert (clone / "site" / "manifest.json").is_file()


def test_github_checks_fail_with_annotations_on_a_bad_change(clone: Path, tmp_path: Path) -> None:
    pr = load(PR_WORKFLOW)
    unit = clone / UNIT
    text = unit.read_text(encoding="utf-8")
    unit.write_text(text.replace("level: municipal", "level: galactic"), encoding="utf-8")
    runner = {"GITHUB_STEP_SUMMARY": str(tmp_path / "summary.md")}
    check = _github_step(pr, "check", "check", clone, runner)
    assert check.returncode == 1
    assert f"::error file={UNIT},line=" in check.stdout
    unit.write_text(text.replace("level: municipal", "level:   municipal"), encoding="utf-8")
    fmt = _github_step(pr, "check", "fmt", clone, runner)
    assert fmt.returncode == 1
    assert UNIT in fmt.stdout + fmt.stderr


def test_gitlab_merge_request_scripts_pass(
    bureau_repo: BureauRepo, clone: Path, tmp_path: Path
) -> None:
    gitlab = load(GITLAB)
    env = {
        **{k: str(v) for k, v in gitlab["variables"].items()},
        "CI_MERGE_REQUEST_DIFF_BASE_SHA": bureau_repo.base,
        "CI_PROJECT_DIR": str(clone),
    }
    for job in ("check", "fmt", "diff"):
        done = _run("\n".join(gitlab[job]["script"]), clone, env)
        assert done.returncode == 0, f"{job}: {done.stdout}{done.stderr}"
    assert "ZZ-ENT-0001" in (clone / "diff.md").read_text(encoding="utf-8")
    # GitLab's build job runs the very command the GitHub test above runs.
    assert gitlab["build"]["script"] == [step(load(PR_WORKFLOW), "check", "build")["run"]]
