"""Journals (kind `journal`): dated entries, newest first, each one editable later."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from textual.widgets import OptionList, TextArea

from tests.conftest import first_of_kind
from tests.widget_story import shown, with_answer
from workbook.tui.widgets.journal import PAGE_SIZE, Journal


def entry(number: int) -> dict[str, str]:
    # One a minute: entries are kept in the order of their dates (core/entries.py).
    when = datetime(2024, 1, 1, tzinfo=UTC) + timedelta(minutes=number)
    stamp = when.isoformat(timespec="seconds")
    return {
        "id": f"e{number}",
        "created": stamp,
        "updated": stamp,
        "text": f"entry number {number}",
    }


async def test_two_entries_newest_first_and_an_older_one_edited(app_at, workbook) -> None:
    exercise = first_of_kind(workbook, "journal")
    async with app_at(exercise=exercise) as (app, pilot, widget):
        editor = widget.query_one("#editor", TextArea)
        assert app.focused is editor, "typing straight away starts an entry"
        screen = await shown(pilot, widget)
        assert exercise.prompt in screen and "New entry" in screen and "No entries yet" in screen

        await pilot.press(*"Couldn't sleep again.")
        await pilot.press("ctrl+n")
        assert editor.text == "", "a new entry starts empty"
        await pilot.press(*"Better today. Walked by the river.")
        screen = await shown(pilot, widget)
        newest, oldest = "Better today. Walked by the river.", "Couldn't sleep again."
        assert newest in screen and oldest in screen
        assert screen.index(newest, screen.index("Your entries")) < screen.index(
            oldest, screen.index("Your entries")
        )
        assert datetime.now().strftime("%a %d %b %Y") in screen, "entries are dated"

        # Open the older entry from the list and add to it.
        entries = widget.query_one("#entries", OptionList)
        await pilot.press("tab")
        assert app.focused is entries
        await pilot.press("down", "enter")
        assert app.focused is editor and editor.text == oldest
        await pilot.press(*" Then I slept at four.")  # the cursor waits at the end
        await pilot.press("ctrl+q")

    async with app_at(exercise=exercise) as (app, pilot, widget):
        saved = app.store.get(exercise.id)
        assert [e["text"] for e in saved] == ["Couldn't sleep again. Then I slept at four.", newest]
        assert len({e["id"] for e in saved}) == 2
        assert saved[0]["updated"] >= saved[0]["created"]
        for item in saved:
            assert datetime.fromisoformat(item["created"]).utcoffset() is not None
        screen = await shown(pilot, widget)
        assert screen.index(newest) < screen.index("Couldn't sleep again. Then I slept at four.")
        assert widget.query_one("#editor", TextArea).text == "", "reopening starts a new entry"
        await pilot.press("ctrl+q")


async def test_ten_thousand_entries_open_a_page_at_a_time(app_at, db: Path, workbook) -> None:
    exercise = first_of_kind(workbook, "journal")
    saved = [entry(n) for n in range(10_000)]
    with_answer(db, exercise.id, saved)
    async with app_at(exercise=exercise) as (app, pilot, widget):
        entries = widget.query_one("#entries", OptionList)
        assert len(widget.query(TextArea)) == 1, "one editor, whatever the number of entries"
        assert entries.option_count == PAGE_SIZE + 1  # a page, then "Older entries"
        assert entries.get_option_at_index(0).id == "entry-9999"
        # Page to older entries, open one, edit it.
        entries.focus()
        await pilot.press("end", "enter")
        assert entries.get_option_at_index(1).id == f"entry-{9999 - PAGE_SIZE}"
        await pilot.press("down", "enter")
        editor = widget.query_one("#editor", TextArea)
        assert editor.text == f"entry number {9999 - PAGE_SIZE}"
        before = app.store.get(exercise.id)
        await pilot.press("end", "!")
        value = app.store.get(exercise.id)
        assert len(value) == 10_000
        assert value[9999 - PAGE_SIZE]["text"] == f"entry number {9999 - PAGE_SIZE}!"
        # A new list was posted; the one handed over before is untouched.
        assert value is not before
        assert before[9999 - PAGE_SIZE]["text"] == f"entry number {9999 - PAGE_SIZE}"
        await pilot.press("ctrl+q")


async def test_read_only_shows_entries_but_nothing_can_change(app_at, db: Path, workbook) -> None:
    exercise = first_of_kind(workbook, "journal")
    saved = [entry(1), entry(2)]
    with_answer(db, exercise.id, saved)
    async with app_at(exercise=exercise, read_only=True) as (app, pilot, widget):
        editor = widget.query_one("#editor", TextArea)
        assert editor.read_only and editor.text == "entry number 2", "the newest is shown"
        assert not widget.query("#new-entry")
        editor.focus()
        await pilot.press(*"typed", "ctrl+n")
        assert editor.text == "entry number 2"
        assert app.store.get(exercise.id) == saved
        await pilot.press("ctrl+q")


async def test_a_malformed_saved_value_is_treated_as_an_empty_journal(
    app_at, db: Path, workbook
) -> None:
    exercise = first_of_kind(workbook, "journal")
    with_answer(db, exercise.id, "one long string from an old database")
    async with app_at(exercise=exercise) as (app, pilot, widget):
        assert isinstance(widget, Journal)
        screen = await shown(pilot, widget)
        assert "No entries yet" in screen
        await pilot.press(*"a fresh page")
        assert [e["text"] for e in app.store.get(exercise.id)] == ["a fresh page"]
        await pilot.press("ctrl+q")


async def test_odd_entries_in_the_list_are_kept_but_not_shown(app_at, db: Path, workbook) -> None:
    exercise = first_of_kind(workbook, "journal")
    odd = ["stray text", {"text": 42}]
    with_answer(db, exercise.id, [*odd, entry(3)])
    async with app_at(exercise=exercise) as (app, pilot, widget):
        entries = widget.query_one("#entries", OptionList)
        assert entries.option_count == 1
        await pilot.press(*"new words")
        assert app.store.get(exercise.id)[:2] == odd, "nothing is thrown away"
        await pilot.press("ctrl+q")
