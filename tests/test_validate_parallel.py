"""The rules run on two cores (a forked child takes them from the last): the same problems,
in the same order, as one process finds.

pytest's workers run threads, so nothing forks in them; the forked route runs in a fresh
interpreter, as the CLI runs.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from benchmarks.synth import write_synthetic_roster

from support import REPO

SCRIPT = """\
import datetime as dt, sys, time
from pathlib import Path
from shifan import background, prefetch
from shifan.loader.registry import load_roster
from shifan.validate import validate
from shifan.workdays import WorkCalendar

taken = []
close = prefetch.Prefetch.close
def counting_close(self):
    taken.append(self.taken)
    close(self)
prefetch.Prefetch.close = counting_close
init = prefetch.Prefetch.__init__
def init_with_a_head_start(self, work, count):
    init(self, work, count)  # then wait until the child has made its first item
    deadline = time.monotonic() + 30
    while self._fd >= 0 and not self._frames and time.monotonic() < deadline:
        self._scan()
        time.sleep(0.005)
prefetch.Prefetch.__init__ = init_with_a_head_start

roster, _ = load_roster(Path(sys.argv[1]))
cal = WorkCalendar(roster.calendar)
for today in (dt.date(2026, 11, 27), dt.date(2030, 6, 1)):
    background.ENABLED = True
    forked = validate(roster, cal, today)
    background.ENABLED = False
    alone = validate(roster, cal, today)
    assert [repr(p) for p in forked] == [repr(p) for p in alone], today
    assert forked == alone, today
    print(len(alone), taken[-2] > 0, taken[-1] == 0)
"""


def test_the_rules_find_the_same_problems_on_two_cores(tmp_path: Path) -> None:
    registry = tmp_path / "registry"
    write_synthetic_roster(registry, 300, 11)
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(registry)],
        capture_output=True, text=True, check=False, cwd=REPO,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    lines = [line.split() for line in done.stdout.splitlines()]
    assert len(lines) == 2
    for count, by_child, not_alone in lines:
        assert int(count) > 0  # review reminders at least
        assert by_child == "True", "the child made no rule's problems"
        assert not_alone == "True"
    assert int(lines[1][0]) > int(lines[0][0])  # later, more reviews are due
