"""What every exercise widget shares: its exercise, its value and `AnswerChanged`."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

from textual.message import Message
from textual.widget import Widget
from textual.widgets import Input

from workbook.core.content.model import Care, Exercise


class ExerciseWidget(Widget):
    """Base for the one-widget-per-kind exercise editors.

    A widget is given its exercise, saved value and the content's care words
    and helplines; when the person changes
    something it posts `AnswerChanged` with a *new* value object (never a
    mutated one: the store saves snapshots from another thread).
    """

    DEFAULT_CSS = """
    ExerciseWidget {
        height: auto;
        width: 1fr;
    }
    """

    class AnswerChanged(Message):
        """The person changed an answer: `value` is the new one, `before` the one the
        change was made to (so only what the person touched is stored as changed)."""

        def __init__(self, exercise_id: str, value: Any, before: Any = None) -> None:
            super().__init__()
            self.exercise_id = exercise_id
            self.value = value
            self.before = before

    class DraftChanged(Message):
        """The person changed a draft (a form not yet saved); None clears it."""

        def __init__(self, exercise_id: str, draft: Any) -> None:
            super().__init__()
            self.exercise_id = exercise_id
            self.draft = draft

    class AskFirst(Message):
        """Words would be lost: ask first (the app shows the question) and
        call `then` only if the person says yes."""

        def __init__(self, question: str, *, yes: str, no: str, then: Callable[[], object]) -> None:
            super().__init__()
            self.question = question
            self.yes = yes
            self.no = no
            self.then = then

    def __init__(
        self,
        exercise: Exercise,
        value: Any = None,
        *,
        read_only: bool = False,
        draft: Any = None,
        care: Care | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(id=id, classes=classes)
        self.exercise = exercise
        self.value = value
        self.read_only = read_only
        self.draft = draft
        # The content's shared words and helplines, for the kinds that show them.
        self.care = care or Care()
        # When the saved answer last changed (the store's stamp), for kinds that date it.
        self.updated: str | None = None

    def changed(self, value: Any) -> None:
        """Keep and announce a new value (an equal one is no change: fields
        report their first value when they mount, and opening a step must
        never write)."""
        if value == self.value:
            return
        before, self.value = self.value, value
        if not self.read_only:
            self.post_message(self.AnswerChanged(self.exercise.id, value, before))

    def draft_changed(self, draft: Any) -> None:
        """Keep and announce a new draft (None once it became the answer)."""
        if draft == self.draft:
            return
        self.draft = draft
        if not self.read_only:
            self.post_message(self.DraftChanged(self.exercise.id, draft))

    async def keys_landed(self) -> None:
        """Wait until the focused field has handled the keys that came before
        the one being acted on.

        For a priority binding: it runs the moment its key arrives, while keys
        typed just before it (a paste, a burst over SSH) may still be queued
        for the field. Awaiting this in the action holds the keys after it
        back too, so they go wherever the action leaves the focus.
        """
        focused = self.screen.focused if self.is_attached else None
        if focused is None:
            return
        landed = asyncio.get_running_loop().create_future()
        if focused.call_later(landed.set_result, None):
            # A safety net only: a field's queue holds a handful of keys.
            await asyncio.wait([landed], timeout=1.0)

    def focus_first(self) -> None:
        """Put the focus in this exercise's first field."""
        for widget in self.query("*"):
            if widget.focusable:
                # now, not after the queued keys: those must start from here
                self.screen.set_focus(widget)
                return

    def reveal(self, path: tuple[str | int, ...], text: str, start: int, end: int) -> Widget:
        """Focus the field that holds `text` (found by search at `path` in the
        answer) with [start, end) selected; the first field when none holds it.

        Returns the widget to bring into view. Kinds that show only part of
        their answer at a time (the journal) first show the part at `path`.
        """
        from textual.widgets import TextArea
        from textual.widgets.input import Selection

        for field in self.query("Input, TextArea"):
            if isinstance(field, Input) and field.value == text:
                field.focus()
                field.selection = Selection(start, end)
                return field
            if isinstance(field, TextArea) and field.text == text:
                from textual.widgets.text_area import Selection as Span

                field.focus()
                where = field.document.get_location_from_index
                field.selection = Span(where(start), where(end))
                field.scroll_cursor_visible(center=True)
                return field
        self.focus_first()
        return self


def one_line(field: Input) -> Input:
    """A borderless one-line field: focus shows by its background.

    Inline, because the app's stylesheet frames every Input and a frame
    would make each cell three lines high.
    """
    field.styles.border = ("none", "transparent")
    return field
