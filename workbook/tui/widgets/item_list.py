"""`ItemList`: a growing list of short items, editable and reorderable (kind `list`)."""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, Label

from workbook.core.answer_rules import item_text
from workbook.core.entries import new_id
from workbook.tui.textual_compat import is_leaving
from workbook.tui.widgets.base import one_line
from workbook.tui.widgets.field import Field
from workbook.tui.widgets.focus_within import FocusWithin
from workbook.tui.widgets.movable_rows import MovableRows


def _clean_items(value: Any) -> list[Any]:
    """Saved items ({"id", "text"}, or a bare string from before items had ids),
    or none when the saved value is not a list."""
    if not isinstance(value, list):
        return []
    return [item for item in value if isinstance(item, str | dict)]



def _mouse_button(label: str, name: str, tooltip: str) -> Button:
    """A small button for the mouse; keyboard users have the same action on a key."""
    button = Button(label, name=name, compact=True, classes="item-button")
    button.can_focus = False
    button.tooltip = tooltip
    return button


class ListItem(FocusWithin, Horizontal):
    """One item: a bullet, its text in place, and mouse buttons.

    It keeps the item as saved: its id goes with it when it is edited or
    moved, so a merge knows it for the same item (see `core/entries.py`).
    """

    def __init__(self, item: Any, *, read_only: bool) -> None:
        super().__init__(classes="list-item")
        self.saved = item
        self.text = item_text(item)
        self.read_only = read_only

    def item(self) -> Any:
        """The item as it is now: as saved while unchanged, else {"id", "text"}."""
        text = self.input.value
        if text == self.text:
            return self.saved
        saved_id = self.saved.get("id") if isinstance(self.saved, dict) else None
        self.saved = {**(self.saved if isinstance(self.saved, dict) else {}),
                      "id": saved_id or new_id(), "text": text}
        self.text = text
        return self.saved

    def compose(self) -> ComposeResult:
        yield Label("•", classes="bullet")
        # Tabbing in puts the cursor at the end: typing adds, never replaces.
        yield one_line(
            Field(
                self.text,
                compact=True,
                disabled=self.read_only,
                classes="item-text",
                select_on_focus=False,
            )
        )
        if not self.read_only:
            yield _mouse_button("↑", "up", "Move up (alt+↑)")
            yield _mouse_button("↓", "down", "Move down (alt+↓)")
            yield _mouse_button("✕", "delete", "Delete (ctrl+r)")

    @property
    def input(self) -> Input:
        return self.query_one(Input)


class ItemList(MovableRows):
    """Short items, one per line: add with enter, edit in place, move and delete."""

    DEFAULT_CSS = """
    ItemList {
        height: auto;
        #items { height: auto; }
        .list-item { height: 1; margin: 0 0 0 0; &.-focus-within { background: $primary 10%; } }
        .bullet { width: 2; color: $text-muted; }
        .item-text { width: 1fr; background: $surface; }
        .item-text:focus { background: $primary 25%; }
        .item-button { min-width: 3; width: 3; margin: 0 0 0 1; color: $text-muted; background: $surface; }
        .item-button:hover { color: $text; background: $primary 40%; }
        #add-line { height: auto; margin: 1 0 0 0; }
        #add-label { width: auto; padding: 1 1 0 0; color: $text-muted; }
        #add { width: 1fr; }
        #empty { color: $text-muted; }
    }
    """

    ROW_NOUN = "item"
    ROWS_ID = "items"

    # Priority, so the action (and any focus change) happens before the keys
    # after it are handed on; each action first waits for the keys before it
    # to land (`keys_landed`): over a slow link keys arrive in bursts.
    BINDINGS = [
        Binding("enter", "enter", "Add", show=False, priority=True),
    ]

    def compose(self) -> ComposeResult:
        items = _clean_items(self.value)
        with Vertical(id="items"):
            for item in items:
                yield ListItem(item, read_only=self.read_only)
        if self.read_only:
            yield Label("Nothing here yet.", id="empty")
            return
        with Horizontal(id="add-line"):
            yield Label("Add:", id="add-label")
            yield Field(
                self.draft if isinstance(self.draft, str) else "",  # typed, not yet added
                placeholder=self.exercise.placeholder or "Type an item, then press enter",
                id="add",
                tooltip="Type an item, then press enter to add it",
            )

    def on_mount(self) -> None:
        if is_leaving(self):
            return  # taken down while it was drawn: its parts may be gone
        self._refresh_empty()

    def _items(self) -> list[ListItem]:
        return list(self.query_one("#items").query_children(ListItem))

    def _refresh_empty(self) -> None:
        for empty in self.query("#empty"):
            empty.display = not self._items()

    def _post_items(self) -> None:
        self.changed([item.item() for item in self._items()])

    def _current_item(self) -> ListItem | None:
        node = self.screen.focused if self.is_attached else None
        while node is not None and node is not self:
            if isinstance(node, ListItem):
                return node
            node = node.parent
        return None

    # Handlers

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        if self.read_only:
            return
        if event.input.id == "add":
            self.draft_changed(event.value or None)  # kept as typed, like any answer
        else:
            self._post_items()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        item = next((a for a in event.button.ancestors if isinstance(a, ListItem)), None)
        if item is None:
            return
        if event.button.name == "up":
            self._move(item, -1)
        elif event.button.name == "down":
            self._move(item, 1)
        elif event.button.name == "delete":
            self._ask_delete(item)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in {"move_up", "move_down", "delete_row"}:
            return not self.read_only and self._current_item() is not None
        if action == "enter":
            return not self.read_only and isinstance(self.screen.focused, Input)
        return True

    # Actions

    async def action_enter(self) -> None:
        """In "Add", enter adds the item; in an item it moves to the next one."""
        await self.keys_landed()
        add = self.query_one("#add", Input)
        if self.screen.focused is add:
            text = add.value.strip()
            if text:
                await self.query_one("#items").mount(
                    ListItem({"id": new_id(), "text": text}, read_only=False))
                add.clear()
                self._post_items()
                self._refresh_empty()
                self.call_after_refresh(add.scroll_visible, animate=False)
            return
        items = self._items()
        item = self._current_item()
        if item in items and items.index(item) < len(items) - 1:
            self.screen.set_focus(items[items.index(item) + 1].input)
        else:
            self.screen.set_focus(add)

    # What a row is here (see MovableRows)

    def _rows(self) -> list[ListItem]:
        return self._items()

    def _current_row(self) -> ListItem | None:
        return self._current_item()

    def _row_has_text(self, row: ListItem) -> bool:
        return bool(row.input.value.strip())

    def _row_focus(self, row: ListItem) -> Input:
        return row.input

    def _focus_when_empty(self) -> Input:
        return self.query_one("#add", Input)

    def _delete_question(self, row: ListItem) -> tuple[str, str]:
        return f"Delete “{row.input.value.strip()}”?", "Delete"

    def _rows_changed(self) -> None:
        self._post_items()
        self._refresh_empty()

    def focus_first(self) -> None:
        """The first item, or the "Add" field when the list is empty."""
        if self.read_only:
            return
        items = self._items()
        self.screen.set_focus(items[0].input if items else self.query_one("#add", Input))
