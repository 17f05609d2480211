"""Helpers of the bureau-operation tests (tests/operations): git steps and a filled template."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

from shifan.identifiers import credit_check_char
from support import REPO

Run = Callable[..., tuple[int, str, str]]


def git(repo: Path, *args: str) -> str:
    done = subprocess.run(
        ["git", "-C", str(repo), *args], check=True, capture_output=True, text=True
    )
    return done.stdout


def demo_repo(root: Path, folders: tuple[str, ...] = ("registry", "keys")) -> Path:
    """`root` made a git repository holding a copy of the demo's `folders`, committed once."""
    root.mkdir()
    for folder in folders:
        shutil.copytree(REPO / folder, root / folder)
    shutil.copy(REPO / ".gitignore", root / ".gitignore")  # the registry lock stays out
    git(root, "init", "-q", "-b", "main")
    git(root, "config", "user.email", "test@example.com")
    git(root, "config", "user.name", "test")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "demo roster")
    return root


def changed(repo: Path) -> set[str]:
    """Files changed or added since the last commit; then commit them (one step = one diff)."""
    names = set(git(repo, "status", "--porcelain", "-uall").split("\n"))
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "step", "--allow-empty")
    return {line[3:] for line in names if line}


def credit_code(serial: int) -> str:
    """A well-formed code; never the unit template's example code (an S315 error)."""
    body = f"91410105MB{serial:07d}"
    return body + credit_check_char(body)


ENT_0015_DECLARED = """\
declared:
  ecommerce_years: 6
  lawful_operation: {attested: true, document: 营业执照}
  no_violations_2y: {attested: true, document: 无违法违规证明}
  sound_operation: {attested: true, document: 财务审计报告}
  results_growing: true
  corporate_members: 4350
  service_revenue_wan: 6740
  ecommerce_staff_pct: 69
  risk_controls: {attested: true, document: 平台风险控制制度}
  internal_controls: {attested: true, document: 内部管理制度汇编}
  licences: {attested: true, document: 不涉及行政许可的说明}
  demonstration_effect: {attested: true, document: 创新应用案例材料}
"""


def fill_template(path: Path, *, name: str, serial: int) -> None:
    """What a clerk does with `shifan new unit`'s draft: fill in every 待填写."""
    text = path.read_text(encoding="utf-8")
    text = text.replace("\nname:\n", f"\nname: {name}\n")
    text = text.replace('"待填写"', f'"{credit_code(serial)}"')
    head, _, rest = text.partition("declared:\n")
    events = rest[rest.index("# 单位的经历") :]
    text = head + ENT_0015_DECLARED + events
    text = text.replace("\nachievements:\n", "\nachievements: B2B平台注册企业会员4350家\n")
    assert '"待填写' not in text, text
    path.write_text(text, encoding="utf-8")
