"""The idle lock in a real terminal: an encrypted workbook locks itself, then opens again.

`lock_minutes` is set to a few seconds so the test need not wait ten minutes.
"""

from __future__ import annotations

from pathlib import Path

from tests.conftest import first_of_kind
from workbook.core.storage import AnswerStore
from workbook.core.storage.conversion import encrypt_workbook

PASSPHRASE = "slow mornings"
LOCK_SECONDS = 4
UNLOCK_TIMEOUT = 180  # scrypt on a loaded machine can take many seconds


def test_an_idle_encrypted_workbook_locks_itself(terminal, app_env, workbook_exe, book, tmp_path):
    db = tmp_path / "data" / "workbook.json"
    exercise = first_of_kind(book, "text")
    store = AnswerStore(db)
    store.set_setting("welcomed", True)
    store.set_setting("lock_minutes", LOCK_SECONDS / 60)
    store.set(exercise.id, {exercise.fields[0].id: "a quiet harbour"})
    store.save()
    store.close()
    encrypt_workbook(db, PASSPHRASE)

    term = terminal()
    term.start([workbook_exe], env=app_env(db))
    term.wait_for("Your workbook is locked", "Passphrase")
    term.type(PASSPHRASE)
    term.send("Enter")
    home = term.wait_for("You've written in", timeout=UNLOCK_TIMEOUT)
    assert PASSPHRASE not in home
    # No key for LOCK_SECONDS: it saves, drops everything and asks again.
    locked = term.wait_for("Your workbook is locked", timeout=LOCK_SECONDS + 20)
    assert "You've written in" not in locked
    assert Path(db).read_bytes().startswith(b"age-encryption.org/v1\n")
    term.type(PASSPHRASE)
    term.send("Enter")
    term.wait_for("You've written in", timeout=UNLOCK_TIMEOUT)
    term.send("C-q")
    assert term.wait_exit() == 0
