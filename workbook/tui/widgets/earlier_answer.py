"""Earlier answers beside an exercise, read-only until the person decides.

`EarlierAnswer`: words written before the exercise changed kind, until removed.
`MergedAnswer`: a version a merge kept (the same entry changed in another copy
of the workbook at the same time; the later change is the answer), until the
person brings it back or lets it go.
"""

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


class MergedAnswer(Vertical):
    """One version a merge kept aside, with "bring it back" and "let it go"."""

    DEFAULT_CSS = """
    MergedAnswer {
        height: auto;
        margin: 0 0 1 0;
        padding: 0 1;
        border-left: outer $secondary 60%;
        .earlier-title { color: $text-muted; text-style: italic; }
        .earlier-words { color: $text; }
        #merged-buttons { height: auto; margin: 1 0 0 0; }
        Button { margin: 0 1 0 0; }
    }
    """

    class Restored(Message):
        """The person wants this version back as the answer."""

        def __init__(self, version: Any) -> None:
            super().__init__()
            self.version = version

    class LetGo(Message):
        """The person does not need this version."""

        def __init__(self, version: Any) -> None:
            super().__init__()
            self.version = version

    def __init__(self, version: Any, *, read_only: bool = False) -> None:
        super().__init__(classes="merged-answer")
        self.version = version  # the store's `EarlierVersion`: handed back, never read here
        self.read_only = read_only

    def compose(self) -> ComposeResult:
        from textual.containers import Horizontal

        from workbook.core.dates import long_datetime

        when = long_datetime(self.version.updated or "")
        yield Static(f"Also written in another copy of your workbook ({when}), at the same "
                     "time as the answer below; the later one is shown there. Kept:",
                     classes="earlier-title", markup=False)
        yield Static("\n".join(words_in(self.version.value)), classes="earlier-words",
                     markup=False)
        if not self.read_only:
            with Horizontal(id="merged-buttons"):
                yield Button("Bring this back", id="restore-merged", compact=True)
                yield Button("Let it go", id="let-go-merged", compact=True)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "restore-merged":
            self.post_message(self.Restored(self.version))
        else:
            self.post_message(self.LetGo(self.version))
        self.display = False  # hidden, not removed: the message travels up from here
