"""`ReflectionGrid`: rows of answers under the content's columns (kind `grid`).

Every cell is an `Input`, so each one is edited in place. When the widget is
wide enough for a readable cell per column it is a table (a header, one line
per row); otherwise each row is a small card with one labelled line per
column, which keeps five columns readable at 80x24.
"""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.events import Resize
from textual.widget import Widget
from textual.widgets import Button, Input, Label, Static

from workbook.core.content.model import Exercise
from workbook.core.entries import new_id
from workbook.tui.textual_compat import is_leaving
from workbook.tui.widgets.base import one_line
from workbook.tui.widgets.field import Field
from workbook.tui.widgets.focus_within import FocusWithin
from workbook.tui.widgets.movable_rows import MovableRows

# Below this many cells of width per column a table is too cramped to read.
MIN_CELL_WIDTH = 20
ROW_HEAD_WIDTH = 19
LONGEST_LABEL = 24


def _same_rows(a: Any, b: Any) -> bool:
    """Rows equal cell by cell, an absent cell counting as an empty one (a row from
    before rows had ids gets one on screen: that alone is no change)."""
    rows_a, rows_b = _clean_rows(a), _clean_rows(b)
    return len(rows_a) == len(rows_b) and all(
        all(x.get(key, "") == y.get(key, "") for key in (x.keys() | y.keys()) - {"id"})
        for x, y in zip(rows_a, rows_b, strict=True)
    )


def _clean_rows(value: Any) -> list[dict[str, Any]]:
    """Saved rows, or none when the saved value is not a list of rows."""
    if not isinstance(value, list):
        return []
    return [row for row in value if isinstance(row, dict)]



def _mouse_button(label: str, name: str, tooltip: str) -> Button:
    """A small button for the mouse; keyboard users have the same action on a key."""
    button = Button(label, name=name, compact=True, classes="row-button")
    button.can_focus = False
    button.tooltip = tooltip
    return button


class GridRow(FocusWithin, Vertical):
    """One row of the grid: its number, its mouse buttons and a cell per column."""

    def __init__(self, grid: ReflectionGrid, row: dict[str, Any], key: int) -> None:
        super().__init__(id=f"row-{key}", classes="grid-row")
        self.grid = grid
        self.key = key
        self.cells = {
            column.id: str(row.get(column.id, "") or "") for column in grid.exercise.columns
        }
        # Cells of columns the content no longer has: kept, never lost. The
        # row's id goes with it when it is edited or moved, so a merge knows
        # it for the same row (see `core/entries.py`).
        column_ids = set(self.cells)
        self.extra = {k: v for k, v in row.items() if k not in column_ids}
        if not (isinstance(self.extra.get("id"), str) and self.extra["id"]):
            self.extra["id"] = new_id()

    def compose(self) -> ComposeResult:
        read_only = self.grid.read_only
        with Horizontal(classes="row-head"):
            yield Label("", classes="row-number")
            if not read_only:
                yield _mouse_button("↑", "up", "Move this row up (alt+↑)")
                yield _mouse_button("↓", "down", "Move this row down (alt+↓)")
                yield _mouse_button("✕", "delete", "Delete this row (ctrl+r)")
        cells = Widget(classes="cells")
        cells.styles.grid_columns = f"{self.grid.label_width} 1fr"
        with cells:
            for column in self.grid.exercise.columns:
                yield Label(column.label, classes="cell-label", markup=False)
                yield one_line(
                    Field(
                        self.cells[column.id],
                        placeholder=column.placeholder,
                        name=column.id,
                        compact=True,
                        disabled=read_only,
                        classes="cell",
                        # Tabbing in puts the cursor at the end: typing adds, never replaces.
                        select_on_focus=False,
                    )
                )

    def value(self) -> dict[str, Any]:
        """This row as saved: a fresh dict each time."""
        row = dict(self.extra)
        for cell in self.query(Input):
            row[cell.name or ""] = cell.value
        return row

    def has_text(self) -> bool:
        return any(cell.value.strip() for cell in self.query(Input))

    def renumber(self, number: int) -> None:
        self.query_one(".row-number", Label).update(f"Row {number}")

    def first_cell(self) -> Input:
        return self.query(Input).first()


class ReflectionGrid(MovableRows):
    """A reflection grid: add, edit, reorder and delete rows; edit every cell."""

    DEFAULT_CSS = """
    ReflectionGrid {
        height: auto;
        #grid-header { display: none; height: 1; color: $text-muted; text-style: bold; }
        #grid-header .head-spacer { width: 19; }
        #grid-header Label { width: 1fr; padding: 0 1 0 0; }
        #rows { height: auto; }
        .grid-row {
            height: auto;
            margin: 0 0 1 0;
            padding: 0 1;
            background: $boost;
            &.-focus-within { background: $primary 10%; }
        }
        .row-head { height: 1; }
        .row-number { width: 1fr; color: $text-muted; text-style: bold; }
        .row-button { min-width: 3; width: 3; margin: 0 0 0 1; color: $text-muted; background: $surface; }
        .row-button:hover { color: $text; background: $primary 40%; }
        .cells {
            height: auto;
            layout: grid;
            grid-size: 2;
            grid-columns: 20 1fr;
            grid-rows: 1;
            grid-gutter: 0 1;
        }
        .cell-label { color: $text-muted; width: 100%; text-overflow: ellipsis; text-wrap: nowrap; }
        .cell { width: 1fr; background: $surface; }
        .cell:focus { background: $primary 25%; }
        #empty { color: $text-muted; margin: 0 0 1 0; }
        #add-row { margin: 0; }

        /* Wide enough: a table with one line per row. */
        &.-table {
            #grid-header { display: block; layout: horizontal; }
            .grid-row { layout: horizontal; margin: 0; padding: 0; background: transparent; }
            .grid-row.-focus-within { background: $primary 10%; }
            .row-head { width: 19; }
            .row-number { width: 6; }
            .cells { layout: horizontal; width: 1fr; }
            .cell-label { display: none; }
            .cell { margin: 0 1 0 0; }
            #add-row { margin: 1 0 0 0; }
        }
    }
    """

    # Priority, so the action (and any focus change) happens before the keys
    # after it are handed on; each action first waits for the keys before it
    # to land (`keys_landed`): over a slow link keys arrive in bursts.
    BINDINGS = [
        Binding("ctrl+n", "add_row", "Add row", tooltip="Add a row", priority=True),
        Binding("enter", "enter", "Next field", show=False, priority=True),
    ]

    def __init__(
        self,
        exercise: Exercise,
        value: Any = None,
        **options: Any,
    ) -> None:
        super().__init__(exercise, value, **options)
        self._next_key = 0
        # Card labels get the width of the longest label, within reason: at
        # 80x24 every label of the shipped content is whole, and the cells keep
        # more than half the row even at 60x20.
        longest = max((len(c.label) for c in exercise.columns), default=10)
        self.label_width = min(longest + 1, LONGEST_LABEL)

    def compose(self) -> ComposeResult:
        with Horizontal(id="grid-header"):
            yield Static("", classes="head-spacer")
            for column in self.exercise.columns:
                yield Label(column.label, markup=False)
        with Vertical(id="rows"):
            for row in _clean_rows(self.value):
                yield self._new_row(row)
        yield Static(
            "No rows yet. Add one to begin: a moment, a theme, anything you like."
            if not self.read_only
            else "No rows yet.",
            id="empty",
        )
        if not self.read_only:
            yield Button("+ Add a row", id="add-row", compact=True)

    def on_mount(self) -> None:
        if is_leaving(self):
            return  # taken down while it was drawn: its parts may be gone
        self._refresh_rows()

    def _new_row(self, row: dict[str, Any]) -> GridRow:
        self._next_key += 1
        return GridRow(self, row, self._next_key)

    def _rows(self) -> list[GridRow]:
        return list(self.query_one("#rows").query_children(GridRow))

    def _refresh_rows(self) -> None:
        """Row numbers and the empty message follow the rows on screen."""
        rows = self._rows()
        for number, row in enumerate(rows, start=1):
            row.renumber(number)
        self.query_one("#empty").display = not rows

    def _current_row(self) -> GridRow | None:
        node = self.screen.focused if self.is_attached else None
        while node is not None and node is not self:
            if isinstance(node, GridRow):
                return node
            node = node.parent
        return None

    def _row_values(self) -> list[dict[str, Any]]:
        return [row.value() for row in self._rows()]

    def _post_rows(self) -> None:
        self.changed(self._row_values())

    # Handlers

    def on_resize(self, event: Resize) -> None:
        columns = max(len(self.exercise.columns), 1)
        self.set_class(event.size.width >= ROW_HEAD_WIDTH + MIN_CELL_WIDTH * columns, "-table")

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        # Each cell reports its first value as it mounts: that is no change.
        if not self.read_only and not _same_rows(self._row_values(), self.value):
            self._post_rows()

    async def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "add-row":
            await self.action_add_row()
            return
        row = next((a for a in event.button.ancestors if isinstance(a, GridRow)), None)
        if row is None:
            return
        if event.button.name == "up":
            self._move(row, -1)
        elif event.button.name == "down":
            self._move(row, 1)
        elif event.button.name == "delete":
            self._ask_delete(row)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in {"add_row", "move_up", "move_down", "delete_row", "enter"}:
            if self.read_only:
                return False
            if action == "enter":
                focused = self.screen.focused
                return isinstance(focused, Input) or getattr(focused, "id", None) == "add-row"
            if action != "add_row" and self._current_row() is None:
                return False
        return True

    # Actions

    async def action_enter(self) -> None:
        """Like a form: enter moves to the next cell; after the last one, to
        "Add a row", where enter adds one."""
        await self.keys_landed()
        focused = self.screen.focused
        if not isinstance(focused, Input):
            await self.action_add_row()
            return
        cells = list(self.query(Input))
        index = cells.index(focused)
        if index < len(cells) - 1:
            self.screen.set_focus(cells[index + 1])
        else:
            self.screen.set_focus(self.query_one("#add-row"))

    async def action_add_row(self) -> None:
        await self.keys_landed()
        row = self._new_row({})
        await self.query_one("#rows").mount(row)
        self._refresh_rows()
        self._post_rows()
        self.screen.set_focus(row.first_cell())
        self.call_after_refresh(row.scroll_visible, animate=False)

    # What a row is here (see MovableRows)

    def _row_has_text(self, row: GridRow) -> bool:
        return row.has_text()

    def _row_focus(self, row: GridRow) -> Input:
        return row.first_cell()

    def _focus_when_empty(self) -> Widget:
        return self.query_one("#add-row")

    def _delete_question(self, row: GridRow) -> tuple[str, str]:
        number = self._rows().index(row) + 1
        return f"Delete row {number}? What you wrote in it will be gone.", "Delete row"

    def _rows_changed(self) -> None:
        self._refresh_rows()
        self._post_rows()

    def focus_first(self) -> None:
        """The first cell of the first row, or "Add a row" when there are none."""
        cells = self.query(Input)
        if cells and not self.read_only:
            self.screen.set_focus(cells.first())
        elif not self.read_only:
            self.screen.set_focus(self.query_one("#add-row"))
