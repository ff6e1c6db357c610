"""Growing lists (kind `list`): items added with enter, edited in place, moved and deleted."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Button, Input

from tests.conftest import first_of_kind
from tests.pilot import burst, screen_text
from tests.widget_story import shown, with_answer
from workbook.core.answer_rules import item_text
from workbook.core.storage import AnswerStore
from workbook.tui.screens.confirm import ConfirmScreen
from workbook.tui.widgets.item_list import ItemList, ListItem


def texts(value: list) -> list[str]:
    """The items' words as stored (each item is {"id", "text"})."""
    return [item_text(item) for item in value or []]


def items(widget: ItemList) -> list[str]:
    """What each item shows, in display order."""
    return [item.input.value for item in widget.query(ListItem)]


async def test_items_added_edited_moved_and_deleted_are_there_after_a_restart(
    app_at, workbook
) -> None:
    exercise = first_of_kind(workbook, "list")
    async with app_at(exercise=exercise) as (app, pilot, widget):
        add = widget.query_one("#add", Input)
        assert app.focused is add, "an empty list starts in the Add field"
        assert add.placeholder == exercise.placeholder

        await pilot.press(*"I go quiet", "enter", *"I ignore early doubts", "enter")
        await pilot.press(*"I say yes when I mean no", "enter")
        await pilot.press("enter")  # an empty Add adds nothing
        assert items(widget) == ["I go quiet", "I ignore early doubts", "I say yes when I mean no"]
        assert app.focused is add and add.value == ""
        screen = await shown(pilot, widget)
        assert "• I go quiet" in screen

        # Edit the first item in place: the cursor lands after its words.
        await pilot.press("shift+tab", "shift+tab", "shift+tab")
        assert app.focused is widget.query(ListItem).first().input
        await pilot.press(*" instead of saying I'm hurt")
        assert items(widget)[0] == "I go quiet instead of saying I'm hurt"
        assert "Move up" in screen_text(app), "key hints for the focused item"

        # Move it to the bottom, then one back up.
        await pilot.press("alt+down", "alt+down", "alt+down", "alt+up")
        assert items(widget) == [
            "I ignore early doubts",
            "I go quiet instead of saying I'm hurt",
            "I say yes when I mean no",
        ]

        # Delete asks first; escape keeps it, "Delete" removes it.
        await pilot.press("ctrl+r")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        assert "I go quiet instead of saying I'm hurt" in screen_text(app)
        await pilot.press("escape")
        await pilot.pause()
        assert len(items(widget)) == 3
        await pilot.press("ctrl+r")
        await pilot.pause()
        await pilot.click("#yes")
        await pilot.pause()
        assert items(widget) == ["I ignore early doubts", "I say yes when I mean no"]
        assert app.focused is widget.query(ListItem).last().input
        await pilot.press("ctrl+q")

    async with app_at(exercise=exercise) as (app, pilot, widget):
        assert texts(app.store.get(exercise.id)) == ["I ignore early doubts", "I say yes when I mean no"]
        assert items(widget) == ["I ignore early doubts", "I say yes when I mean no"]
        assert app.focused is widget.query(ListItem).first().input
        await pilot.press("ctrl+q")


async def test_enter_in_an_item_moves_on_and_keys_typed_fast_land_in_order(
    app_at, db: Path, workbook
) -> None:
    exercise = first_of_kind(workbook, "list")
    with_answer(db, exercise.id, ["one", "two"])
    async with app_at(exercise=exercise) as (app, pilot, widget):
        # One burst, as keys arrive over a slow link: each enter takes effect first.
        await pilot.press("enter", "enter", *"three", "enter", *"four", "enter")
        assert items(widget) == ["one", "two", "three", "four"]
        await pilot.press("ctrl+q")


async def test_items_typed_in_one_burst_keep_every_letter(app_at, db: Path, workbook) -> None:
    exercise = first_of_kind(workbook, "list")
    with_answer(db, exercise.id, ["one"])
    async with app_at(exercise=exercise) as (app, pilot, widget):
        # A paste or a laggy SSH link: every key is queued before the first is
        # handled. Enter must wait for the letters typed before it.
        await burst(pilot, *" more", "enter", *"a walk by the sea", "enter", *"second", "enter")
        assert items(widget) == ["one more", "a walk by the sea", "second"]
        assert widget.query_one("#add", Input).value == ""
        assert texts(app.store.get(exercise.id)) == ["one more", "a walk by the sea", "second"]
        await pilot.press("ctrl+q")


async def test_the_mouse_moves_and_deletes_items(app_at, db: Path, workbook) -> None:
    exercise = first_of_kind(workbook, "list")
    with_answer(db, exercise.id, ["one", "two", ""])
    async with app_at(exercise=exercise) as (app, pilot, widget):
        rows = list(widget.query(ListItem))
        await pilot.click(next(b for b in rows[1].query(Button) if b.name == "up"))
        await pilot.pause()
        assert items(widget) == ["two", "one", ""]
        await pilot.click(next(b for b in rows[2].query(Button) if b.name == "delete"))
        await pilot.pause()
        assert items(widget) == ["two", "one"], "an empty item goes without asking"
        assert texts(app.store.get(exercise.id)) == ["two", "one"]
        await pilot.press("ctrl+q")


async def test_read_only_shows_the_items_but_nothing_can_change(app_at, db: Path, workbook) -> None:
    exercise = first_of_kind(workbook, "list")
    with_answer(db, exercise.id, ["kind to myself"])
    async with app_at(exercise=exercise, read_only=True) as (app, pilot, widget):
        assert not widget.query("#add")
        assert all(item.input.disabled for item in widget.query(ListItem))
        screen = await shown(pilot, widget)
        assert "kind to myself" in screen
        await pilot.press("alt+up", "ctrl+r", *"typed", "enter")
        await pilot.pause()
        assert items(widget) == ["kind to myself"]
        assert texts(app.store.get(exercise.id)) == ["kind to myself"]
        await pilot.press("ctrl+q")


async def test_a_malformed_saved_value_is_treated_as_an_empty_list(
    app_at, db: Path, workbook
) -> None:
    exercise = first_of_kind(workbook, "list")
    with_answer(db, exercise.id, {"items": ["from an old database"]})
    async with app_at(exercise=exercise) as (app, pilot, widget):
        assert items(widget) == []
        await pilot.press(*"a fresh start", "enter")
        assert texts(app.store.get(exercise.id)) == ["a fresh start"]
        await pilot.press("ctrl+q")


async def test_words_typed_in_add_but_not_added_are_kept_as_a_draft(
    app_at, db: Path, workbook
) -> None:

    exercise = first_of_kind(workbook, "list")
    async with app_at(exercise=exercise) as (app, pilot, widget):
        await pilot.press(*"half a thought")
        await pilot.press("ctrl+q")
    assert AnswerStore(db, read_only=True).draft(exercise.id) == "half a thought"
    async with app_at(exercise=exercise) as (app, pilot, widget):
        assert widget.query_one("#add", Input).value == "half a thought"
        await pilot.press("enter")
        await pilot.pause()
        assert texts(app.store.get(exercise.id)) == ["half a thought"]
        assert app.store.draft(exercise.id) is None, "added: no longer a draft"
        await pilot.press("ctrl+q")
