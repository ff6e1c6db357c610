"""`Checklist`: the content's items plus the person's own, ticked on and off (kind `checklist`)."""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.widget import Widget
from textual.widgets import Button, Input, OptionList, Static

from workbook.core.entries import new_id, own_id
from workbook.tui.textual_compat import is_leaving
from workbook.tui.widgets.base import ExerciseWidget
from workbook.tui.widgets.field import Field
from workbook.tui.widgets.tick_list import TickList
from workbook.tui.widgets.urgent_panel import UrgentPanel

# Own items live in the same list as the content's; this prefix cannot clash
# with a content id (those are lowercase letters, digits and "-").
OWN = "own:"


def _checked(value: Any) -> list[str]:
    checked = value.get("checked") if isinstance(value, dict) else None
    if not isinstance(checked, list):
        return []
    return [item for item in checked if isinstance(item, str)]


def _own(value: Any) -> list[dict[str, Any]]:
    """The person's own items, skipping any an old database stored in another shape."""
    own = value.get("own") if isinstance(value, dict) else None
    if not isinstance(own, list):
        return []
    return [
        {**item, "id": own_id(item) or new_id(), "checked": item.get("checked") is True}
        for item in own
        if isinstance(item, dict) and isinstance(item.get("text"), str)
    ]


class Checklist(ExerciseWidget):
    """A tick list; when the exercise allows, an input adds the person's own items."""

    DEFAULT_CSS = """
    Checklist {
        height: auto;
        .hint { color: $text-muted; }
        #add-row { height: auto; margin: 1 0 0 0; }
        #own-new { width: 1fr; }
        #add { margin: 0 0 0 1; min-width: 8; }
        #remove { margin: 1 0 0 0; }
    }
    """

    BINDINGS = [
        Binding("delete", "remove_own", "Remove mine", show=False),
    ]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._checked = _checked(self.value)
        self._own_items = _own(self.value)

    def compose(self) -> ComposeResult:
        can_add = self.exercise.own and not self.read_only
        if not self.read_only:
            hint = "Space or enter ticks and unticks."
            if can_add:
                hint += " Delete removes one of your own."
            yield Static(hint, classes="hint")
        yield TickList(self._entries(), self._ticked(), id="items", disabled=self.read_only)
        if self.exercise.urgent_ids:
            shown = bool(self.exercise.urgent_ids.intersection(self._checked))
            yield UrgentPanel(self.care, shown=shown)
        if self.exercise.abuse_ids:
            shown = bool(self.exercise.abuse_ids.intersection(self._checked))
            yield UrgentPanel(self.care, shown=shown, abuse=True)
        if can_add:
            yield Button("Remove", id="remove", compact=True)
            with Horizontal(id="add-row"):
                yield Field(placeholder="Add your own, then press enter", id="own-new")
                yield Button("Add", id="add")

    def on_mount(self) -> None:
        if is_leaving(self):
            return  # taken down while it was drawn: its parts may be gone
        self._show_remove()

    def reveal(self, path: tuple[str | int, ...], text: str, start: int, end: int) -> Widget:
        # Their own items are entries of the tick list: highlight the found one.
        if len(path) >= 2 and path[0] == "own" and isinstance(path[1], int):
            items = self.query_one("#items", TickList)
            items.focus()
            items.highlighted = items.get_option_index(f"{OWN}{path[1]}")
            return items
        return super().reveal(path, text, start, end)

    def _entries(self) -> list[tuple[str, str]]:
        entries = [(item.id, item.label) for item in self.exercise.items]
        entries += [(f"{OWN}{index}", item["text"]) for index, item in enumerate(self._own_items)]
        return entries

    def _ticked(self) -> list[str]:
        ticked = list(self._checked)
        ticked += [f"{OWN}{index}" for index, item in enumerate(self._own_items) if item["checked"]]
        return ticked

    def _highlighted_own(self) -> int | None:
        """The index among own items of the highlighted entry, if it is one."""
        items = self.query_one("#items", TickList)
        option = items.highlighted_option
        if option is None or option.id is None or not option.id.startswith(OWN):
            return None
        return int(option.id.removeprefix(OWN))

    def _show_remove(self) -> None:
        for button in self.query("#remove").results(Button):
            index = self._highlighted_own()
            button.display = index is not None
            if index is not None:
                text = self._own_items[index]["text"]
                short = text if len(text) <= 40 else text[:39] + "…"
                button.label = f"Remove “{short}”"

    def _post(self) -> None:
        # Fresh lists and dicts every time: the store may be saving the last ones.
        self.changed(
            {
                "checked": list(self._checked),
                "own": [dict(item) for item in self._own_items],
            }
        )

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()
        self._show_remove()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        entry_id = event.option.id
        if entry_id is None or self.read_only:
            return
        before = self._checked
        if entry_id.startswith(OWN):
            index = int(entry_id.removeprefix(OWN))
            item = self._own_items[index]
            self._own_items = [
                *self._own_items[:index],
                {**item, "checked": not item["checked"]},
                *self._own_items[index + 1 :],
            ]
        elif entry_id in self._checked:
            self._checked = [item for item in self._checked if item != entry_id]
        else:
            # Keep the content's order; ids it no longer has stay saved.
            wanted = {*self._checked, entry_id}
            offered = [item.id for item in self.exercise.items]
            self._checked = [item for item in offered if item in wanted] + [
                item for item in self._checked if item not in offered
            ]
        self.query_one("#items", TickList).show_ticked(self._ticked())
        for panel in self.query(UrgentPanel):
            ids = self.exercise.abuse_ids if panel.abuse else self.exercise.urgent_ids
            panel.follow(ids, before, self._checked)
        self._post()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self._add_own(event.input)

    def on_input_changed(self, event: Input.Changed) -> None:
        # Typing a new item is not an answer until it is added.
        event.stop()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "add":
            self._add_own(self.query_one("#own-new", Input))
        elif event.button.id == "remove":
            self.action_remove_own()

    def _add_own(self, field: Input) -> None:
        text = field.value.strip()
        if not text or self.read_only:
            return
        # A new own item starts ticked: the person added it because it applies.
        self._own_items = [*self._own_items, {"id": new_id(), "text": text, "checked": True}]
        field.value = ""
        items = self.query_one("#items", TickList)
        items.show_entries(self._entries(), self._ticked())
        items.highlighted = len(items.entries) - 1
        self._post()

    def action_remove_own(self) -> None:
        """Remove the highlighted item, if it is one of the person's own."""
        index = self._highlighted_own()
        if index is None or self.read_only or not self.exercise.own:
            return
        removed = self._own_items[index]["text"]
        self._own_items = [*self._own_items[:index], *self._own_items[index + 1 :]]
        self.query_one("#items", TickList).show_entries(self._entries(), self._ticked())
        self._show_remove()
        self._post()
        self.notify(f"Removed “{removed}”.", timeout=3)
