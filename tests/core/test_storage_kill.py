"""Kill -9 at random moments while a real process saves: nothing reported saved is lost.

Four lanes run side by side (each its own database) to keep the rounds
quick (WORKBOOK_TEST_ROUNDS of them: a few by default, hundreds at night). Each round starts tests/save_loop_child.py, kills it with SIGKILL at
a random moment (mostly mid-save, sometimes while it starts up, takes the
lock or makes its backup), then checks the file on disk.
"""

from __future__ import annotations

import json
import os
import random
import signal
import stat
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from tests.lanes import KILL_ROUNDS
from workbook.core.storage import AnswerStore
from workbook.core.storage.atomic import temp_files
from workbook.core.storage.backups import KEEP_DAYS, KEEP_LAST, list_backups

CHILD = Path(__file__).parent.parent / "save_loop_child.py"
LANES = 4
ROUNDS_PER_LANE = -(-KILL_ROUNDS // LANES)

pytestmark = pytest.mark.slow


def one_round(db: Path, rng: random.Random) -> list[int]:
    """Start a saving child, SIGKILL it at a random moment, return the saves it reported."""
    child = subprocess.Popen(
        [sys.executable, str(CHILD), str(db), "000"],  # umask 000: modes must hold anyway
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    first = b""
    try:
        if rng.random() < 0.2:
            time.sleep(rng.uniform(0, 0.15))  # anywhere: start-up, lock, backup, first save
        else:
            first = child.stdout.readline()  # it is saving in its loop now
            assert first, child.stderr.read().decode()
            time.sleep(rng.uniform(0, 0.03))
    finally:
        os.kill(child.pid, signal.SIGKILL)
    # Read through the same buffered pipe readline() used (communicate() would skip its buffer).
    out, err = child.stdout.read(), child.stderr.read()
    child.wait()
    assert child.returncode == -signal.SIGKILL, err.decode()
    reported = [int(line) for line in out.decode().splitlines() if line.strip()]
    if first:
        reported.insert(0, int(first))
    return reported


def check_intact(db: Path, at_least: int) -> int:
    """The file parses, is a workbook, and holds every save up to `at_least`; return its counter."""
    if not db.exists():
        assert at_least == 0, "saves were reported but the file is gone"
        return 0
    document = json.loads(db.read_bytes())  # never cut off, never a mix
    assert isinstance(document, dict)
    store = AnswerStore(db, read_only=True)
    counter = store.get("counter", 0)
    assert counter >= at_least, f"save {at_least} was reported done, the file has {counter}"
    missing = [n for n in range(1, counter + 1) if store.get(f"save-{n}") != n]
    assert not missing, f"saves {missing[:5]}... are missing"
    words = store.get("words")
    assert words["n"] == counter  # one snapshot, not two saves mixed
    assert words["text"].startswith(f"{counter}: ")
    return counter


def run_lane(lane: int, folder: Path) -> tuple[int, int, int]:
    rng = random.Random(1000 + lane)
    db = folder / f"lane-{lane}" / "workbook.json"
    on_disk = 0
    saves = 0
    caught_mid_write = 0
    for _ in range(ROUNDS_PER_LANE):
        reported = one_round(db, rng)
        if reported:
            assert reported == list(range(reported[0], reported[-1] + 1))
            assert reported[0] == on_disk + 1  # it went on from what the file held
        latest = max(reported, default=on_disk)
        on_disk = check_intact(db, latest)
        saves += len(reported)
        # A killed writer may leave its temporary file; it is private too,
        # and the next session clears it (we hold at most the last one).
        leftovers = temp_files(db.parent, db.name)
        assert len(leftovers) <= 1
        for tmp in leftovers:
            assert stat.S_IMODE(tmp.stat().st_mode) == 0o600  # private even under umask 000
            caught_mid_write += 1
    return on_disk, saves, caught_mid_write


def test_sigkill_at_random_moments_never_loses_a_reported_save(tmp_path: Path) -> None:
    with ThreadPoolExecutor(LANES) as pool:
        results = list(pool.map(run_lane, range(LANES), [tmp_path] * LANES))
    assert sum(saves for _, saves, _ in results) > ROUNDS_PER_LANE * LANES  # it really saved
    assert sum(caught for _, _, caught in results) > 0  # some kills landed mid-write
    for lane in range(LANES):
        db = tmp_path / f"lane-{lane}" / "workbook.json"
        store = AnswerStore(db)  # a new session clears stale temporary files
        assert temp_files(db.parent, db.name) == []
        store.close()
        assert stat.S_IMODE(db.stat().st_mode) == 0o600
        assert stat.S_IMODE(db.parent.stat().st_mode) == 0o700
        backups = list_backups(db)
        assert 1 <= len(backups) <= KEEP_LAST + KEEP_DAYS
        assert all(stat.S_IMODE(b.path.stat().st_mode) == 0o600 for b in backups)
        for backup in backups:
            json.loads(backup.path.read_bytes())  # a backup is never cut off either
