"""Private from birth: folders 0700, files 0600, whatever the umask."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from workbook.core.locations import backups_dir, lock_path
from workbook.core.storage import AnswerStore
from workbook.core.storage.backups import list_backups, move_aside, restore_backup


@pytest.fixture(params=[0o022, 0o000], ids=["umask-022", "umask-000"])
def umask(request: pytest.FixtureRequest) -> Iterator[int]:
    old = os.umask(request.param)
    try:
        yield request.param
    finally:
        os.umask(old)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_every_folder_and_file_the_workbook_makes_is_private(tmp_path: Path, umask: int) -> None:
    db = tmp_path / "home" / "data" / "workbook.json"
    first = AnswerStore(db)
    first.set("letter", {"to": "you", "body": "private"})
    first.save()
    first.close()
    second = AnswerStore(db)  # its first write makes a backup
    second.set("letter", {"to": "you", "body": "still private"})
    second.save()
    second.close()
    backup = list_backups(db)[0]
    restore_backup(db, backup.path)  # backs up the current file, writes the restored one
    moved = move_aside(db)

    assert mode(db.parent) == 0o700
    assert mode(backups_dir(db)) == 0o700
    assert mode(lock_path(db)) == 0o600
    assert mode(moved) == 0o600
    assert len(list_backups(db)) == 2
    for made in list_backups(db):
        assert mode(made.path) == 0o600
    assert not any(path.name.endswith(".tmp") for path in db.parent.rglob("*"))


def test_the_database_file_itself_is_private_from_its_first_save(tmp_path: Path, umask: int) -> None:
    db = tmp_path / "data" / "workbook.json"
    store = AnswerStore(db)
    assert mode(db.parent) == 0o700  # made by taking the lock, before any answer
    assert mode(lock_path(db)) == 0o600
    store.set("x", 1)
    store.save()
    assert mode(db) == 0o600
    db.chmod(0o644)  # someone loosened it: the next save makes it private again
    store.set("x", 2)
    store.save()
    assert mode(db) == 0o600
