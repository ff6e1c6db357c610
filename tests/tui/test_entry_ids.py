"""Rows and items keep their identity on screen: edited, moved or reopened, an item is
the same entry (its id), so another copy of the workbook merges with it as one."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Input

from tests.conftest import first_of_kind, welcomed
from tests.pilot import app_for, open_exercise
from tests.widget_story import with_answer
from workbook.core.content import Workbook


async def test_list_items_keep_their_ids_when_edited_moved_and_reopened(
        db: Path, workbook: Workbook) -> None:
    exercise = first_of_kind(workbook, "list")
    app = app_for(welcomed(db))
    async with app.run_test(size=(80, 24)) as pilot:
        widget = await open_exercise(pilot, exercise)
        widget.query_one("#add", Input).focus()
        await pilot.press(*"first", "enter", *"second", "enter")
        added = {item["text"]: item["id"] for item in app.store.get(exercise.id)}
        assert len(set(added.values())) == 2 and all(added.values())
        await pilot.press("shift+tab", "end", *" one", "alt+up")  # "second" edited, moved up
        await pilot.pause()
        after = app.store.get(exercise.id)
        assert [i["text"] for i in after] == ["second one", "first"]
        assert [i["id"] for i in after] == [added["second"], added["first"]]
        await pilot.press("ctrl+q")
    app = app_for(db)
    async with app.run_test(size=(80, 24)) as pilot:
        assert [i["id"] for i in app.store.get(exercise.id)] == [added["second"], added["first"]]
        await pilot.press("ctrl+q")


async def test_grid_rows_keep_their_ids_and_an_old_row_gets_one_once(
        db: Path, workbook: Workbook) -> None:
    exercise = first_of_kind(workbook, "grid")
    column = exercise.columns[0].id
    with_answer(db, exercise.id, [{column: "from before ids"}])
    app = app_for(db)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_exercise(pilot, exercise)
        await pilot.pause()
        assert app.store.get(exercise.id) == [{column: "from before ids"}], (
            "opening writes nothing, not even an id")
        await pilot.press(*"!")
        (row,) = app.store.get(exercise.id)
        assert row[column] == "from before ids!" and row["id"]
        await pilot.press("ctrl+n", *"another")
        rows = app.store.get(exercise.id)
        assert rows[0]["id"] == row["id"] and rows[1]["id"] not in ("", row["id"])
        await pilot.press("alt+up")
        await pilot.pause()
        assert [r["id"] for r in app.store.get(exercise.id)] == [rows[1]["id"], row["id"]]
        await pilot.press("ctrl+q")
