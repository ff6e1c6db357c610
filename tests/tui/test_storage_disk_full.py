"""A full disk, a read-only disk, a file removed underneath: the words survive.

The full and read-only disks are real: a 64 KB tmpfs (CI runs as root and
can mount one; elsewhere the tests skip only when mounting is refused).
"""

from __future__ import annotations

import errno
import os
import shutil
import stat
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from textual.pilot import Pilot

from tests.conftest import first_of_kind, skip_or_fail, welcomed
from tests.pilot import app_for, open_exercise
from workbook.core.storage import AnswerStore, SaveFailed
from workbook.core.storage.atomic import temp_files
from workbook.tui.app import WorkbookApp
from workbook.tui.screens.confirm import ConfirmScreen


def _mount(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["mount", *args], capture_output=True, text=True)


@pytest.fixture
def tiny_disk(tmp_path: Path) -> Iterator[Path]:
    """A real 64 KB filesystem, unmounted afterwards."""
    mountpoint = tmp_path / "tiny-disk"
    mountpoint.mkdir()
    result = _mount("-t", "tmpfs", "-o", "size=64k,mode=0700", "tmpfs", str(mountpoint))
    if result.returncode != 0:
        skip_or_fail(f"cannot mount a tmpfs here (run as root): {result.stderr.strip()}")
    try:
        yield mountpoint
    finally:
        if subprocess.run(["umount", str(mountpoint)], capture_output=True).returncode != 0:
            subprocess.run(["umount", "-l", str(mountpoint)], capture_output=True)


def fill(folder: Path) -> Path:
    """Write zeros until the disk is full; the file to delete to free the space."""
    filler = folder / "filler"
    fd = os.open(filler, os.O_WRONLY | os.O_CREAT, 0o600)
    try:
        while True:
            os.write(fd, b"\0" * 1024)
    except OSError as error:
        assert error.errno == errno.ENOSPC
    finally:
        os.close(fd)
    return filler


def test_a_save_on_a_full_disk_fails_leaves_the_file_and_retries(tiny_disk: Path) -> None:
    db = tiny_disk / "data" / "workbook.json"
    store = AnswerStore(db)
    store.set("letter", {"to": "you", "body": "what I wrote yesterday"})
    store.save()
    before = db.read_bytes()
    filler = fill(tiny_disk)

    store.set("letter", {"to": "you", "body": "what I wrote tonight " * 200})
    with pytest.raises(SaveFailed) as failed:
        store.save()
    assert str(failed.value) == "Not saved: the disk is full"
    assert db.read_bytes() == before  # byte for byte
    assert temp_files(db.parent, db.name) == []  # the half-written copy was removed
    assert store.dirty and store.get("letter")["body"].startswith("what I wrote tonight")

    filler.unlink()
    assert store.save()
    store.close()
    assert AnswerStore(db, read_only=True).get("letter")["body"].startswith("what I wrote tonight")


async def wait_for_state(pilot: Pilot, app: WorkbookApp, prefix: str) -> None:
    """Let the app run until its save state starts with `prefix` (a hang guard only)."""
    deadline = time.monotonic() + 60
    while not app.save_state.startswith(prefix):
        assert time.monotonic() < deadline, f"the save state stayed {app.save_state!r}"
        await pilot.pause(0.1)


async def test_the_app_shows_it_asks_before_quitting_and_saves_once_space_is_freed(
    tiny_disk: Path, workbook
) -> None:
    exercise = first_of_kind(workbook, "text")
    db = welcomed(tiny_disk / "data" / "workbook.json")
    before = db.read_bytes()
    filler = fill(tiny_disk)
    app = app_for(db)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_exercise(pilot, exercise)
        await pilot.press(*"I miss the sound of your keys")
        await wait_for_state(pilot, app, "Not saved")
        assert app.save_state == "Not saved: the disk is full"
        status = app.screen.query_one("SaveStatus")
        assert status.has_class("-failed") and "the disk is full" in str(status.render())
        assert db.read_bytes() == before

        await pilot.press("ctrl+q")  # unsaved words: it asks first
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("escape")  # stay
        await pilot.pause()
        assert app.is_running and not isinstance(app.screen, ConfirmScreen)

        filler.unlink()
        await wait_for_state(pilot, app, "Saved")  # the retry, with no key pressed
        assert AnswerStore(db, read_only=True).get(exercise.id) == {
            exercise.fields[0].id: "I miss the sound of your keys"
        }
        await pilot.press("ctrl+q")
        await pilot.pause()
    assert not app.is_running


async def test_quit_without_saving_when_the_disk_stays_full(tiny_disk: Path, workbook) -> None:
    exercise = first_of_kind(workbook, "text")
    db = welcomed(tiny_disk / "data" / "workbook.json")
    before = db.read_bytes()
    fill(tiny_disk)
    app = app_for(db)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_exercise(pilot, exercise)
        await pilot.press(*"gone")
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.click("#yes")
        await pilot.pause()
    assert not app.is_running
    assert db.read_bytes() == before


def test_a_read_only_disk_fails_visibly_and_the_save_works_once_writable(tiny_disk: Path) -> None:
    db = welcomed(tiny_disk / "data" / "workbook.json")
    AnswerStore(db).close()  # release the writable lock descriptor so the remount is allowed
    assert _mount("-o", "remount,ro", str(tiny_disk)).returncode == 0
    try:
        before = db.read_bytes()
        store = AnswerStore(db)  # opens: the existing lock file locks read-only
        store.set("note", "written on a read-only disk")
        with pytest.raises(SaveFailed, match="Not saved: the disk is read-only"):
            store.save()
        assert db.read_bytes() == before
    finally:
        assert _mount("-o", "remount,rw", str(tiny_disk)).returncode == 0
    assert store.save()
    store.close()
    assert AnswerStore(db, read_only=True).get("note") == "written on a read-only disk"


def test_a_file_removed_underneath_is_written_again_whole(db: Path) -> None:
    store = AnswerStore(db)
    store.set("first", "one")
    store.save()
    db.unlink()
    store.set("second", "two")
    assert store.save()
    again = AnswerStore(db, read_only=True)
    assert again.get("first") == "one" and again.get("second") == "two"


def test_a_data_folder_removed_underneath_comes_back_private(db: Path) -> None:
    store = AnswerStore(db)
    store.set("first", "one")
    store.save()
    shutil.rmtree(db.parent)  # lock file, backups and all
    store.set("second", "two")
    assert store.save()
    assert stat.S_IMODE(db.parent.stat().st_mode) == 0o700
    assert stat.S_IMODE(db.stat().st_mode) == 0o600
    assert store._writer is not None and store._writer.still_ours()  # locked again
    again = AnswerStore(db, read_only=True)
    assert again.get("first") == "one" and again.get("second") == "two"
