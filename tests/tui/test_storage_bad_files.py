"""Files we cannot use: a clear message everywhere, the file never touched.

Each case is checked twice: the app opens on a screen naming the file and
the problem, and `workbook status` prints one line and exits 1. Afterwards
the file is byte-identical.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from textual.widgets import OptionList

from tests.conftest import skip_or_fail, welcomed
from tests.pilot import app_for, screen_text
from tests.storage_helpers import folder_state, shown, workbook_cmd
from workbook.core.storage import AnswerStore
from workbook.core.storage.backups import list_backups
from workbook.tui.app import make_app
from workbook.tui.screens.bad_database import BadDatabaseScreen
from workbook.tui.screens.home import HomeScreen
from workbook.tui.screens.page import PageScreen

HERE = Path(__file__).parent.parent  # the child scripts sit at the top of tests/

GOOD = json.dumps({
    "answers": {"1": {"exercise": "kept", "value": "my words", "updated": "2025-01-01T02:00:00+00:00"}},
    "meta": {"1": {"schema": 1}},
}).encode()

BAD_FILES = {
    "empty": (b"", "the file is empty"),
    "only-blanks": (b"\n  \n", "the file is empty"),
    "cut-off": (GOOD[: len(GOOD) // 2], "not valid JSON"),
    "nul-bytes": (b"\x00" * 4096, "NUL bytes"),
    "nul-tail": (GOOD + b"\x00" * 64, "NUL bytes"),
    "not-json": (b"Remember to buy milk\n", "not valid JSON"),
    "not-utf8": (b'{"answers": "\xff\xfe"}', "not UTF-8"),
    "a-list": (b"[1, 2, 3]", "JSON but not a workbook database"),
    "tables-of-lists": (b'{"answers": [1, 2]}', "JSON but not a workbook database"),
    "odd-ids": (b'{"answers": {"x": {"exercise": "a", "value": 1}}}', "not a workbook database"),
    "answers-without-value": (b'{"answers": {"1": {"note": "hi"}}}', 'has no "exercise" or "value"'),
    "newer-schema": (b'{"meta": {"1": {"schema": 99}}}', "newer Heartbreak Workbook"),
}


def make_bad(db: Path, data: bytes) -> bytes:
    db.parent.mkdir(parents=True, exist_ok=True)
    db.write_bytes(data)
    return data


@pytest.mark.parametrize("case", BAD_FILES)
def test_status_says_it_in_one_line_and_exits_1(db: Path, case: str) -> None:
    data, problem = BAD_FILES[case]
    make_bad(db, data)
    result = workbook_cmd("status", "--db", str(db))
    assert result.returncode == 1
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert str(db) in result.stderr and problem in result.stderr
    assert "Traceback" not in result.stderr
    assert db.read_bytes() == data


@pytest.mark.parametrize("case", BAD_FILES)
async def test_the_app_opens_on_a_screen_naming_file_and_problem(db: Path, case: str) -> None:
    data, problem = BAD_FILES[case]
    make_bad(db, data)
    app = app_for(db)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, BadDatabaseScreen)
        assert shown(app, "#bad-file") == f"File: {db}"
        assert problem in shown(app, "#bad-problem")
        assert "Nothing in the file has been changed" in shown(app, "#bad-reassure")
        await pilot.press("q")
    assert app.return_code == 0
    assert db.read_bytes() == data
    assert [p.name for p in db.parent.iterdir()] == ["workbook.json"], "the lock is not here"


def unprivileged(argv: list[str]) -> list[str]:
    """Run as a user who cannot read root's files: as root, in a fresh user namespace."""
    if os.geteuid() != 0:
        return argv
    if shutil.which("unshare") is None or subprocess.run(
        ["unshare", "-U", "true"], capture_output=True
    ).returncode != 0:
        skip_or_fail("as root, a file is unreadable only from a user namespace (unshare -U)")
    return ["unshare", "-U", *argv]


def test_a_file_we_may_not_read(db: Path) -> None:
    data = make_bad(db, GOOD)
    db.chmod(0)
    try:
        result = subprocess.run(
            unprivileged([sys.executable, "-m", "workbook", "status", "--db", str(db)]),
            capture_output=True, text=True,
        )
        assert result.returncode == 1
        assert len(result.stderr.strip().splitlines()) == 1, result.stderr
        assert str(db) in result.stderr and "permission denied" in result.stderr

        screen = subprocess.run(
            unprivileged([sys.executable, str(HERE / "bad_screen_child.py"), str(db)]),
            capture_output=True, text=True, cwd=HERE.parent,
        )
        lines = screen.stdout.splitlines()
        assert lines[:3] == ["BadDatabaseScreen", f"File: {db}", "Problem: this file cannot be "
                             "read (permission denied)"], screen.stdout + screen.stderr
    finally:
        db.chmod(0o600)
    assert db.read_bytes() == data


async def test_a_folder_where_the_file_should_be(db: Path) -> None:
    db.mkdir(parents=True)
    (db / "inside.txt").write_text("keep me")
    result = workbook_cmd("status", "--db", str(db))
    assert result.returncode == 1 and "this is a folder" in result.stderr
    app = app_for(db)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert "this is a folder" in shown(app, "#bad-problem")
        await pilot.press("q")
    assert (db / "inside.txt").read_text() == "keep me"


async def test_move_aside_renames_the_file_and_starts_fresh(db: Path) -> None:
    data = make_bad(db, b'{"answers": {"1": {"exercise": "a", "value": "cut')
    app = app_for(db)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("m")
        await pilot.pause()
        # A fresh start is a first run: the welcome page over the home screen.
        assert isinstance(app.screen_stack[1], HomeScreen)
        assert isinstance(app.screen, PageScreen)
        assert not app.store.read_only and app.store.answers() == {}
        await pilot.press("ctrl+q")
    moved = [p for p in db.parent.iterdir() if ".moved-aside-" in p.name]
    assert len(moved) == 1 and moved[0].read_bytes() == data  # renamed, never deleted
    assert moved[0].name.startswith("workbook.moved-aside-") and moved[0].suffix == ".json"
    AnswerStore(db, read_only=True)  # the fresh file opens


async def test_open_a_backup_restores_it_and_keeps_the_bad_file(db: Path) -> None:
    welcomed(db)
    store = AnswerStore(db)
    store.set("letter", {"to": "me", "body": "the words from last night"})
    store.save()  # this session's first write backs up the welcomed file
    store.close()
    store = AnswerStore(db)
    store.set("letter", {"to": "me", "body": "the words from this morning"})
    store.save()  # and this one backs up last night's
    store.close()
    data = make_bad(db, b"\x00" * 300)  # then a crash on a filesystem without ordered writes

    app = app_for(db)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert "There are 2 backups" in shown(app, "#bad-reassure")
        await pilot.press("b")
        await pilot.pause()
        backups = app.screen.query_one("#backup-list", OptionList)
        assert app.focused is backups and backups.option_count == 2
        await pilot.press("enter")  # the newest
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert app.store.get("letter")["body"] == "the words from last night"
        assert not app.store.read_only and app.save_state == ""  # writable, not "Read-only"
        await pilot.press("ctrl+q")
    moved = [p for p in db.parent.iterdir() if ".moved-aside-" in p.name]
    assert len(moved) == 1 and moved[0].read_bytes() == data
    assert AnswerStore(db, read_only=True).get("letter")["body"] == "the words from last night"


async def test_a_bad_backup_is_named_and_nothing_changes(db: Path) -> None:
    data = make_bad(db, b"")
    folder = db.parent / "backups"
    folder.mkdir()
    (folder / "workbook-20250101-020304.json").write_bytes(b"{half")
    assert len(list_backups(db)) == 1
    app = app_for(db)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("b", "enter")
        await pilot.pause()
        assert isinstance(app.screen, BadDatabaseScreen)
        assert "can't be opened either" in shown(app, "#bad-note")
        await pilot.press("q")
    assert db.read_bytes() == data
    assert not [p for p in db.parent.iterdir() if ".moved-aside-" in p.name]


async def test_with_no_backups_none_is_offered_and_moving_aside_is(db: Path) -> None:
    make_bad(db, b"nonsense")
    app = app_for(db)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert not app.screen.query("#backups")  # no "Open a backup" button
        footer = screen_text(app).splitlines()[-1]
        assert "Open a backup" not in footer and "Move aside" in footer
        assert app.focused is app.screen.query_one("#aside")
        assert "no backups" in shown(app, "#bad-reassure")
        await pilot.press("q")


async def test_read_only_a_backup_opens_to_read_and_nothing_is_written(db: Path) -> None:
    session_db = welcomed(db)
    store = AnswerStore(session_db)
    store.set("letter", {"to": "me", "body": "an older draft"})
    store.save()
    store.close()
    store = AnswerStore(db)
    store.set("letter", {"to": "me", "body": "a newer draft"})
    store.save()  # backs up the older draft
    store.close()
    make_bad(db, b"{")
    before = folder_state(db.parent)
    app = make_app(db, read_only=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, BadDatabaseScreen)
        assert not app.screen.query("#aside")  # moving aside would write
        assert "read-only" in shown(app, "#bad-reassure")
        await pilot.press("m")  # the key does nothing either
        await pilot.press("b", "enter")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert app.store.read_only and app.save_state.startswith("Read-only")
        assert app.store.get("letter")["body"] == "an older draft"
        await pilot.press("ctrl+q")
    assert folder_state(db.parent) == before
