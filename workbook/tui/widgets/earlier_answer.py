"""`EarlierAnswer`: words written before an exercise changed kind, shown read-only until removed."""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import Button, Static

from workbook.core.earlier import words_in


class EarlierAnswer(Vertical):
    """The old answer, beside the new exercise; the person decides when it goes."""

    DEFAULT_CSS = """
    EarlierAnswer {
        height: auto;
        margin: 0 0 1 0;
        padding: 0 1;
        border-left: outer $secondary 60%;
        .earlier-title { color: $text-muted; text-style: italic; }
        .earlier-words { color: $text; }
        Button { margin: 1 0 0 0; }
    }
    """

    class Removed(Message):
        """The person chose to remove the earlier answer."""

        def __init__(self, exercise_id: str) -> None:
            super().__init__()
            self.exercise_id = exercise_id

    def __init__(self, exercise_id: str, value: Any, *, read_only: bool = False) -> None:
        super().__init__(classes="earlier-answer")
        self.exercise_id = exercise_id
        self.value = value
        self.read_only = read_only

    def compose(self) -> ComposeResult:
        yield Static("What you wrote here before this exercise changed (kept, and exported):",
                     classes="earlier-title")
        yield Static("\n".join(words_in(self.value)), classes="earlier-words", markup=False)
        if not self.read_only:
            yield Button("Remove the earlier answer", id="remove-earlier", compact=True)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.post_message(self.Removed(self.exercise_id))
        self.display = False  # hidden, not removed: the message travels up from here
