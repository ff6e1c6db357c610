"""`MovableRows`: what the list and the grid share: rows a person moves and
deletes, asked first when words would go."""

from __future__ import annotations

from textual.binding import Binding
from textual.widget import Widget

from workbook.tui.widgets.base import ExerciseWidget


class MovableRows(ExerciseWidget):
    """Move up / down and delete for an exercise made of rows.

    Subclasses say what a row is (`_rows`, `_current_row`, `_row_has_text`,
    `_row_focus`, `_focus_when_empty`), what to ask (`_delete_question`) and
    what follows a change (`_rows_changed`); bindings call the actions below.
    """

    ROW_NOUN = "row"
    ROWS_ID = "rows"

    # Priority, so the action (and any focus change) happens before the keys
    # after it are handed on; each action first waits for the keys before it
    # to land (`keys_landed`): over a slow link keys arrive in bursts.
    BINDINGS = [
        Binding("alt+up,ctrl+up", "move_up", "Move up", key_display="alt+↑", priority=True),
        Binding("alt+down,ctrl+down", "move_down", "Move down", key_display="alt+↓", priority=True),
        Binding("ctrl+r", "delete_row", "Delete", tooltip="Delete (asks first)", priority=True),
    ]

    def _rows(self) -> list[Widget]:
        raise NotImplementedError

    def _current_row(self) -> Widget | None:
        raise NotImplementedError

    def _row_has_text(self, row: Widget) -> bool:
        raise NotImplementedError

    def _row_focus(self, row: Widget) -> Widget:
        raise NotImplementedError

    def _focus_when_empty(self) -> Widget:
        raise NotImplementedError

    def _delete_question(self, row: Widget) -> tuple[str, str]:
        """The question and the label of its "yes" button."""
        raise NotImplementedError

    def _rows_changed(self) -> None:
        raise NotImplementedError

    async def action_move_up(self) -> None:
        await self.keys_landed()
        if row := self._current_row():
            self._move(row, -1)

    async def action_move_down(self) -> None:
        await self.keys_landed()
        if row := self._current_row():
            self._move(row, 1)

    async def action_delete_row(self) -> None:
        await self.keys_landed()  # a row typed into just now is not empty: ask
        if row := self._current_row():
            self._ask_delete(row)

    def _move(self, row: Widget, step: int) -> None:
        rows = self._rows()
        target = rows.index(row) + step
        if not 0 <= target < len(rows):
            where = "top." if step < 0 else "bottom."
            self.notify(f"That {self.ROW_NOUN} is already at the {where}")
            return
        container = self.query_one(f"#{self.ROWS_ID}")
        if step < 0:
            container.move_child(row, before=rows[target])
        else:
            container.move_child(row, after=rows[target])
        self._rows_changed()
        self.call_after_refresh(row.scroll_visible, animate=False)

    def _ask_delete(self, row: Widget) -> None:
        if not self._row_has_text(row):
            self.call_later(self._delete, row)
            return
        question, yes = self._delete_question(row)
        self.post_message(
            self.AskFirst(question, yes=yes, no="Keep it", then=lambda: self.call_later(self._delete, row))
        )

    async def _delete(self, row: Widget) -> None:
        rows = self._rows()
        if row not in rows:
            return
        index = rows.index(row)
        rows.remove(row)
        target = self._row_focus(rows[min(index, len(rows) - 1)]) if rows else self._focus_when_empty()
        # Focus moves on before the row goes: removing the focused field would
        # let Textual pick a field of its own and scroll the step to it.
        self.screen.set_focus(target, scroll_visible=False)
        await row.remove()
        self._rows_changed()
        # Once the layout has settled without the row, bring the new focus into view.
        self.call_after_refresh(target.scroll_visible, animate=False)
