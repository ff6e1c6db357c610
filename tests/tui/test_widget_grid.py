"""Reflection grids (kind `grid`): rows added, every cell typed, rows moved and deleted."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Button, Input

from tests.conftest import first_of_kind
from tests.pilot import app_for, burst, open_exercise, screen_text
from tests.widget_story import shown, with_answer
from workbook.tui.screens.confirm import ConfirmScreen
from workbook.tui.widgets.reflection_grid import GridRow, ReflectionGrid


def cells(widget: ReflectionGrid) -> list[list[str]]:
    """What each row's cells show, in display order."""
    return [[cell.value for cell in row.query(Input)] for row in widget.query(GridRow)]


def row_button(row: GridRow, name: str) -> Button:
    """One of a row's small mouse buttons: up, down or delete."""
    return next(button for button in row.query(Button) if button.name == name)


async def test_rows_added_typed_moved_and_deleted_are_there_after_a_restart(
    app_at, workbook
) -> None:
    exercise = first_of_kind(workbook, "grid")
    ids = [column.id for column in exercise.columns]
    width = len(ids)
    async with app_at(exercise=exercise) as (app, pilot, widget):
        screen = await shown(pilot, widget)
        assert "No rows yet" in screen and "Add a row" in screen
        assert app.focused is widget.query_one("#add-row", Button)

        # Enter on "Add a row" starts a row; enter moves from cell to cell.
        await pilot.press("enter")
        for n in range(width):
            await pilot.press(*f"first {n}", "enter")
        assert app.focused is widget.query_one("#add-row"), "after the last cell: Add a row"
        await pilot.press("enter", *"second 0", "tab", *"second 1")
        await pilot.press("ctrl+n", *"third 0")
        assert cells(widget) == [
            [f"first {n}" for n in range(width)],
            ["second 0", "second 1", *[""] * (width - 2)],
            ["third 0", *[""] * (width - 1)],
        ]
        screen = await shown(pilot, widget)
        for column in exercise.columns:
            assert column.label in screen
        assert "Row 3" in screen and "third 0" in screen
        assert "Add row" in screen_text(app) and "Move up" in screen_text(app), "key hints"

        # The third row moves to the top; the cursor stays in it.
        await pilot.press("alt+up", "alt+up")
        assert [row[0] for row in cells(widget)] == ["third 0", "first 0", "second 0"]
        assert app.focused is widget.query(GridRow).first().query(Input).first()
        await pilot.press("alt+up")  # already at the top: nothing moves
        await pilot.press("alt+down")
        assert [row[0] for row in cells(widget)] == ["first 0", "third 0", "second 0"]

        # Deleting a row with words in it asks first; "Keep it" keeps it.
        await pilot.press("ctrl+r")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert len(widget.query(GridRow)) == 3
        await pilot.press("ctrl+r")
        await pilot.pause()
        await pilot.click("#yes")
        await pilot.pause()
        assert [row[0] for row in cells(widget)] == ["first 0", "second 0"]
        assert isinstance(app.focused, Input) and app.focused.value == "second 0"
        await pilot.press("ctrl+q")

    expected = [
        {column_id: f"first {n}" for n, column_id in enumerate(ids)},
        {ids[0]: "second 0", ids[1]: "second 1", **{c: "" for c in ids[2:]}},
    ]
    async with app_at(exercise=exercise) as (app, pilot, widget):
        assert without_ids(app.store.get(exercise.id)) == expected
        assert cells(widget)[0] == [f"first {n}" for n in range(width)]
        assert app.focused is widget.query(Input).first(), "focus_first: the first cell"
        screen = await shown(pilot, widget)
        assert "Row 2" in screen and "Row 3" not in screen
        await pilot.press("ctrl+q")


async def test_cells_typed_in_one_burst_keep_every_letter_in_the_right_cell(
    db: Path, workbook
) -> None:
    exercise = first_of_kind(workbook, "grid")
    ids = [column.id for column in exercise.columns]
    width = len(ids)
    app = app_for(with_answer(db, exercise.id, [{}, {}]))
    async with app.run_test(size=(80, 24)) as pilot:
        widget = await open_exercise(pilot, exercise)
        # A paste or a laggy SSH link: every key is queued before the first is
        # handled. Each key acts only once the letters typed before it are in:
        # the row just typed into is no longer empty, so ctrl+r asks first.
        keys = []
        for n in range(width):
            keys += [*f"cell {n}", "enter"]
        keys += [*"next row", "alt+up", "ctrl+r"]
        await burst(pilot, *keys)
        expected = [
            ["next row", *[""] * (width - 1)],
            [f"cell {n}" for n in range(width)],
        ]
        assert cells(widget) == expected
        assert isinstance(app.screen, ConfirmScreen), "a row with words in it asks first"
        await pilot.press("escape")
        await pilot.pause()
        assert cells(widget) == expected
        assert without_ids(app.store.get(exercise.id)) == [
            dict(zip(ids, row, strict=True)) for row in expected]
        await pilot.press("ctrl+q")


async def test_an_empty_row_goes_without_asking(app_at, workbook) -> None:
    exercise = first_of_kind(workbook, "grid")
    async with app_at(exercise=exercise) as (app, pilot, widget):
        await pilot.press("ctrl+n")
        assert len(widget.query(GridRow)) == 1
        await pilot.press("ctrl+r")
        await pilot.pause()
        assert not isinstance(app.screen, ConfirmScreen)
        assert not widget.query(GridRow)
        assert app.focused is widget.query_one("#add-row")
        assert app.store.get(exercise.id) == []
        await pilot.press("ctrl+q")


async def test_the_mouse_adds_moves_and_deletes_rows_too(app_at, db: Path, workbook) -> None:
    exercise = first_of_kind(workbook, "grid")
    first_id = exercise.columns[0].id
    with_answer(db, exercise.id, [{first_id: "one"}, {first_id: "two"}])
    async with app_at(exercise=exercise) as (app, pilot, widget):
        rows = list(widget.query(GridRow))
        rows[1].scroll_visible(animate=False, top=True)
        await pilot.pause()
        await pilot.click(row_button(rows[1], "up"))
        await pilot.pause()
        assert [row[0] for row in cells(widget)] == ["two", "one"]
        await pilot.click("#add-row")
        await pilot.pause()
        assert len(widget.query(GridRow)) == 3
        await pilot.click(row_button(widget.query(GridRow).last(), "delete"))
        await pilot.pause()
        assert len(widget.query(GridRow)) == 2, "an empty row is deleted without asking"
        assert [row[first_id] for row in app.store.get(exercise.id)] == ["two", "one"]
        await pilot.press("ctrl+q")


def without_ids(rows: list[dict]) -> list[dict]:
    """Rows as the tests compare them: every row has an id (see core/entries.py)."""
    assert all(row.get("id") for row in rows), "each row carries its id"
    return [{k: v for k, v in row.items() if k != "id"} for row in rows]


async def test_cells_of_a_column_the_content_dropped_are_kept(app_at, db: Path, workbook) -> None:
    exercise = first_of_kind(workbook, "grid")
    first_id = exercise.columns[0].id
    with_answer(db, exercise.id, [{first_id: "kept", "old-column": "from an older workbook"}])
    async with app_at() as (app, pilot, _):
        await open_exercise(pilot, exercise)
        await pilot.press(*" too")
        (row,) = app.store.get(exercise.id)
        assert row.pop("id"), "the row got an id the first time it changed"
        assert row == {
            **{column.id: "" for column in exercise.columns},
            first_id: "kept too",
            "old-column": "from an older workbook",
        }
        await pilot.press("ctrl+q")


async def test_read_only_shows_the_rows_but_nothing_can_change(app_at, db: Path, workbook) -> None:
    exercise = first_of_kind(workbook, "grid")
    first_id = exercise.columns[0].id
    saved = [{first_id: "the future we planned"}]
    with_answer(db, exercise.id, saved)
    async with app_at(exercise=exercise, read_only=True) as (app, pilot, widget):
        assert not widget.query("#add-row")
        assert all(cell.disabled for cell in widget.query(Input))
        screen = await shown(pilot, widget)
        assert "the future we planned" in screen
        await pilot.press("ctrl+n", "alt+up", "ctrl+r", *"typed")
        await pilot.pause()
        assert len(widget.query(GridRow)) == 1
        assert app.store.get(exercise.id) == saved
        await pilot.press("ctrl+q")


async def test_a_malformed_saved_value_is_treated_as_an_empty_grid(
    app_at, db: Path, workbook
) -> None:
    exercise = first_of_kind(workbook, "grid")
    with_answer(db, exercise.id, "a string where rows belong")
    async with app_at(exercise=exercise) as (app, pilot, widget):
        screen = await shown(pilot, widget)
        assert "No rows yet" in screen
        await pilot.press("enter", *"fresh start")
        assert app.store.get(exercise.id)[0][exercise.columns[0].id] == "fresh start"
        await pilot.press("ctrl+q")


async def test_a_wide_terminal_shows_a_table_with_one_line_per_row(
    app_at, db: Path, workbook
) -> None:
    exercise = first_of_kind(workbook, "grid")
    first_id = exercise.columns[0].id
    with_answer(db, exercise.id, [{first_id: "alpha"}, {first_id: "beta"}])
    async with app_at(size=(160, 40), exercise=exercise) as (app, pilot, widget):
        assert widget.has_class("-table")
        rows = list(widget.query(GridRow))
        assert rows[0].region.height == 1 and rows[1].region.y == rows[0].region.y + 1
        # The line above the first row holds every column's title, in order.
        header = widget.query_one("#grid-header")
        assert header.region.height == 1 and header.region.y + 1 == rows[0].region.y
        line = screen_text(app).splitlines()[header.region.y]
        places = [line.find(column.label) for column in exercise.columns]
        assert -1 not in places and places == sorted(places), line
        await pilot.press("ctrl+q")
    async with app_at(exercise=exercise) as (app, pilot, widget):
        assert not widget.has_class("-table"), "80 columns: one card per row"
        await pilot.press("ctrl+q")


async def test_deleting_a_row_keeps_the_view_where_it_was(app_at, workbook) -> None:
    """The row goes, the next one takes its place under the cursor: the step does not jump."""
    exercise = first_of_kind(workbook, "grid")
    rows = [{column.id: f"row {n} {column.id}" for column in exercise.columns} for n in range(5)]
    async with app_at(exercise=exercise, answers={exercise.id: rows}) as (app, pilot, widget):
        body = app.screen.query_one("#step-body")
        widget.query(GridRow).first().query(Input).first().focus()
        await pilot.pause()
        before, place = body.scroll_y, app.focused.region
        await pilot.press("ctrl+r")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        app.screen.query_one("#yes", Button).press()
        await pilot.pause()
        await pilot.pause()
        assert [row[0] for row in cells(widget)] == [f"row {n} {exercise.columns[0].id}"
                                                    for n in (1, 2, 3, 4)]
        assert body.scroll_y == before, "the view jumped"
        assert app.focused.region == place and app.focused.value == f"row 1 {exercise.columns[0].id}"


async def test_at_80x24_every_grid_label_is_whole_and_each_row_has_a_title(
        app_at, workbook) -> None:
    """No "What I'd want next ti…": each grid's labels read whole on a standard terminal;
    and "Give each row a time, a theme or a moment" has a field to give it in."""
    looking_back = next(e for e in workbook.exercises if e.id == "reflect-grid")
    assert "give each row a time, a theme or a moment" in looking_back.intro.lower()
    assert "moment" in looking_back.columns[0].label.lower()
    for exercise in (e for e in workbook.exercises if e.kind == "grid"):
        row = {column.id: "x" for column in exercise.columns}
        async with app_at(exercise=exercise, answers={exercise.id: [row]}) as (app, pilot, widget):
            labels = [str(label.render()) for label in widget.query(".cell-label")]
            assert labels == [column.label for column in exercise.columns]
            for label in widget.query(".cell-label"):
                assert label.region.width >= len(str(label.render())), (exercise.id, labels)
            assert "…" not in (await shown(pilot, widget)), exercise.id
