"""The Chinese operations guide's walk-through, run as written: every `sh` block of
site_src/guide/operations.md, in order, on a copy of the demo roster in a real git
repository. After each step: its effect (the files it changed), `check` passes, and the
files are in the canonical layout (`fmt --check`)."""

from __future__ import annotations

import os
import re
import shlex
from pathlib import Path

import pytest

from shifan.cli import main
from support import REPO
from support_operations import Run, changed, fill_template

GUIDE = REPO / "site_src" / "guide" / "operations.md"
UNIT_FILE = "registry/units/enterprise/ZZ-ENT-0022.yaml"
NOTICE_FILE = "registry/notices/GS-2026-02.yaml"

# Each walk-through command: the day it is run on (its `--date`, or the day the guide's story
# has it run), and the files it changes.
STEPS: list[tuple[str, str, set[str]]] = [
    ("new unit", "2026-11-27", {UNIT_FILE}),
    ("check", "2026-11-27", set()),
    ("notice open", "2026-12-02", {NOTICE_FILE, UNIT_FILE}),
    ("notice object", "2026-12-04", {NOTICE_FILE}),
    ("notice resolve", "2026-12-07", {NOTICE_FILE}),
    ("award", "2026-12-09", {NOTICE_FILE, UNIT_FILE}),
    ("plaque issue", "2026-12-10", {UNIT_FILE}),
    ("data-report", "2028-03-15", {UNIT_FILE}),
    ("review", "2028-12-01", {UNIT_FILE}),
    ("revoke", "2028-12-02", {UNIT_FILE}),
    ("plaque void", "2028-12-03", {UNIT_FILE}),
    ("annual-report", "2028-12-03", set()),
    ("due", "2028-12-03", set()),
]


def walk_through() -> list[list[str]]:
    """The commands of the guide's `sh` blocks, split as a shell splits them."""
    text = GUIDE.read_text(encoding="utf-8")
    blocks = re.findall(r"^```sh\n(.*?)^```$", text, re.S | re.M)
    commands = [c for block in blocks for c in block.replace("\\\n", " ").splitlines()]
    return [shlex.split(c) for c in commands if c.strip()]


def test_the_guide_walks_a_unit_from_recommendation_to_revocation(
    repo: Path, shifan: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    home = tmp_path / "home"
    (home / "shifan-keys").mkdir(parents=True, mode=0o700)
    monkeypatch.setenv("HOME", str(home))
    commands = walk_through()
    names = [" ".join(c[2:4]) if c[2] in ("new", "notice", "plaque") else c[2] for c in commands]
    assert names == [s[0] for s in STEPS], "the guide's walk-through and this test's steps"
    for command, (name, today, files) in zip(commands, STEPS, strict=True):
        assert command[:2] == ["./run", "shifan"], command
        args = [os.path.expanduser(a) for a in command[2:]]
        if name == "plaque issue":  # the clerk's key: an ephemeral one, its public half in keys/
            key = args[args.index("--key") + 1]
            kid = Path(key).stem
            assert main(["keygen", "--kid", kid, "--out", key, "--keys", str(repo / "keys"),
                         "--today", today]) == 0  # fmt: skip
            changed(repo)
        code, out, err = shifan(*args, today=today)
        assert (code, err) == (0, ""), (command, err)
        if name == "new unit":  # the clerk fills in the draft
            fill_template(repo / UNIT_FILE, name="郑州示例平台网络科技有限公司", serial=22)
        if name == "plaque issue":
            assert "牌匾编号 49，" in out, "the guide names plaque 49 later"
        if name == "annual-report":
            pdf = home / "2026年度统计报告.pdf"
            assert pdf.read_bytes().startswith(b"%PDF-")
        assert changed(repo) == files, command
        assert shifan("check", today=today)[0] == 0, command
        assert main(["fmt", "--check", "--registry", str(repo / "registry")]) == 0, command
    events = (repo / UNIT_FILE).read_text(encoding="utf-8").split("events:\n")[1]
    assert re.findall(r"type: (\w+)", events) == [
        "recommended", "listed", "awarded", "plaque_issued", "data_report", "review",
        "revoked", "plaque_voided",
    ]  # fmt: skip
