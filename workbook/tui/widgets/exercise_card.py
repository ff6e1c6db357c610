"""`ExerciseCard`: an exercise's title and intro around its kind's widget."""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Static

from workbook.core.content.model import Care, Exercise
from workbook.tui.widgets import widget_for
from workbook.tui.widgets.focus_within import FocusWithin


class ExerciseCard(FocusWithin, Vertical):
    """A framed exercise: a shared note if it needs one (see `Care.notes_before`),
    heading, a sentence of intro, the editor, then the notes that go with writing."""

    DEFAULT_CSS = """
    ExerciseCard {
        height: auto;
        margin: 1 0 0 0;
        padding: 0 1 1 1;
        border: round $primary 50%;
        border-title-color: $text;
        border-title-style: bold;
        &.-focus-within { border: round $primary; }
        .intro { color: $text-muted; margin: 0 0 1 0; }
        .care-note { color: $text-warning; border-left: outer $warning 60%; padding: 0 0 0 1; }
        .note-before { margin: 0 0 1 0; }
        .note-after { margin: 1 0 0 0; }
    }
    """

    def __init__(
        self,
        exercise: Exercise,
        value: Any,
        *,
        read_only: bool = False,
        draft: Any = None,
        care: Care | None = None,
        earlier: Any = None,
        merged: Any = (),
        updated: str | None = None,
    ) -> None:
        super().__init__(id=f"exercise-{exercise.id}")
        self.exercise = exercise
        self.value = value
        self.read_only = read_only
        self.draft = draft
        self.earlier = earlier  # an answer from before the exercise changed kind
        self.merged = list(merged)  # versions a merge kept aside (`EarlierVersion`s)
        self.care = care or Care()
        self.updated = updated  # when the answer last changed
        # Optional ones say so: skipping them is part of the plan, not a gap.
        self.border_title = f"{exercise.title} (optional)" if exercise.optional else exercise.title

    def compose(self) -> ComposeResult:
        for note in self.care.notes_before(self.exercise):
            yield Static(note, classes="care-note note-before", markup=False)
        if self.exercise.intro:
            yield Static(self.exercise.intro, classes="intro", markup=False)
        if self.earlier is not None:
            from workbook.tui.widgets.earlier_answer import EarlierAnswer

            yield EarlierAnswer(self.exercise.id, self.earlier, read_only=self.read_only)
        if self.merged:
            from workbook.tui.widgets.earlier_answer import MergedAnswer

            for version in self.merged:
                yield MergedAnswer(version, read_only=self.read_only)
        widget = widget_for(self.exercise, self.value, read_only=self.read_only, draft=self.draft,
                            care=self.care)
        widget.updated = self.updated
        yield widget
        for note in self.care.notes_after(self.exercise):
            yield Static(note, classes="care-note note-after", markup=False)
