"""`Journal`: dated entries, as many as wanted, newest first, each editable (kind `journal`).

One `TextArea` edits one entry at a time; the entries are a compact list,
a page at a time, so ten thousand entries open and type as fast as one.
"""

from __future__ import annotations

from typing import Any
from uuid import uuid4

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.widget import Widget
from textual.widgets import Button, Label, OptionList, Static, TextArea
from textual.widgets.option_list import Option, OptionDoesNotExist

from workbook.core.content.model import Exercise
from workbook.tui.textual_compat import is_leaving
from workbook.tui.widgets.base import ExerciseWidget
from workbook.tui.widgets.dates import describe_time, now_local

PAGE_SIZE = 10
PREVIEW_CHARS = 120



def _is_entry(entry: Any) -> bool:
    return isinstance(entry, dict) and isinstance(entry.get("text"), str)



def preview(entry: dict[str, Any]) -> Text:
    """One line for the list: the date, then the first words."""
    words = " ".join(entry["text"][:PREVIEW_CHARS].split()) or "(empty)"
    line = Text(no_wrap=True, overflow="ellipsis")
    line.append(describe_time(entry.get("created")), style="bold")
    line.append("  ")
    line.append(words)
    return line


class Journal(ExerciseWidget):
    """An editor for one entry, and the list of entries (newest first)."""

    DEFAULT_CSS = """
    Journal {
        height: auto;
        #prompt { color: $text-primary; text-style: italic; margin: 0 0 1 0; }
        #editing { height: 1; }
        #editing-title { width: 1fr; text-style: bold; }
        #new-entry { margin: 0 0 0 1; }
        #editor { height: 10; min-height: 5; }
        #list-title { color: $text-muted; margin: 1 0 0 0; }
        #entries { height: auto; max-height: 14; border: none; padding: 0; background: transparent; }
        #entries:focus { background: $boost; }
        #no-entries { color: $text-muted; }
    }
    """

    BINDINGS = [
        Binding("ctrl+n", "new_entry", "New entry", tooltip="Start a new entry", priority=True),
    ]

    def __init__(
        self,
        exercise: Exercise,
        value: Any = None,
        **options: Any,
    ) -> None:
        if not isinstance(value, list):
            value = None  # malformed or unanswered: an empty journal
        super().__init__(exercise, value, **options)
        # Position in `value` of the entry in the editor; None for a new entry
        # that exists only once its first character is typed.
        self._editing: int | None = None
        self._page = 0

    @property
    def entries(self) -> list[Any]:
        """The saved list (never mutated: every change posts a new list)."""
        return self.value if isinstance(self.value, list) else []

    def compose(self) -> ComposeResult:
        if self.exercise.prompt:
            yield Static(self.exercise.prompt, id="prompt", markup=False)
        with Horizontal(id="editing"):
            yield Label("", id="editing-title")
            if not self.read_only:
                yield Button("+ New entry", id="new-entry", compact=True, tooltip="ctrl+n")
        yield TextArea(
            "",
            soft_wrap=True,
            show_line_numbers=False,
            tab_behavior="focus",
            read_only=self.read_only,
            placeholder="" if self.read_only else "Start writing. It saves as you type.",
            id="editor",
        )
        yield Label("", id="list-title")
        yield OptionList(id="entries")
        yield Static("No entries yet.", id="no-entries")

    def on_mount(self) -> None:
        if is_leaving(self):
            return  # taken down while it was drawn: its parts may be gone
        if self.read_only and self._valid_positions():
            self._open(self._valid_positions()[-1])
        else:
            self._show_title()
        self._show_page()

    # What is shown

    def _valid_positions(self) -> list[int]:
        """Positions of real entries in `value`, oldest first (malformed ones are kept but not shown)."""
        return [i for i, entry in enumerate(self.entries) if _is_entry(entry)]

    def _show_title(self) -> None:
        title = self.query_one("#editing-title", Label)
        if self._editing is None:
            title.update("New entry: dated when you start writing")
            return
        entry = self.entries[self._editing]
        text = f"Entry from {describe_time(entry.get('created'))}"
        if entry.get("updated") and entry.get("updated") != entry.get("created"):
            text += f" · edited {describe_time(entry.get('updated'))}"
        title.update(text)

    def _show_page(self) -> None:
        """Fill the list with one page of entries, newest first."""
        positions = self._valid_positions()
        newest_first = positions[::-1]
        pages = max(1, -(-len(newest_first) // PAGE_SIZE))
        self._page = max(0, min(self._page, pages - 1))
        start = self._page * PAGE_SIZE
        shown = newest_first[start : start + PAGE_SIZE]
        options: list[Option] = []
        if self._page > 0:
            options.append(Option(Text("‹ Newer entries", style="italic"), id="newer"))
        for position in shown:
            options.append(Option(self._prompt_for(position), id=f"entry-{position}"))
        if start + PAGE_SIZE < len(newest_first):
            older = len(newest_first) - start - PAGE_SIZE
            options.append(
                Option(Text(f"Older entries ({older} more) ›", style="italic"), id="older")
            )
        entries = self.query_one("#entries", OptionList)
        entries.set_options(options)
        entries.highlighted = 0 if options else None  # the cursor shows where up/down start
        entries.display = bool(shown)
        self.query_one("#no-entries").display = not shown
        title = self.query_one("#list-title", Label)
        if shown:
            title.update(
                f"Your entries ({len(newest_first)}), newest first. "
                f"Showing {start + 1}-{start + len(shown)}; enter opens one."
            )
        title.display = bool(shown)

    def _prompt_for(self, position: int) -> Text:
        # The entry in the editor is marked; the others keep the same indent.
        mark = ("✎ ", "bold") if position == self._editing else "  "
        return Text.assemble(
            mark, preview(self.entries[position]), no_wrap=True, overflow="ellipsis"
        )

    def _open(self, position: int | None) -> None:
        """Put an entry (or a fresh one, for None) in the editor."""
        previous = self._editing
        self._editing = position
        editor = self.query_one("#editor", TextArea)
        editor.load_text("" if position is None else self.entries[position]["text"])
        editor.move_cursor(editor.document.end)  # carry on where the entry ends
        self._show_title()
        for changed in {previous, position} - {None}:
            self._refresh_option(changed)

    def reveal(self, path: tuple[str | int, ...], text: str, start: int, end: int) -> Widget:
        # The editor holds one entry: put the found one in it first.
        if path and isinstance(path[0], int) and 0 <= path[0] < len(self.entries):
            if _is_entry(self.entries[path[0]]) and path[0] != self._editing:
                self._open(path[0])
        return super().reveal(path, text, start, end)

    def _refresh_option(self, position: int) -> None:
        """Redraw one entry's line, if it is on the page shown."""
        try:
            self.query_one("#entries", OptionList).replace_option_prompt(
                f"entry-{position}", self._prompt_for(position)
            )
        except OptionDoesNotExist:
            pass

    # Handlers

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        event.stop()
        if self.read_only:
            return
        text = event.text_area.text
        entries = self.entries
        if self._editing is None:
            if not text.strip():
                return  # nothing written yet: no empty entries
            stamp = now_local()
            entry = {"id": uuid4().hex, "created": stamp, "updated": stamp, "text": text}
            self._editing = len(entries)
            self.changed([*entries, entry])
            self._page = 0
            self._show_page()
            self._show_title()
            return
        old = entries[self._editing]
        if old["text"] == text:
            return  # loading an entry into the editor is not an edit
        new_entries = list(entries)
        new_entries[self._editing] = {**old, "text": text, "updated": now_local()}
        self.changed(new_entries)
        self._refresh_option(self._editing)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        option_id = event.option.id or ""
        if option_id in {"newer", "older"}:
            self._page += 1 if option_id == "older" else -1
            self._show_page()
            return
        self._open(int(option_id.removeprefix("entry-")))
        self.screen.set_focus(self.query_one("#editor"))

    async def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "new-entry":
            await self.action_new_entry()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "new_entry":
            return not self.read_only
        return True

    # Actions

    async def action_new_entry(self) -> None:
        # Priority, so keys after ctrl+n go to the new entry; the ones before
        # it are still on their way to the old one: let them land first.
        await self.keys_landed()
        self._open(None)
        self.screen.set_focus(self.query_one("#editor"))

    def focus_first(self) -> None:
        """The editor: typing straight away starts a new entry."""
        self.screen.set_focus(self.query_one("#editor"))
