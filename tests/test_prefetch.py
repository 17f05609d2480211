"""Items made ahead by a forked child: the same items by either route, and no child left over.

pytest's workers run threads, so nothing forks in them; the forked route runs in fresh
interpreters (`python -c`), as the CLI runs.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

import shifan.background
from shifan.prefetch import Prefetch
from support import assert_child_leaves_with_parent

PRELUDE = """\
import os, sys, time
from shifan.prefetch import Prefetch
PARENT = os.getpid()
def wait_for(ahead, items):
    # until the child has made `items` items (it works from the end)
    deadline = time.monotonic() + 30
    while len(ahead._frames) < items and time.monotonic() < deadline:
        ahead._scan()
        time.sleep(0.01)
"""


def _run(script: str) -> list[str]:
    result = subprocess.run(
        [sys.executable, "-c", PRELUDE + script], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.split()


def test_the_child_makes_the_far_end_and_this_process_the_near_end() -> None:
    out = _run(
        "def work(i):\n    return (i, i * i, os.getpid())\n"
        "ahead = Prefetch(work, 50)\n"
        "wait_for(ahead, 20)\n"
        "made = []\n"
        "for i in range(50):\n"
        "    value = ahead.take(i)\n"
        "    made.append(value if value is not None else work(i))\n"
        "ahead.close()\n"
        "assert [m[:2] for m in made] == [(i, i * i) for i in range(50)], made\n"
        "by_child = [m[0] for m in made if m[2] != PARENT]\n"
        "print(len(by_child) >= 20, by_child == list(range(50 - len(by_child), 50)))\n"
        "print(ahead.taken == len(by_child))\n"
    )
    assert out == ["True", "True", "True"]


def test_the_child_stops_where_the_two_meet() -> None:
    # After the first item taken, the child (which would otherwise sleep on) is gone.
    out = _run(
        "def work(i):\n"
        "    if os.getpid() != PARENT and i < 5:\n"
        "        time.sleep(60)\n"
        "    return i\n"
        "ahead = Prefetch(work, 10)\n"
        "wait_for(ahead, 5)\n"
        "start = time.monotonic()\n"
        "values = [ahead.take(i) for i in range(10)]\n"
        "print(values[:5] == [None] * 5, values[5:] == [5, 6, 7, 8, 9])\n"
        "try:\n    os.waitpid(-1, os.WNOHANG)\nexcept ChildProcessError:\n    print('none')\n"
        "print(time.monotonic() - start < 10)\n"
    )
    assert out == ["True", "True", "none", "True"]


@pytest.mark.parametrize(
    "failure",
    [
        "raise RuntimeError('child')",  # an exception
        "os._exit(9)",  # a crash
        "return lambda: i",  # a value that does not pickle
    ],
)
def test_a_failing_child_leaves_the_rest_to_this_process(failure: str) -> None:
    out = _run(
        "def work(i):\n"
        "    if os.getpid() != PARENT and i < 6:\n"
        f"        {failure}\n"
        "    return i\n"
        "ahead = Prefetch(work, 10)\n"
        "wait_for(ahead, 4)\n"
        "time.sleep(0.2)\n"
        "values = [ahead.take(i) for i in range(10)]\n"
        "print(values[:6] == [None] * 6, values[6:] == [6, 7, 8, 9])\n"
        "ahead.close()\n"
    )
    assert out == ["True", "True"]


def test_a_stopped_child_finishes_the_item_it_is_making(tmp_path: Path) -> None:
    # Items write files (as unit pages do): the child is stopped between two items, so the
    # file it was writing when the two met is whole; it leaves cleanly, nothing unfinished.
    out = _run(
        f"folder = {str(tmp_path)!r}\n"
        "def work(i):\n"
        "    with open(os.path.join(folder, str(i)), 'w') as file:\n"
        "        file.write('half ')\n"
        "        file.flush()\n"
        "        time.sleep(0.3 if os.getpid() != PARENT else 0)\n"
        "        file.write('whole')\n"
        "    return i\n"
        "ahead = Prefetch(work, 40)\n"
        "wait_for(ahead, 3)\n"
        "values = [ahead.take(i) for i in range(40)]\n"
        "made = [v if v is not None else work(i) for i, v in enumerate(values)]\n"
        "print(made == list(range(40)), ahead.unfinished is None, 3 <= ahead.taken < 40)\n"
        "texts = {open(os.path.join(folder, str(i))).read() for i in range(40)}\n"
        "print(texts == {'half whole'})\n"
    )
    assert out == ["True", "True", "True", "True"]


@pytest.mark.parametrize(
    ("failure", "unfinished"),
    [
        ("raise RuntimeError('child')", "6"),  # an exception in item 6
        ("os._exit(9)", "6"),  # a crash in item 6
        ("time.sleep(60)", "6"),  # stuck in item 6: killed after the grace period
        ("pass", "None"),  # no failure
    ],
)
def test_unfinished_names_the_item_a_failing_child_was_in(failure: str, unfinished: str) -> None:
    out = _run(
        "def work(i):\n"
        "    if os.getpid() != PARENT and i == 6:\n"
        f"        {failure}\n"
        "    return i\n"
        "ahead = Prefetch(work, 10)\n"
        "wait_for(ahead, 3)\n"
        "time.sleep(0.2)\n"
        "ahead.stop()\n"
        "print(ahead.unfinished)\n"
        "ahead.close()\n"
    )
    assert out == [unfinished]


# Each script prints True when the behaviour holds.
TRUE_SCRIPTS = {
    # closing stops a child that would work on for a minute
    "closed": "start = time.monotonic()\n"
    "ahead = Prefetch(lambda i: time.sleep(60), 3)\n"
    "ahead.close()\n"
    "try:\n    os.waitpid(-1, os.WNOHANG)\nexcept ChildProcessError:\n"
    "    print(time.monotonic() - start < 10)\n",
    # with other threads running nothing is forked, and nothing is made ahead
    "threads": "import threading\n"
    "threading.Thread(target=time.sleep, args=(2,), daemon=True).start()\n"
    "ahead = Prefetch(lambda i: i, 5)\n"
    "time.sleep(0.3)\n"
    "print(all(ahead.take(i) is None for i in range(5)))\n",
    # a torn last frame (the child killed mid-write) is not taken
    "torn": "ahead = Prefetch(lambda i: b'x' * 1_000_000 if i else time.sleep(60), 2)\n"
    "wait_for(ahead, 1)\n"
    "os.ftruncate(ahead._fd, os.fstat(ahead._fd).st_size - 1)\n"
    "ahead._frames.clear(); ahead._scanned = 0\n"
    "print(ahead.take(1) is None)\n",
}


@pytest.mark.parametrize("name", sorted(TRUE_SCRIPTS))
def test_scripted_behaviour(name: str) -> None:
    assert _run(TRUE_SCRIPTS[name]) == ["True"]


def test_a_child_outlives_no_killed_parent(tmp_path: Path) -> None:
    """A parent killed while its child works (a CI time limit): the child leaves too."""
    script = PRELUDE + "ahead = Prefetch(note_pid, 2)\ntime.sleep(60)\n"
    assert_child_leaves_with_parent(tmp_path, script)


def test_nothing_forks_where_it_is_turned_off(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(shifan.background, "ENABLED", False)
    monkeypatch.setattr("threading.active_count", lambda: 1)
    ahead = Prefetch(lambda i: os.getpid(), 4)
    assert [ahead.take(i) for i in range(4)] == [None] * 4
    ahead.close()
