"""Side computations in a forked child: the same answer by either route, and no child left over.

The fork is only taken in a single-threaded process, and pytest's workers run threads, so the
forked route is exercised in fresh interpreters (`python -c`), as the CLI runs.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec

import shifan.background
from shifan.background import in_background
from shifan.cli import main
from support import REPO, assert_child_leaves_with_parent

PRELUDE = "import os, sys\nfrom shifan.background import in_background\n"


def _run(script: str) -> list[str]:
    result = subprocess.run(
        [sys.executable, "-c", PRELUDE + script], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.split()


def test_the_work_runs_in_a_child_process() -> None:
    here, there = _run(
        "with in_background(os.getpid) as pid:\n    print(os.getpid(), pid.result())\n"
    )
    assert here != there


def test_a_child_that_fails_is_done_over_here() -> None:
    # Raises only in the child: the parent computes the value itself.
    out = _run(
        "parent = os.getpid()\n"
        "def work():\n"
        "    if os.getpid() != parent:\n"
        "        raise RuntimeError('child')\n"
        "    return 'parent'\n"
        "with in_background(work) as value:\n    print(value.result())\n"
    )
    assert out == ["parent"]


def test_a_crashed_child_is_done_over_here() -> None:
    out = _run(
        "parent = os.getpid()\n"
        "def work():\n"
        "    if os.getpid() != parent:\n"
        "        os._exit(9)\n"
        "    return 'parent'\n"
        "with in_background(work) as value:\n    print(value.result())\n"
    )
    assert out == ["parent"]


def test_a_result_that_does_not_pickle_is_computed_here() -> None:
    out = _run(
        "with in_background(lambda: (lambda: 'made here')) as value:\n    print(value.result()())\n"
    )
    assert out == ["made", "here"]


def test_the_exception_reaches_the_caller() -> None:
    out = _run(
        "def work():\n    raise ValueError('bad')\n"
        "try:\n"
        "    with in_background(work) as value:\n        value.result()\n"
        "except ValueError as err:\n    print('raised', err)\n"
    )
    assert out == ["raised", "bad"]


def test_leaving_without_the_result_leaves_no_child() -> None:
    out = _run(
        "with in_background(lambda: b'x' * 1_000_000):\n    pass\n"
        "try:\n    os.waitpid(-1, os.WNOHANG)\nexcept ChildProcessError:\n    print('none')\n"
    )
    assert out == ["none"]


# Each script prints True when the behaviour holds.
TRUE_SCRIPTS = {
    # leaving the block early stops a child that would work on for a minute
    "stopped": "import time\nstart = time.monotonic()\n"
    "with in_background(time.sleep, 60):\n    pass\n"
    "print(time.monotonic() - start < 10)\n",
    # with other threads running (as in pytest's workers) nothing is forked
    "threads": "import threading, time\n"
    "threading.Thread(target=time.sleep, args=(2,), daemon=True).start()\n"
    "with in_background(os.getpid) as pid:\n    print(pid.result() == os.getpid())\n",
}


@pytest.mark.parametrize("name", sorted(TRUE_SCRIPTS))
def test_scripted_behaviour(name: str) -> None:
    assert _run(TRUE_SCRIPTS[name]) == ["True"]


def test_a_child_outlives_no_killed_parent(tmp_path: Path) -> None:
    """A parent killed while its child works (a CI time limit): the child leaves too."""
    script = PRELUDE + "with in_background(note_pid) as value:\n    value.result()\n"
    assert_child_leaves_with_parent(tmp_path, script)


def _repository(tmp_path: Path) -> Path:
    """A copy of the demo roster with a layout warning, an error and a private key beside it."""
    root = tmp_path / "repo"
    root.mkdir()
    shutil.copytree(REPO / "registry", root / "registry")
    shutil.copytree(REPO / "keys", root / "keys")
    units = sorted((root / "registry" / "units").rglob("*.yaml"))
    first, second = units[0], units[1]
    lines = first.read_text("utf-8").splitlines(keepends=True)
    first.write_text("".join([lines[0], *reversed(lines[1:3]), *lines[3:]]), "utf-8")
    second.write_text(second.read_text("utf-8").replace("district:", "distrcit:"), "utf-8")
    key = ec.generate_private_key(ec.SECP256R1()).private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    (root / "notes.txt").write_bytes(b"left here by mistake\n" + key)
    return root / "registry"


def test_check_says_the_same_by_both_routes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    registry = _repository(tmp_path)
    args = ["check", "--registry", str(registry), "--today", "2026-11-27", "--format", "json"]
    forked = subprocess.run(
        [sys.executable, "-m", "shifan", *args], capture_output=True, text=True, check=False
    )
    monkeypatch.setattr(shifan.background, "ENABLED", False)
    assert main(args) == forked.returncode == 1
    here = capsys.readouterr().out
    assert here == forked.stdout
    codes = {p["code"] for p in json.loads(here)["problems"]}
    assert {"S801", "S905", "S201"} <= codes, codes


def test_no_fork_where_it_is_turned_off(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(shifan.background, "ENABLED", False)
    with in_background(os.getpid) as pid:
        assert pid.result() == os.getpid()
