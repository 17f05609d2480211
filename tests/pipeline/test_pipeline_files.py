"""The CI files: valid against the published workflow schemas (vendored in check-jsonschema,
so this runs offline), and holding the steps and permissions they promise."""

from __future__ import annotations

import re
import shlex
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from pipeline.cifiles import (
    GITLAB,
    PR_WORKFLOW,
    PUBLISH_WORKFLOW,
    job_steps,
    load,
    step,
    strings,
)

CHECK_JSONSCHEMA = Path(sys.executable).parent / "check-jsonschema"
PINNED = re.compile(r"[\w.-]+/[\w.-]+@(v\d+\.\d+\.\d+|[0-9a-f]{40})")


def _validate(schema: str, *files: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(CHECK_JSONSCHEMA), "--builtin-schema", f"vendor.{schema}", *map(str, files)],
        capture_output=True,
        text=True,
        check=False,
    )


def test_workflows_are_valid_against_the_published_schemas() -> None:
    github = _validate("github-workflows", PR_WORKFLOW, PUBLISH_WORKFLOW)
    assert github.returncode == 0, github.stdout + github.stderr
    gitlab = _validate("gitlab-ci", GITLAB)
    assert gitlab.returncode == 0, gitlab.stdout + gitlab.stderr


@pytest.mark.parametrize(
    ("schema", "source", "breakage"),
    [
        ("github-workflows", PR_WORKFLOW, lambda w: w["permissions"].update(contents="maybe")),
        ("github-workflows", PUBLISH_WORKFLOW, lambda w: w["jobs"]["deploy"].pop("runs-on")),
        ("gitlab-ci", GITLAB, lambda w: w["check"].update(when="sometimes")),
    ],
)
def test_the_schema_check_refuses_a_broken_copy(
    tmp_path: Path, schema: str, source: Path, breakage: Any
) -> None:
    workflow = load(source)
    breakage(workflow)
    broken = tmp_path / source.name
    broken.write_text(yaml.safe_dump(workflow, allow_unicode=True), encoding="utf-8")
    assert _validate(schema, broken).returncode == 1


def _argv(script: str) -> list[list[str]]:
    return [shlex.split(line) for line in script.strip().splitlines()]


@pytest.mark.parametrize("path", [PR_WORKFLOW, PUBLISH_WORKFLOW])
def test_actions_pinned_checkouts_full_and_credentials_not_kept(path: Path) -> None:
    workflow = load(path)
    for job in workflow["jobs"].values():
        for s in job["steps"]:
            if "uses" in s:
                assert PINNED.fullmatch(s["uses"]), s["uses"]
            if s.get("uses", "").startswith("actions/checkout@"):
                assert s["with"] == {"fetch-depth": 0, "persist-credentials": False}
            # Context values reach scripts through env only (no ${{ }} expanded into a script).
            assert "${{" not in s.get("run", "")


def test_least_privilege_permissions() -> None:
    pr, publish = load(PR_WORKFLOW), load(PUBLISH_WORKFLOW)
    for workflow in (pr, publish):
        assert workflow["permissions"] == {"contents": "read"}
    assert {name: job["permissions"] for name, job in pr["jobs"].items()} == {
        "check": {"contents": "read"},
        "diff": {"contents": "read"},
        "comment": {"pull-requests": "write"},
    }
    assert {name: job["permissions"] for name, job in publish["jobs"].items()} == {
        "build": {"contents": "read"},
        "deploy": {"pages": "write", "id-token": "write"},
    }
    # The pull request runs on pull_request (never pull_request_target: no write token for
    # code from a fork), and the comment job only for branches of this repository.
    assert set(pr[True]) == {"pull_request"}  # YAML 1.1 reads the key `on` as True
    assert "head.repo.full_name == github.repository" in pr["jobs"]["comment"]["if"]


def test_pull_request_workflow_runs_check_fmt_build_and_comments_the_diff() -> None:
    pr = load(PR_WORKFLOW)
    assert _argv(step(pr, "check", "check")["run"]) == [["shifan", "check", "--format", "github"]]
    assert _argv(step(pr, "check", "fmt")["run"]) == [["shifan", "fmt", "--check"]]
    assert _argv(step(pr, "check", "build")["run"]) == [["shifan", "build", "--out", "site"]]
    diff = step(pr, "diff", "diff")
    assert _argv(diff["run"])[0] == [
        "shifan", "diff", "origin/$BASE_REF", "HEAD", "--format", "markdown", ">", "diff.md",
    ]  # fmt: skip
    assert diff["env"] == {"BASE_REF": "${{ github.base_ref }}"}
    upload = job_steps(pr, "diff")[-1]
    assert upload["uses"].startswith("actions/upload-artifact@")
    assert upload["with"]["path"] == "diff.md"
    comment = step(pr, "comment", "comment")
    assert pr["jobs"]["comment"]["needs"] == "diff"
    assert _argv(comment["run"])[0][:4] == ["gh", "pr", "comment", "$PR"]
    assert comment["env"]["GH_TOKEN"] == "${{ github.token }}"


def test_publish_builds_with_the_log_key_verifies_the_log_then_deploys() -> None:
    publish = load(PUBLISH_WORKFLOW)
    steps = job_steps(publish, "build")
    ids = [s.get("id") for s in steps]
    assert ids.index("check") < ids.index("build") < ids.index("log-verify") < len(steps) - 1
    build = step(publish, "build", "build")
    assert build["env"] == {"SHIFAN_LOG_KEY": "${{ secrets.SHIFAN_LOG_KEY }}"}
    assert _argv(build["run"]) == [["shifan", "build", "--site-url", "$SITE_URL", "--out", "site"]]
    assert _argv(step(publish, "build", "log-verify")["run"]) == [
        ["shifan", "log", "verify", "--site", "site/", "--published", "$SITE_URL"]
    ]
    assert steps[-1]["uses"].startswith("actions/upload-pages-artifact@")
    assert steps[-1]["with"] == {"path": "site"}
    deploy = publish["jobs"]["deploy"]
    assert deploy["needs"] == "build"
    assert deploy["steps"][0]["uses"].startswith("actions/deploy-pages@")
    assert publish["jobs"]["build"]["env"] == {"SITE_URL": "${{ vars.SITE_URL }}"}
    assert set(publish[True]) == {"push", "schedule", "workflow_dispatch"}
    assert publish[True]["push"] == {"branches": ["main"]}


@pytest.mark.parametrize("path", [PR_WORKFLOW, PUBLISH_WORKFLOW, GITLAB])
def test_secrets_reach_only_the_build_and_are_never_echoed(path: Path) -> None:
    text = strings(load(path))
    secrets = [s for s in text if "secrets." in s]
    assert secrets == (["${{ secrets.SHIFAN_LOG_KEY }}"] if path == PUBLISH_WORKFLOW else [])
    for s in text:
        assert "set -x" not in s
        assert not re.search(r"\b(echo|printf|cat)\b[^|>]*\$\{?SHIFAN_(LOG_KEY|BOT_TOKEN)\b", s)


def test_gitlab_pipeline_has_the_same_checks_and_publishing() -> None:
    gitlab = load(GITLAB)
    assert gitlab["variables"]["GIT_DEPTH"] == "0"
    for job in ("check", "fmt", "build", "diff"):
        assert gitlab[job]["extends"] == ".merge-request"
    assert _argv(gitlab["check"]["script"][0]) == [["shifan", "check"]]
    assert _argv(gitlab["fmt"]["script"][0]) == [["shifan", "fmt", "--check"]]
    # The same build command as the GitHub workflow (which the run test executes).
    assert gitlab["build"]["script"] == [step(load(PR_WORKFLOW), "check", "build")["run"]]
    assert gitlab["comment"]["needs"] == ["diff"]
    pages = gitlab["pages"]["script"]
    assert _argv(pages[1]) == [
        ["SHIFAN_LOG_KEY=$(cat $SHIFAN_LOG_KEY_FILE)", "shifan", "build", "--site-url",
         "$SITE_URL", "--out", "public"]
    ]  # fmt: skip
    assert _argv(pages[2]) == [
        ["shifan", "log", "verify", "--site", "public/", "--published", "$SITE_URL"]
    ]
    assert gitlab["pages"]["artifacts"]["paths"] == ["public"]
    assert gitlab["pages"]["rules"] == [{"if": "$CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH"}]
