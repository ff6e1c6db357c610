"""Checklists (kind `checklist`): the content's items and the person's own, ticked on and off."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Button, Input

from tests.conftest import first_of_kind
from tests.widget_story import shown, with_answer
from workbook.tui.widgets.checklist import Checklist
from workbook.tui.widgets.tick_list import TickList


def marked(screen: str, label: str) -> str:
    """The box before an item's label on screen: "[ ]" or "[x]"."""
    line = next(line for line in screen.splitlines() if label in line)
    return line[: line.index(label)].rstrip()[-3:]


async def test_ticked_items_and_an_own_item_are_there_after_a_restart(app_at, workbook) -> None:
    exercise = first_of_kind(workbook, "checklist")
    assert exercise.own
    first, second, third = exercise.items[:3]
    async with app_at(exercise=exercise) as (app, pilot, widget):
        items = widget.query_one("#items", TickList)
        assert app.focused is items
        screen = await shown(pilot, items)
        assert all(marked(screen, item.label) == "[ ]" for item in exercise.items)
        await pilot.press("space", "down", "down", "enter")
        screen = await shown(pilot, items)
        assert [marked(screen, i.label) for i in (first, second, third)] == ["[x]", "[ ]", "[x]"]
        await pilot.press("tab")
        assert app.focused is widget.query_one("#own-new", Input)
        await pilot.press(*"Sing in the car", "enter")
        assert widget.query_one("#own-new", Input).value == ""
        assert marked(await shown(pilot, items), "Sing in the car") == "[x]"
        await pilot.press("ctrl+q")

    expected = {
        "checked": [first.id, third.id],
        "own": [{"text": "Sing in the car", "checked": True}],
    }
    async with app_at(exercise=exercise) as (app, pilot, widget):
        screen = await shown(pilot, widget.query_one("#items"))
        assert [marked(screen, i.label) for i in (first, second, third)] == ["[x]", "[ ]", "[x]"]
        assert marked(screen, "Sing in the car") == "[x]"
        assert as_read(app.store.get(exercise.id)) == expected
        await pilot.press("ctrl+q")


def as_read(value: dict) -> dict:
    """A checklist answer as the tests compare it: ticks and own items, without the
    own items' ids (each has one, see core/entries.py) and with no tick an empty list."""
    return {"checked": list(value.get("checked", [])),
            "own": [{k: v for k, v in item.items() if k != "id"} for item in value.get("own", [])]}


async def test_unticking_an_item_and_an_own_item(app_at, db: Path, workbook) -> None:
    exercise = first_of_kind(workbook, "checklist")
    first = exercise.items[0]
    with_answer(
        db, exercise.id, {"checked": [first.id], "own": [{"text": "Bake bread", "checked": True}]}
    )
    async with app_at(exercise=exercise) as (app, pilot, widget):
        await pilot.press("space", "end", "space")
        screen = await shown(pilot, widget.query_one("#items"))
        assert marked(screen, first.label) == "[ ]" and marked(screen, "Bake bread") == "[ ]"
        await pilot.press("ctrl+q")
    async with app_at() as (app, pilot, _):
        assert as_read(app.store.get(exercise.id)) == {
            "checked": [],
            "own": [{"text": "Bake bread", "checked": False}],
        }
        await pilot.press("ctrl+q")


async def test_delete_removes_an_own_item_but_never_a_content_item(
    app_at, db: Path, workbook
) -> None:
    exercise = first_of_kind(workbook, "checklist")
    own = [{"text": "Bake bread", "checked": True}, {"text": "Swim", "checked": False}]
    with_answer(db, exercise.id, {"checked": [], "own": own})
    async with app_at(exercise=exercise) as (app, pilot, widget):
        await pilot.press("delete")  # on a content item: nothing happens
        assert as_read(app.store.get(exercise.id)) == {"checked": [], "own": own}
        await pilot.press("end", "up", "delete")  # on "Bake bread"
        screen = await shown(pilot, widget.query_one("#items"))
        assert "Bake bread" not in " ".join(line for line in screen.splitlines() if "[" in line)
        assert "Swim" in screen
        await pilot.press("ctrl+q")
    async with app_at() as (app, pilot, _):
        assert as_read(app.store.get(exercise.id)) == {
            "checked": [],
            "own": [{"text": "Swim", "checked": False}],
        }
        await pilot.press("ctrl+q")


async def test_the_mouse_ticks_adds_and_removes(app_at, workbook) -> None:
    exercise = first_of_kind(workbook, "checklist")
    first = exercise.items[0]
    async with app_at(exercise=exercise) as (app, pilot, widget):
        items = widget.query_one("#items", TickList)
        await shown(pilot, items)
        assert await pilot.click(items, offset=(6, items.content_region.y - items.region.y))
        assert as_read(app.store.get(exercise.id)) == {"checked": [first.id], "own": []}
        remove = widget.query_one("#remove", Button)
        assert not remove.display  # only shown for the person's own items
        widget.query_one("#own-new", Input).value = "Call Gran"
        await shown(pilot, widget.query_one("#add"))
        assert await pilot.click(widget.query_one("#add", Button))
        assert as_read(app.store.get(exercise.id))["own"] == [{"text": "Call Gran", "checked": True}]
        await shown(pilot, remove)
        assert remove.display and "Call Gran" in str(remove.label)
        assert await pilot.click(remove)
        assert as_read(app.store.get(exercise.id)) == {"checked": [first.id], "own": []}
        await pilot.press("ctrl+q")


async def test_blank_own_items_are_not_added(app_at, workbook) -> None:
    exercise = first_of_kind(workbook, "checklist")
    async with app_at(exercise=exercise) as (app, pilot, widget):
        widget.query_one("#own-new", Input).focus()
        await pilot.press("space", "space", "enter")
        assert widget.query_one("#items", TickList).option_count == len(exercise.items)
        await pilot.press("ctrl+q")
    async with app_at() as (app, pilot, _):
        assert app.store.get(exercise.id) is None
        await pilot.press("ctrl+q")


async def test_no_add_field_when_the_content_says_own_is_false(app_at, workbook) -> None:
    exercise = next(ex for ex in workbook.exercises if ex.kind == "checklist" and not ex.own)
    async with app_at(exercise=exercise) as (app, pilot, widget):
        assert not widget.query("#own-new") and not widget.query("#remove")
        await pilot.press("end", "space")
        assert as_read(app.store.get(exercise.id)) == {"checked": [exercise.items[-1].id], "own": []}
        await pilot.press("ctrl+q")


async def test_read_only_shows_the_ticks_but_keys_change_nothing(
    app_at, db: Path, workbook
) -> None:
    exercise = first_of_kind(workbook, "checklist")
    saved = {"checked": [exercise.items[0].id], "own": [{"text": "Bake bread", "checked": True}]}
    with_answer(db, exercise.id, saved)
    async with app_at(exercise=exercise, read_only=True) as (app, pilot, widget):
        items = widget.query_one("#items", TickList)
        assert items.disabled and not widget.query("#own-new")
        await pilot.press("space", "end", "delete")
        screen = await shown(pilot, items)
        assert (
            marked(screen, exercise.items[0].label) == "[x]"
            and marked(screen, "Bake bread") == "[x]"
        )
        assert as_read(app.store.get(exercise.id)) == saved
        await pilot.press("ctrl+q")


async def test_opening_an_unanswered_checklist_stores_nothing(app_at, workbook) -> None:
    exercise = first_of_kind(workbook, "checklist")
    async with app_at(exercise=exercise) as (app, pilot, widget):
        assert "[x]" not in await shown(pilot, widget.query_one("#items"))
        await pilot.press("down", "tab", *"half typed", "tab")  # typed but never added
        await pilot.press("ctrl+q")
    async with app_at() as (app, pilot, _):
        assert app.store.get(exercise.id) is None
        await pilot.press("ctrl+q")


@pytest.mark.parametrize(
    "bad",
    [
        "talk",
        ["talk"],
        {"checked": "talk", "own": "x"},
        {"checked": [3], "own": [{"text": 5}, "x"]},
    ],
)
async def test_a_malformed_saved_checklist_opens_as_unanswered(
    app_at, db: Path, workbook, bad
) -> None:
    exercise = first_of_kind(workbook, "checklist")
    with_answer(db, exercise.id, bad)
    async with app_at(exercise=exercise) as (app, pilot, widget):
        assert isinstance(widget, Checklist)
        assert "[x]" not in await shown(pilot, widget.query_one("#items"))
        await pilot.press("space")
        assert as_read(app.store.get(exercise.id)) == {"checked": [exercise.items[0].id], "own": []}
        await pilot.press("ctrl+q")
