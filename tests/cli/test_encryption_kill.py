"""kill -9 at random moments during `encrypt`, `decrypt` and `passphrase`.

WORKBOOK_TEST_ROUNDS rounds each (a few by default, hundreds at night).

After every kill the workbook opens in exactly one form, the old one or the
new one, whole (every byte as before), with the passphrase of that form;
every backup opens too; and running the command again finishes the job
with no temporary file left behind. See tests/conversion_fork_child.py for
how the rounds stay quick (the key file is sealed once, not every round).
"""

from __future__ import annotations

import base64
import json
import os
import random
import shutil
import signal
import statistics
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.encryption_helpers import make_workbook
from tests.lanes import KILL_ROUNDS
from tests.storage_helpers import folder_state
from workbook.core.locations import backups_dir
from workbook.core.storage.encryption import WorkbookKey, key_path, looks_encrypted, unlock

CHILD = Path(__file__).parent.parent / "conversion_fork_child.py"
ROUNDS = KILL_ROUNDS
REAL_UNLOCK_EVERY = 25  # now and then, the real scrypt instead of the sealed-once bytes
PLAIN, OLD, NEW = "plain", "first-passphrase", "second-passphrase"

pytestmark = pytest.mark.slow


class Forker:
    """The fork server: runs one command per line, reports its pid, then its end."""

    def __init__(self, cache: Path) -> None:
        self.process = subprocess.Popen(
            [sys.executable, str(CHILD), str(cache)], stdin=subprocess.PIPE,
            stdout=subprocess.PIPE, text=True, bufsize=1)

    def start(self, command: str, db: Path, old: str, new: str = "unused") -> int:
        self.process.stdin.write(f"{command} {db} {old} {new}\n")
        self.process.stdin.flush()
        return int(self.process.stdout.readline())

    def ended(self) -> int:
        """The wait status of the last command (a signal number, or exit code << 8)."""
        line = self.process.stdout.readline()
        assert line.startswith("done"), line
        return int(line.split()[1])

    def run(self, command: str, db: Path, old: str, new: str = "unused") -> float:
        started = time.perf_counter()
        self.start(command, db, old, new)
        status = self.ended()
        assert status == 0, f"{command} ended with wait status {status}"
        return time.perf_counter() - started

    def close(self) -> None:
        self.process.stdin.close()
        self.process.wait(timeout=10)


@pytest.fixture(scope="module")
def setting(tmp_path_factory, workbook):
    """A plain and an encrypted workbook (3 backups each), the identity, the forker."""
    root = tmp_path_factory.mktemp("kill")
    plain = root / "plain" / "workbook.json"
    make_workbook(plain, workbook, sessions=4)
    key = WorkbookKey.generate(key_path(plain))
    sealed = {p: key.sealed(p) for p in (OLD, NEW)}  # the only scrypt of the setup
    cache = root / "cache.json"
    cache.write_text(json.dumps({
        "identity": key.secret,
        "sealed": {p: base64.b64encode(raw).decode() for p, raw in sealed.items()},
    }))
    forker = Forker(cache)
    encrypted = root / "encrypted" / "workbook.json"
    shutil.copytree(plain.parent, encrypted.parent)
    forker.run("encrypt", encrypted, OLD)
    yield {"plain": plain, "encrypted": encrypted, "key": key,
           "by_bytes": {raw: p for p, raw in sealed.items()},
           "originals": folder_state(plain.parent), "forker": forker, "root": root}
    forker.close()


def form(db: Path, s: dict, real: bool = False) -> str:
    """Which form the workbook opens in (PLAIN, or the passphrase that opens it).

    Fails unless the database and every backup give back their exact original bytes.
    """
    raw = db.read_bytes()
    originals = s["originals"]
    if looks_encrypted(raw):
        passphrase = s["by_bytes"][key_path(db).read_bytes()]  # KeyError: a torn key file
        key = unlock(db, passphrase) if real else s["key"]
        assert key.decrypt(db, raw) == originals[db.name]
        found = passphrase
    else:
        assert raw == originals[db.name]
        found = PLAIN
    folder = backups_dir(db)
    backups = sorted(folder.glob("*.json"))
    assert len(backups) == 3
    for backup in backups:
        data = backup.read_bytes()
        if looks_encrypted(data):
            data = s["key"].decrypt(backup, data)  # needs the key file: check it is there
            assert key_path(db).exists(), "an encrypted backup was left without its key file"
        assert data == originals[f"backups/{backup.name}"]
    return found


def no_temp_files(db: Path) -> None:
    leftovers = [p for p in db.parent.rglob(".*.tmp")]
    assert not leftovers, leftovers


@pytest.mark.parametrize("command, start, old, new, after", [
    ("encrypt", "plain", OLD, OLD, OLD),
    ("decrypt", "encrypted", OLD, OLD, PLAIN),
    ("passphrase", "encrypted", OLD, NEW, NEW),
])
def test_a_kill_at_any_moment_leaves_one_whole_form(setting, command, start, old, new, after):
    s = setting
    forker: Forker = s["forker"]
    template = s[start]
    db = s["root"] / f"round-{command}" / "workbook.json"
    before = PLAIN if start == "plain" else OLD
    rng = random.Random(f"kill-{command}")

    def reset() -> None:
        shutil.rmtree(db.parent, ignore_errors=True)
        shutil.copytree(template.parent, db.parent)

    durations = []
    for _ in range(5):  # how long an uncut run takes, to spread the kills over it
        reset()
        durations.append(forker.run(command, db, old, new))
    span = statistics.median(durations) * 1.3
    seen: dict[str, int] = {}
    for round_number in range(ROUNDS):
        reset()
        pid = forker.start(command, db, old, new)
        time.sleep(rng.uniform(0, span))
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass  # it finished first: the new form, which is fine too
        status = forker.ended()
        assert status in (0, signal.SIGKILL), f"round {round_number}: wait status {status}"
        real = round_number % REAL_UNLOCK_EVERY == 0
        found = form(db, s, real=real)
        assert found in (before, after), f"round {round_number}: opens as {found}"
        seen[found] = seen.get(found, 0) + 1
        # Running the command again (with the passphrase that opens it now) finishes.
        forker.run(command, db, found if found != PLAIN else old, new)
        assert form(db, s) == after
        no_temp_files(db)
        keys_expected = after != PLAIN
        assert key_path(db).exists() == keys_expected
        if keys_expected:
            assert all(looks_encrypted(p.read_bytes()) for p in backups_dir(db).glob("*.json"))
    print(f"{command}: {ROUNDS} kills over {span * 1000:.0f} ms, forms seen {seen}")
    assert seen.get(before) and seen.get(after), f"the kills never landed on both sides: {seen}"
