"""One writer per database: a second session is told plainly and can only read."""

from __future__ import annotations

import os
import signal
import stat
from pathlib import Path

import pytest
from textual.widgets import Input

from tests.conftest import first_of_kind, welcomed
from tests.pilot import app_for, open_exercise
from tests.storage_helpers import another_session, folder_state, shown
from workbook.core.locations import lock_path
from workbook.core.storage import AnswerStore, SaveFailed, WorkbookLocked
from workbook.core.storage.lock import is_locked
from workbook.tui.screens.home import HomeScreen
from workbook.tui.screens.locked import LockedScreen


def test_a_second_process_is_refused_and_told_who_has_it(db: Path) -> None:
    welcomed(db)
    with another_session(db) as holder:
        with pytest.raises(WorkbookLocked) as refused:
            AnswerStore(db)
        assert f"process {holder.pid}" in refused.value.holder
        assert "open in another workbook session" in str(refused.value)
        assert is_locked(db) is not None
        assert stat.S_IMODE(lock_path(db).stat().st_mode) == 0o600
    assert is_locked(db) is None


def test_a_lock_left_by_a_killed_process_never_blocks(db: Path) -> None:
    welcomed(db)
    with another_session(db) as holder:
        os.kill(holder.pid, signal.SIGKILL)
        holder.wait()
        assert lock_path(db).read_text()  # the dead process's details are still in the file...
        store = AnswerStore(db)  # ...but the kernel dropped its lock with it
    store.set("after-the-crash", "still here")
    assert store.save()
    store.close()
    assert AnswerStore(db, read_only=True).get("after-the-crash") == "still here"


def test_read_only_alongside_a_writer_writes_nothing(db: Path) -> None:
    welcomed(db)
    with another_session(db):
        before = folder_state(db.parent)
        store = AnswerStore(db, read_only=True)
        store.set("x", "typed while read-only")
        store.set_setting("theme", "anything")
        assert not store.dirty
        assert store.save() is False
        store.close()
        assert folder_state(db.parent) == before


def test_read_only_does_not_even_create_a_lock_file(db: Path) -> None:
    welcomed(db)
    lock_path(db).unlink()
    before = folder_state(db.parent)
    AnswerStore(db, read_only=True).close()
    assert folder_state(db.parent) == before
    missing = db.parent / "nothing-here" / "workbook.json"
    AnswerStore(missing, read_only=True).close()
    assert not missing.parent.exists()


def test_a_save_after_the_lock_file_vanished_relocks_or_refuses(db: Path) -> None:
    store = AnswerStore(db)
    store.set("a", 1)
    store.save()
    lock_path(db).unlink()  # say, a cleaning script
    with another_session(db):  # a new session locks a fresh lock file
        store.set("a", 2)
        with pytest.raises(SaveFailed, match="opened in another session"):
            store.save()
    assert AnswerStore(db, read_only=True).get("a") == 1
    store.set("a", 3)
    assert store.save()  # the other one has gone: ours again
    store.close()
    assert AnswerStore(db, read_only=True).get("a") == 3


async def test_the_app_opens_on_a_clear_screen_and_can_open_read_only(db: Path, workbook) -> None:
    exercise = first_of_kind(workbook, "text")
    welcomed(db)
    with another_session(db) as holder:
        before = folder_state(db.parent)
        app = app_for(db)
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            assert isinstance(app.screen, LockedScreen)
            assert shown(app, "#locked-title") == "Your workbook is already open"
            text = shown(app, "#locked-text")
            assert "open in another session" in text and f"process {holder.pid}" in text
            assert "SSH" in text
            await pilot.press("r")
            await pilot.pause()
            assert isinstance(app.screen, HomeScreen)
            assert app.store.read_only
            assert "Read-only" in str(app.screen.query_one("SaveStatus").render())
            widget = await open_exercise(pilot, exercise)
            field = widget.query_one(Input)
            assert field.disabled
            await pilot.press(*"words that must not be written")
            await pilot.press("ctrl+s")
            await pilot.press("ctrl+q")
        assert folder_state(db.parent) == before


async def test_try_again_once_the_other_session_has_quit(db: Path) -> None:
    welcomed(db)
    with another_session(db) as holder:
        app = app_for(db)
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            await pilot.press("t")
            await pilot.pause()
            assert isinstance(app.screen, LockedScreen)
            assert "still open" in shown(app, "#locked-note")
            holder.stdin.close()  # the other session quits
            holder.wait()
            await pilot.press("t")
            await pilot.pause()
            assert isinstance(app.screen, HomeScreen)
            assert not app.store.read_only and app.save_state == ""
            await pilot.press("ctrl+q")


async def test_quit_from_the_locked_screen_leaves_everything_as_it_was(db: Path) -> None:
    welcomed(db)
    with another_session(db):
        before = folder_state(db.parent)
        app = app_for(db)
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            await pilot.click("#quit")
            await pilot.pause()
        assert app.return_code == 0
        assert folder_state(db.parent) == before


async def test_read_only_then_finding_the_file_unusable_still_writes_nothing(db: Path) -> None:
    from workbook.tui.screens.bad_database import BadDatabaseScreen

    welcomed(db)
    with another_session(db):
        db.write_bytes(b"")  # the other session has its answers in memory; the file broke
        before = folder_state(db.parent)
        app = app_for(db)
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            await pilot.press("r")
            await pilot.pause()
            assert isinstance(app.screen, BadDatabaseScreen)
            assert "the file is empty" in shown(app, "#bad-problem")
            assert not app.screen.query("#aside")
            await pilot.press("q")
        assert folder_state(db.parent) == before
