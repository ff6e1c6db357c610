"""Over real SSH: write a letter, lose the connection, come back to it."""

from __future__ import annotations

import json
import os
import signal
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from textual.widgets import TextArea

from tests.conftest import welcomed
from tests.e2e.focus import inside, tabs_to
from tests.e2e.sshd import SSHServer, remote
from tests.e2e.tmux import process_alive, wait_for_condition
from tests.storage_helpers import read_stored
from workbook.core.content import Exercise, Workbook
from workbook.core.locations import lock_path
from workbook.core.storage.lock import WorkbookLock, is_locked

pytestmark = pytest.mark.e2e

# At least this long between the last key of the first sentence and the
# drop: the app promises to save within about half a second of typing.
TYPED_BEFORE_DROP = 1.5


@pytest.fixture
def ssh_server(tmp_path: Path) -> Iterator[SSHServer]:
    server = SSHServer(tmp_path / "sshd").start()
    yield server
    server.stop()


def forgiveness_letter(book: Workbook) -> Exercise:
    """The letter of step 9 (found by kind, so reworded content still works)."""
    letters = [e for e in book.step(9).exercises if e.kind == "letter"]
    return (letters or [e for e in book.exercises if e.kind == "letter"])[0]


def lock_holder_pid(db: Path) -> int | None:
    """The PID the lock file names (it records its holder), if any."""
    try:
        return int(json.loads(lock_path(db).read_text(encoding="utf-8"))["pid"])
    except (OSError, ValueError, KeyError, TypeError):
        return None


def test_a_dropped_ssh_connection_keeps_the_letter_and_frees_the_workbook(
    ssh_server: SSHServer, terminal, workbook_exe: str, book: Workbook, content: Path,
    db: Path, tmp_path: Path,
) -> None:
    welcomed(db)
    env = {
        "WORKBOOK_DB": str(db), "WORKBOOK_CONTENT": str(content),
        "XDG_DATA_HOME": str(tmp_path / "xdg-data"), "XDG_CONFIG_HOME": str(tmp_path / "xdg-config"),
        "XDG_STATE_HOME": str(tmp_path / "xdg-state"),
        "LANG": "C.UTF-8",
    }
    command = ssh_server.ssh_argv(remote(env, [workbook_exe]))
    letter = forgiveness_letter(book)
    number = next(s.number for s in book.steps if letter in s.exercises)
    tabs = tabs_to(db, content, number, inside(letter.id, TextArea))

    # First session: write, pause, write a little more, then the link drops.
    term = terminal()
    term.start(command)
    term.wait_for("Press a number to open a step")
    ssh_pid = term.pid
    assert Path(f"/proc/{ssh_pid}/comm").read_text().strip() == "ssh"
    term.send(str(number % 10))
    term.wait_for(f"Step {number} of", book.step(number).title)
    term.settle()
    term.send(*["Tab"] * tabs)
    term.settle()
    first = "I forgive you for the silence,"
    term.type(first)
    term.wait_for(first)
    app_pid = lock_holder_pid(db)
    assert app_pid is not None and app_pid != ssh_pid, "the remote app should hold the lock"
    time.sleep(TYPED_BEFORE_DROP)
    term.type(" and for the")
    os.kill(ssh_pid, signal.SIGKILL)  # the connection is gone, as when wifi drops

    # The remote app ends with its connection and lets go of the workbook.
    wait_for_condition(lambda: not process_alive(app_pid), "the remote app to end")
    json.loads(db.read_text(encoding="utf-8"))  # parses: never half-written
    body = read_stored(db).get(letter.id)["body"]
    assert body.startswith(first)
    assert is_locked(db) is None
    with WorkbookLock(db):
        pass  # a new writer can take the lock

    # A new session opens normally (not locked, not read-only) with the letter there.
    term = terminal()
    term.start(command)
    screen = term.wait_for("Press a number to open a step")
    assert "Read-only" not in screen and "open in another" not in screen.lower()
    term.send(str(number % 10))
    term.wait_for(f"Step {number} of", book.step(number).title)
    term.settle()
    term.send(*["Tab"] * tabs)
    term.wait_for(first)
    term.send("C-q")
    assert term.wait_exit() == 0  # ssh ends with the remote app's exit status
    assert is_locked(db) is None
