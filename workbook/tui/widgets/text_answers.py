"""`TextAnswers`: one or several labelled short answers (kind `text`)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import Input, Label

from workbook.tui.widgets.base import ExerciseWidget
from workbook.tui.widgets.field import Field


class TextAnswers(ExerciseWidget):
    """A labelled one-line field for each of the exercise's fields."""

    DEFAULT_CSS = """
    TextAnswers {
        height: auto;
        Label { margin: 1 0 0 0; color: $text-muted; }
        Label.first { margin: 0; }
        Input { width: 1fr; }
    }
    """

    def compose(self) -> ComposeResult:
        saved = self.value if isinstance(self.value, dict) else {}
        for index, field in enumerate(self.exercise.fields):
            yield Label(field.label, classes="first" if index == 0 else "")
            yield Field(
                value=_as_text(saved.get(field.id)),
                placeholder=field.placeholder,
                id=f"field-{field.id}",
                disabled=self.read_only,
                select_on_focus=False,  # tabbing in must not put their words up for replacing
            )

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        field_id = (event.input.id or "").removeprefix("field-")
        saved = self.value if isinstance(self.value, dict) else {}
        if saved.get(field_id, "") != event.value:
            self.changed({**saved, field_id: event.value})


def _as_text(value: object) -> str:
    """A saved field as text: a missing or null one is empty, never "None"."""
    return "" if value is None else value if isinstance(value, str) else str(value)
