"""The CI files a bureau copies in, parsed (YAML, never grepped)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from support import REPO

CI = REPO / "ci"
PR_WORKFLOW = CI / "github" / "workflows" / "roster-pr.yml"
PUBLISH_WORKFLOW = CI / "github" / "workflows" / "publish.yml"
GITLAB = CI / "gitlab" / ".gitlab-ci.yml"


def load(path: Path) -> dict[Any, Any]:  # `on:` reads as the key True (YAML 1.1)
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def job_steps(workflow: dict[str, Any], job: str) -> list[dict[str, Any]]:
    steps: list[dict[str, Any]] = workflow["jobs"][job]["steps"]
    return steps


def step(workflow: dict[str, Any], job: str, step_id: str) -> dict[str, Any]:
    found = [s for s in job_steps(workflow, job) if s.get("id") == step_id]
    assert len(found) == 1, f"{job} has no single step with id {step_id!r}"
    return found[0]


def strings(value: Any) -> list[str]:
    """Every string anywhere in a parsed YAML value (keys included)."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for k, v in value.items() for s in (*strings(k), *strings(v))]
    if isinstance(value, list):
        return [s for v in value for s in strings(v)]
    return []
