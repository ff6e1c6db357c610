"""The app keeps a workbook in a synced folder joined with the other machine's.

The story: the workbook is open on the laptop when the sync tool catches up
with the desktop. Either it leaves the desktop's version beside the file as
a conflict copy, or it puts the desktop's file in place of the laptop's.
Within a few seconds the app merges it, entry by entry, says so in plain
words, and shows the desktop's entry on the open step; nothing typed on
either machine is lost.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from textual import events
from textual.widgets import Input

from tests.conftest import first_of_kind, step_number_of
from tests.core.test_sync import NAMES, copy_from_desktop, entry, texts, write
from tests.pilot import app_for, open_step, screen_text
from workbook.core.content import Exercise, Workbook
from workbook.core.storage import AnswerStore
from workbook.core.storage.backups import list_backups
from workbook.tui import sync_watch
from workbook.tui.screens.step import StepScreen
from workbook.tui.widgets.base import ExerciseWidget


@pytest.fixture
def journal(workbook: Workbook) -> Exercise:
    return first_of_kind(workbook, "journal")


@pytest.fixture(autouse=True)
def quick_checks(monkeypatch: pytest.MonkeyPatch) -> None:
    """Look at the folder every tenth of a second, so a test needs no long wait."""
    monkeypatch.setattr(sync_watch, "CHECK_EVERY", 0.1)


@pytest.fixture
def laptop(db: Path, journal: Exercise) -> Path:
    write(db, journal, {"shared": "the first night"})
    store = AnswerStore(db)
    store.set_setting("welcomed", True)
    store.save()
    store.close()
    return db


async def told(app, pilot, words: str) -> str:
    """Wait (up to about 20 s) for a message holding `words`; its text."""
    for _ in range(400):
        await pilot.pause(0.05)
        for note in app._notifications:
            if words in str(note.message):
                return str(note.message)
    raise AssertionError(f"never told {words!r}: {[n.message for n in app._notifications]}")


async def test_a_conflict_copy_that_appears_while_running_is_merged_and_shown(
        laptop: Path, journal: Exercise, workbook: Workbook) -> None:
    app = app_for(laptop)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        await open_step(pilot, step_number_of(workbook, journal))
        conflict = copy_from_desktop(laptop, journal, NAMES["syncthing"],
                                     {"desk": "at my desk on Sunday"})
        message = await told(app, pilot, "Merged a copy from another machine")
        assert "1 journal entry added" in message, message
        assert "Nothing was lost" in message
        assert not conflict.exists()
        # The step is drawn again just after the message (its cards are gone
        # for a moment while it recomposes): wait for the new journal widget.
        for _ in range(100):
            await pilot.pause(0.05)
            shown = [w for w in app.screen.query(ExerciseWidget) if w.exercise.id == journal.id]
            if shown and "at my desk on Sunday" in str(shown[0].value):
                break
        card = app.screen.query_one(f"#exercise-{journal.id}")
        card.scroll_visible(animate=False)
        await pilot.pause()
        assert "at my desk on Sunday" in screen_text(app), "the open step shows it"
        await pilot.press("ctrl+q")
    assert texts(laptop, journal) == {"shared": "the first night",
                                      "desk": "at my desk on Sunday"}
    assert [b.label for b in list_backups(laptop) if b.label] == ["conflict-copy"]


@pytest.mark.parametrize("entry_lands", ["below", "above"])
async def test_a_merge_while_someone_types_leaves_them_in_their_field(
        laptop: Path, workbook: Workbook, entry_lands: str,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """The step is drawn again for the other machine's journal entry, below or above
    the field someone is typing in: they stay in it, cursor where it was, the
    field on the same line of the screen, and the keys they typed meanwhile land in it."""
    journal, text = next(
        (journal, text) for step in workbook.steps
        for journal in step.exercises if journal.kind == "journal"
        for text in step.exercises if text.kind == "text"
        and (step.exercises.index(journal) > step.exercises.index(text)) == (entry_lands == "below"))
    app = app_for(laptop)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_step(pilot, step_number_of(workbook, journal))
        card = app.screen.query_one(f"#exercise-{text.id}")
        field = card.query(Input).first()
        field.focus()
        await pilot.pause()
        await pilot.wait_for_scheduled_animations()
        await pilot.press(*"half a thought")
        await pilot.press("left", "left")  # back over "ht", to mend a word
        line = field.region.y
        draw_again = StepScreen.recompose

        async def keys_typed_meanwhile(screen: StepScreen) -> None:
            for key in "ug":  # they reach the app while the step is drawn again
                app._driver.send_message(events.Key(key, key))
            await draw_again(screen)

        monkeypatch.setattr(StepScreen, "recompose", keys_typed_meanwhile)
        copy_from_desktop(laptop, journal, NAMES["syncthing"], {"desk": "at my desk"})
        await told(app, pilot, "Merged a copy from another machine")
        for _ in range(100):  # the step is drawn again just after the message
            await pilot.pause(0.05)
            if app.screen.query_one(f"#exercise-{text.id}") is not card:
                break
        await pilot.pause()
        focused = app.focused
        assert isinstance(focused, Input) and focused.id == field.id, focused
        assert f"exercise-{text.id}" in [node.id for node in focused.ancestors]
        assert focused.value == "half a thougught" and focused.cursor_position == 14
        assert focused.region.y == line, "the field stays on its line of the screen"
        await pilot.press("ctrl+q")
    stored = AnswerStore(laptop, read_only=True)
    assert stored.get(text.id)[text.fields[0].id] == "half a thougught"
    assert "at my desk" in str(stored.get(journal.id))


async def test_a_file_the_sync_tool_puts_in_place_is_merged_with_what_the_app_holds(
        laptop: Path, journal: Exercise, tmp_path: Path) -> None:
    desktop = tmp_path / "desktop" / "workbook.json"
    desktop.parent.mkdir()
    shutil.copyfile(laptop, desktop)
    write(desktop, journal, {"desk": "at my desk"})
    app = app_for(laptop)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        before = app.store.get(journal.id)
        app.store.set(journal.id, [*before, entry("here", "typed on the laptop")],
                      kind="journal", before=before)
        app.store.save()
        # The sync tool writes the desktop's version beside it and renames it over.
        staged = laptop.parent / ".syncthing.workbook.json.tmp"
        shutil.copyfile(desktop, staged)
        os.replace(staged, laptop)
        message = await told(app, pilot, "made on another device")
        assert "1 journal entry added" in message, message
        assert {e["id"] for e in app.store.get(journal.id)} == {"shared", "here", "desk"}
        for _ in range(200):
            await pilot.pause(0.05)
            if not app.store.dirty:
                break
        await pilot.press("ctrl+q")
    assert texts(laptop, journal) == {"shared": "the first night", "here": "typed on the laptop",
                                      "desk": "at my desk"}, "nothing typed on either is lost"
    assert not [b for b in list_backups(laptop) if b.label == "other-writer"], (
        "merged as it came: no save found a stranger's file to keep aside")


async def test_a_bad_copy_is_named_and_left_alone(laptop: Path) -> None:
    app = app_for(laptop)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        conflict = laptop.parent / NAMES["nextcloud"]
        conflict.write_text("Remember to buy milk\n")
        message = await told(app, pilot, "Not merged")
        assert conflict.name in message and "left where it is" in message
        for _ in range(10):  # ten more looks at the folder (one a tenth of a second)
            await pilot.pause(0.1)
        assert len([n for n in app._notifications if "Not merged" in str(n.message)]) == 1, (
            "said once, not every few seconds")
        await pilot.press("ctrl+q")
    assert conflict.read_text() == "Remember to buy milk\n"


async def test_a_copy_left_while_the_app_was_closed_is_merged_on_start(
        laptop: Path, journal: Exercise) -> None:
    conflict = copy_from_desktop(laptop, journal, NAMES["dropbox"], {"desk": "at my desk"})
    app = app_for(laptop)
    async with app.run_test(size=(100, 40)) as pilot:
        message = await told(app, pilot, "Merged a copy from another machine (Dropbox")
        assert "1 journal entry added" in message
        assert {e["id"] for e in app.store.get(journal.id)} == {"shared", "desk"}
        await pilot.press("ctrl+q")
    assert not conflict.exists()


async def test_a_touched_file_is_not_taken_for_a_change_made_elsewhere(
        laptop: Path, journal: Exercise, monkeypatch: pytest.MonkeyPatch) -> None:
    """`touch` (a backup tool, a file manager) gives the file a new time, not new words:
    no warning, nothing kept aside, even for a save that comes before the next look."""
    monkeypatch.setattr(sync_watch, "CHECK_EVERY", 3600)
    app = app_for(laptop)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        for n in range(2):
            before = app.store.get(journal.id)
            app.store.set(journal.id, [*before, entry(f"n{n}", f"night {n}")],
                          kind="journal", before=before)
            assert app.autosave.save_now() is None
            info = os.stat(laptop)
            os.utime(laptop, ns=(info.st_atime_ns, info.st_mtime_ns + 5_000_000_000))
        await pilot.pause()
        assert [n.message for n in app._notifications
                if "changed elsewhere" in str(n.title)] == []
        await pilot.press("ctrl+q")
    assert texts(laptop, journal) == {"shared": "the first night", "n0": "night 0",
                                      "n1": "night 1"}
    assert [b.name for b in list_backups(laptop) if b.label] == []
