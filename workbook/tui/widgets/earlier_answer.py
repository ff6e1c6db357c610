"""Earlier answers beside an exercise, read-only until the person decides.

`EarlierAnswer`: words written before the exercise changed kind, until removed.
`MergedAnswer`: a version a merge kept (the same entry changed in another copy
of the workbook at the same time; the later change is the answer), until the
person brings it back or lets it go.
"""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widgets import Button, Static

from workbook.core.earlier import words_in


class KeptAside(Vertical):
    """Words kept beside an exercise: a line saying why, the words, then buttons."""

    DEFAULT_CSS = """
    KeptAside {
        height: auto;
        margin: 0 0 1 0;
        padding: 0 1;
        border-left: outer $secondary 60%;
        .earlier-title { color: $text-muted; text-style: italic; }
        .earlier-words { color: $text; }
        #kept-buttons { height: auto; margin: 1 0 0 0; }
        Button { margin: 0 1 0 0; }
    }
    """

    def __init__(self, value: Any, *, read_only: bool = False, classes: str = "") -> None:
        super().__init__(classes=classes)
        self.value = value
        self.read_only = read_only

    def why(self) -> str:
        raise NotImplementedError

    def buttons(self) -> list[Button]:
        raise NotImplementedError

    def compose(self) -> ComposeResult:
        yield Static(self.why(), classes="earlier-title", markup=False)
        yield Static("\n".join(words_in(self.value)), classes="earlier-words", markup=False)
        if not self.read_only:
            with Horizontal(id="kept-buttons"):
                yield from self.buttons()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.post_message(self.chosen(event.button.id or ""))
        self.display = False  # hidden, not removed: the message travels up from here

    def chosen(self, button_id: str) -> Message:
        raise NotImplementedError


class EarlierAnswer(KeptAside):
    """The old answer, beside the new exercise; the person decides when it goes."""

    class Removed(Message):
        """The person chose to remove the earlier answer."""

        def __init__(self, exercise_id: str) -> None:
            super().__init__()
            self.exercise_id = exercise_id

    def __init__(self, exercise_id: str, value: Any, *, read_only: bool = False) -> None:
        super().__init__(value, read_only=read_only, classes="earlier-answer")
        self.exercise_id = exercise_id

    def why(self) -> str:
        return "What you wrote here before this exercise changed (kept, and exported):"

    def buttons(self) -> list[Button]:
        return [Button("Remove the earlier answer", id="remove-earlier", compact=True)]

    def chosen(self, button_id: str) -> Message:
        return self.Removed(self.exercise_id)


class MergedAnswer(KeptAside):
    """One version a merge kept aside, with "bring it back" and "let it go"."""

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
        # The store's `EarlierVersion`: its words and time are shown, and it is
        # handed back up with the person's choice (widgets never touch storage).
        super().__init__(version.value, read_only=read_only, classes="merged-answer")
        self.version = version

    def why(self) -> str:
        from workbook.core.dates import long_datetime

        when = long_datetime(self.version.updated or "")
        return (f"Also written in another copy of your workbook ({when}), at the same time as "
                "the answer below; the later one is shown there. Kept:")

    def buttons(self) -> list[Button]:
        return [Button("Bring this back", id="restore-merged", compact=True),
                Button("Let it go", id="let-go-merged", compact=True)]

    def chosen(self, button_id: str) -> Message:
        if button_id == "restore-merged":
            return self.Restored(self.version)
        return self.LetGo(self.version)
