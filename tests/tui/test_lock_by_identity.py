"""The lock stays on this machine, and a file with two names is never written.

A workbook kept in a synced folder must not carry its lock to the other
machine, so the lock lives in this machine's state folder. Two hard links to
one database are one file under two names: a save puts a new file in place
of one name and would quietly split them into two workbooks, and a session
through each name would both write. So such a file opens read-only, and
says why (issue 24, item 4).
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from tests.conftest import welcomed
from tests.pilot import app_for
from tests.storage_helpers import another_session, folder_state, shown, workbook_cmd
from workbook.core.storage import AnswerStore, SaveFailed, WorkbookLocked
from workbook.tui.screens.home import HomeScreen
from workbook.tui.screens.locked import LockedScreen


@pytest.fixture
def two_names(db: Path, tmp_path: Path) -> tuple[Path, Path]:
    """One workbook holding an answer, and a second name for the same file elsewhere."""
    store = AnswerStore(welcomed(db))
    store.set("kept", "my words")
    store.save()
    store.close()
    other = tmp_path / "elsewhere" / "workbook.json"
    other.parent.mkdir()
    os.link(db, other)
    return db, other


def test_two_hard_links_never_both_open_for_writing(two_names: tuple[Path, Path]) -> None:
    first, second = two_names
    for name in (first, second):
        with pytest.raises(WorkbookLocked, match="has 2 names") as refused:
            AnswerStore(name)
        assert "read-only" in str(refused.value) and "ls -li" in str(refused.value)
    # Both still one file, with the words, readable through either name.
    assert os.stat(first).st_ino == os.stat(second).st_ino
    assert AnswerStore(second, read_only=True).get("kept") == "my words"


def test_a_link_made_while_open_stops_the_save_instead_of_splitting(db: Path,
                                                                    tmp_path: Path) -> None:
    store = AnswerStore(welcomed(db))
    other = tmp_path / "elsewhere.json"
    os.link(db, other)
    store.set("kept", "typed after the link was made")
    with pytest.raises(SaveFailed, match="2 names"):
        store.save()
    assert os.stat(db).st_ino == os.stat(other).st_ino, "still one file"
    assert store.dirty, "the words stay in memory, to save once one name is left"
    other.unlink()
    assert store.save()
    store.close()
    assert AnswerStore(db, read_only=True).get("kept") == "typed after the link was made"


def test_the_lock_is_not_beside_the_workbook_and_outlives_a_save(db: Path,
                                                                 tmp_path: Path) -> None:
    """In a synced folder only the workbook travels; a save (a new file in its place)
    keeps the lock, so another process is still refused after it."""
    backup = tmp_path / "backup.json"
    welcomed(db)
    done = workbook_cmd("export", "--format", "json", "--db", str(db), "-o", str(backup))
    assert done.returncode == 0, done.stderr
    with another_session(db):
        assert not [p.name for p in db.parent.iterdir() if "lock" in p.name]
        with pytest.raises(WorkbookLocked):
            AnswerStore(db)
    store = AnswerStore(db)
    inode = os.stat(db).st_ino
    store.set("x", "one")
    store.save()
    assert os.stat(db).st_ino != inode, "a save puts a new file in place"
    refused = workbook_cmd("import", "--merge", str(backup), "--db", str(db))
    assert "open in another workbook session" in refused.stderr, refused.stderr
    store.close()
    assert not [p.name for p in db.parent.iterdir() if "lock" in p.name]


def test_a_command_on_a_hard_linked_workbook_says_why_and_changes_nothing(
        two_names: tuple[Path, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    first, _second = two_names
    monkeypatch.setenv("WORKBOOK_PASSPHRASE", "correct horse")
    shutil.copyfile(first, first.parent / "workbook.sync-conflict-20261206-153000-ABCDEFG.json")
    backup = tmp_path / "backup.json"
    done = workbook_cmd("export", "--format", "json", "--db", str(first), "-o", str(backup))
    assert done.returncode == 0, done.stderr
    before = first.read_bytes()
    for command in (["import", "--merge", str(backup)], ["sync"], ["encrypt"],
                    ["restore", "--yes", str(shutil.copyfile(first, tmp_path / "old.json"))]):
        refused = workbook_cmd(*command, "--db", str(first))
        assert refused.returncode != 0, command
        assert "has 2 names" in refused.stderr, (command, refused.stderr)
        assert "another session" not in refused.stderr and "Traceback" not in refused.stderr
        assert first.read_bytes() == before


async def test_the_app_explains_two_names_and_opens_read_only(
        two_names: tuple[Path, Path]) -> None:
    first, second = two_names
    before = folder_state(first.parent)
    app = app_for(second)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, LockedScreen)
        assert shown(app, "#locked-title") == "Your workbook has more than one name"
        assert "split them" in shown(app, "#locked-text")
        await pilot.press("r")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert app.store.read_only and app.store.get("kept") == "my words"
        await pilot.press("ctrl+q")
    assert folder_state(first.parent) == before
    assert os.stat(first).st_ino == os.stat(second).st_ino
