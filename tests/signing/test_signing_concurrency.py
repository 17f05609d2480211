"""Two `shifan plaque issue` runs at once, as real processes on a copy of the demo roster.

Without a lock both runs read the same roster, so they took the same serial (two units) or
one overwrote the other's event (one unit, both printed "issued serial N"). Keys are made
with `shifan keygen` into a temp folder outside the copied repository.
"""

from __future__ import annotations

import fcntl
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path
from subprocess import PIPE

import pytest

from shifan.cli import main
from shifan.loader.registry import load_roster
from shifan.lock import LOCK_NAME, RegistryLocked, registry_lock
from shifan.model import Figure, Unit
from shifan.status import plaques_of
from support import REPO

TODAY = "2026-11-27"
ROUNDS = 2
A, B, C = "ZZ-ENT-0001", "ZZ-PRK-0001", "ZZ-TWN-0001"
SERIAL = re.compile(r"已发放牌匾：\S+，牌匾编号 (\d+)，")


class Copy:
    def __init__(self, tmp: Path) -> None:
        self.root = tmp / "repo"
        self.root.mkdir()
        shutil.copytree(REPO / "registry", self.root / "registry")
        shutil.copytree(REPO / "keys", self.root / "keys")
        secret = tmp / "secret"
        secret.mkdir()
        self.key = secret / "9.pem"
        args = ["keygen", "--kid", "9", "--out", str(self.key), "--keys"]
        args += [str(self.root / "keys"), "--not-before", "2026-01-01", "--today", TODAY]
        assert main(args) == 0
        self.registry = self.root / "registry"

    def active(self, unit: str) -> list[int]:
        roster, _ = load_roster(self.registry)
        return [p.serial for p in plaques_of(roster.units[unit].events) if p.active]  # type: ignore[index]

    def all_issued(self) -> list[int]:
        roster, _ = load_roster(self.registry)
        records: list[Unit | Figure] = [*roster.units.values(), *roster.figures.values()]
        return [
            e.serial
            for r in records
            for e in r.events
            if e.type == "plaque_issued" and e.serial is not None
        ]

    def void_active(self, unit: str) -> None:
        for serial in self.active(unit):
            args = ["plaque", "void", str(serial), "--reason", "replaced", "--today", TODAY]
            assert main([*args, "--registry", str(self.registry)]) == 0

    def issue_at_once(self, *units: str) -> list[subprocess.CompletedProcess[str]]:
        """Start one `shifan plaque issue` process per unit while the test holds the lock,
        then let them all go at the same moment."""
        held = os.open(self.registry / LOCK_NAME, os.O_RDWR | os.O_CREAT)
        fcntl.flock(held, fcntl.LOCK_EX)
        procs = []
        try:
            for unit in units:
                argv = [sys.executable, "-m", "shifan", "plaque", "issue", unit]
                argv += ["--key", str(self.key), "--today", TODAY, "--registry", "registry"]
                procs.append(
                    subprocess.Popen(argv, cwd=self.root, stdout=PIPE, stderr=PIPE, text=True)
                )
            time.sleep(0.2)  # let them start and reach the lock
        finally:
            os.close(held)
        done = []
        for proc in procs:
            out, err = proc.communicate(timeout=120)
            done.append(subprocess.CompletedProcess(proc.args, proc.returncode, out, err))
        return done


@pytest.fixture
def copy(tmp_path: Path) -> Copy:
    return Copy(tmp_path)


def _serial(result: subprocess.CompletedProcess[str]) -> int:
    found = SERIAL.search(result.stdout)
    assert found, (result.returncode, result.stdout, result.stderr)
    return int(found.group(1))


def test_concurrent_issues_never_share_a_serial(copy: Copy) -> None:
    """Defect: two `plaque issue` runs at once gave two units the same serial."""
    for _ in range(ROUNDS):
        for unit in (A, B, C):
            copy.void_active(unit)
        results = copy.issue_at_once(A, B, C)
        assert [r.returncode for r in results] == [0, 0, 0], [r.stderr for r in results]
        serials = [_serial(r) for r in results]
        assert len(set(serials)) == 3
        assert [copy.active(unit) for unit in (A, B, C)] == [[s] for s in serials]
        issued = copy.all_issued()
        assert len(issued) == len(set(issued))


def test_concurrent_issues_for_one_unit_never_lose_a_plaque(copy: Copy) -> None:
    """Defect: both runs printed "issued serial N" for one unit and only one event survived.
    Now the second run re-reads the roster under the lock and refuses."""
    for _ in range(ROUNDS):
        copy.void_active(A)
        results = copy.issue_at_once(A, A, A)
        ok = [r for r in results if r.returncode == 0]
        refused = [r for r in results if r.returncode != 0]
        assert len(ok) == 1, [(r.returncode, r.stdout, r.stderr) for r in results]
        for result in refused:
            assert result.returncode == 1
            assert "已有一份有效的牌匾" in result.stderr
            assert "Traceback" not in result.stderr
        assert copy.active(A) == [_serial(ok[0])]


def test_a_held_lock_times_out_naming_its_holder(tmp_path: Path) -> None:
    registry = tmp_path / "registry"
    registry.mkdir()
    holder = subprocess.Popen(
        [sys.executable, "-c",
         "import sys, time; from pathlib import Path; from shifan.lock import registry_lock\n"
         "with registry_lock(Path(sys.argv[1])):\n    print('held', flush=True); time.sleep(60)",
         str(registry)],
        stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        assert holder.stdout is not None
        assert holder.stdout.readline() == "held\n"
        with pytest.raises(RegistryLocked) as caught, registry_lock(registry, timeout=0.3):
            pass
        assert f"(pid {holder.pid})" in str(caught.value)
        assert "提示：等它结束后重试" in str(caught.value)
    finally:
        holder.kill()
        holder.wait()
    with registry_lock(registry, timeout=5):  # released when its holder died
        assert (registry / LOCK_NAME).read_text() == f"pid {os.getpid()}\n"


def test_the_lock_file_is_ignored_by_the_loader_and_by_git(copy: Copy) -> None:
    copy.void_active(A)  # creates registry/.shifan.lock
    assert (copy.registry / LOCK_NAME).is_file()
    _, problems = load_roster(copy.registry)
    assert [p for p in problems if LOCK_NAME in str(p.loc)] == []
    ignored = subprocess.run(
        ["git", "check-ignore", "--no-index", "-q", f"registry/{LOCK_NAME}"], cwd=REPO
    )
    assert ignored.returncode == 0


def test_a_missing_registry_is_a_clear_error_before_locking(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    args = ["plaque", "void", "1", "--reason", "lost", "--registry", str(tmp_path / "nope")]
    assert main(args) == 2
    assert "registry folder not found" in capsys.readouterr().err
    assert not (tmp_path / "nope").exists()
