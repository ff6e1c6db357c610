"""`LetterEditor`: a long letter with its guiding prompts beside or above it (kind `letter`)."""

from __future__ import annotations

from typing import Any

from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Input, Label, Static, TextArea

from workbook.tui.textual_compat import is_leaving
from workbook.tui.widgets.base import ExerciseWidget
from workbook.tui.widgets.field import Field

# From this many terminal columns the prompts sit beside the letter.
WIDE = 100


def _text(value: Any, key: str) -> str:
    """One saved string, or "" when an old database holds something else."""
    text = value.get(key) if isinstance(value, dict) else None
    return text if isinstance(text, str) else ""


def _prompts(prompts: tuple[str, ...]) -> Group:
    """The guiding questions as a bulleted list whose wrapped lines hang under the text."""
    table = Table.grid(padding=(0, 1))
    table.add_column(width=1)
    table.add_column(ratio=1)
    for prompt in prompts:
        table.add_row("•", Text(prompt))
    return Group(Text("Questions to write from:"), table)


class LetterEditor(ExerciseWidget):
    """Who it is to, then the letter; undo is ctrl+z, redo ctrl+y."""

    DEFAULT_CSS = """
    LetterEditor {
        height: auto;
        .note { color: $text-warning; text-style: italic; margin: 0 0 1 0; }
        #to-row { height: auto; }
        #to-label { width: auto; margin: 1 1 0 0; }
        #to { width: 1fr; }
        #writing { height: auto; layout: vertical; }
        #prompts { height: auto; padding: 0 1 0 0; margin: 1 0 0 0; color: $text-muted; }
        #body { height: 14; }
        &.-wide {
            #writing { layout: horizontal; }
            #prompts { width: 1fr; margin: 0 1 0 0; border-right: vkey $primary 50%; }
            #body { width: 2fr; }
        }
    }
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._to = _text(self.value, "to")
        self._body = _text(self.value, "body")

    def compose(self) -> ComposeResult:
        exercise = self.exercise
        if exercise.note:
            yield Static(exercise.note, classes="note", markup=False)
        with Horizontal(id="to-row"):
            yield Label("To:", id="to-label")
            yield Field(
                value=self._to,
                placeholder=exercise.addressee or "Who is this letter to?",
                id="to",
                disabled=self.read_only,
                select_on_focus=False,  # tabbing in must not put their words up for replacing
            )
        # Prompts come first: above the letter when narrow, to its left when wide.
        with Vertical(id="writing"):
            if exercise.prompts:
                yield Static(_prompts(exercise.prompts), id="prompts")
            yield TextArea(
                self._body,
                soft_wrap=True,
                tab_behavior="focus",
                show_line_numbers=False,
                read_only=self.read_only,
                placeholder="Write freely. Ctrl+z undoes, ctrl+y redoes.",
                id="body",
            )

    def on_mount(self) -> None:
        if is_leaving(self):
            return  # taken down while it was drawn: its parts may be gone
        self.set_class(self.app.size.width >= WIDE, "-wide")
        # Coming back to a letter means carrying on: start at its end.
        body = self.query_one("#body", TextArea)
        body.move_cursor(body.document.end)

    def on_resize(self, event: events.Resize) -> None:
        self.set_class(self.app.size.width >= WIDE, "-wide")

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        if event.value != self._to:
            self._to = event.value
            self.changed({"to": self._to, "body": self._body})

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        event.stop()
        # One read of the text per keystroke; the app coalesces the saves.
        self._body = event.text_area.text
        self.changed({"to": self._to, "body": self._body})
