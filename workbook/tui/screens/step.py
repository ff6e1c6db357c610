"""`StepScreen`: one step's guidance and its exercises, one card each."""

from __future__ import annotations

import asyncio
from typing import Any

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, Static

from workbook.core.content.model import Step
from workbook.core.progress import closing_words, workbook_progress
from workbook.tui.focus_place import FocusPlace
from workbook.tui.screens.cards import card_for
from workbook.tui.textual_compat import keep_first_styles
from workbook.tui.widgets.base import ExerciseWidget
from workbook.tui.widgets.footer import WorkbookFooter
from workbook.tui.widgets.guidance import Guidance
from workbook.tui.widgets.top_bar import TopBar


class StepScreen(Screen):
    """A step: guidance first, then each exercise, then next / previous."""

    DEFAULT_CSS = """
    StepScreen {
        /* A line of prose stays readable on a wide terminal: the column is
           capped at 116 columns (all of a 120-column terminal) and centred;
           the scrollbar stays at the edge. */
        #step-body { padding: 0 1; align-horizontal: center; }
        #step-body > * { max-width: 116; }
        #step-heading { text-style: bold; color: $text-primary; margin: 1 0 0 0; }
        #guidance { margin: 0; padding: 0; }
        #step-nav { height: auto; margin: 1 0; }
        #step-nav Button { margin: 0 2 0 0; }
    }
    """

    # Nothing is focused when a step opens (see `focus_first_exercise`).
    AUTO_FOCUS = ""

    BINDINGS = [
        Binding("escape", "leave", "Back", tooltip="Leave the field, or go back home"),
        Binding("]", "next_step", "Next step"),
        Binding("[", "previous_step", "Previous step"),
        # The step scrolls from the keyboard whenever the focused field (or
        # none) leaves these keys be: the body itself is not a tab stop.
        Binding("down", "scroll('scroll_down')", show=False),
        Binding("up", "scroll('scroll_up')", show=False),
        Binding("pagedown,space", "scroll('scroll_page_down')", show=False),
        Binding("pageup", "scroll('scroll_page_up')", show=False),
        Binding("home", "scroll('scroll_home')", show=False),
        Binding("end", "scroll('scroll_end')", show=False),
    ]

    def __init__(self, step: Step, total_steps: int) -> None:
        super().__init__(name=f"step-{step.number}")
        self.step = step
        self.total_steps = total_steps
        # Set once the first field has focus and the view has stopped moving.
        self.settled = asyncio.Event()
        self.sub_title = f"Step {step.number} of {total_steps}"

    def compose(self) -> ComposeResult:
        store = self.app.store
        yield TopBar(f"Step {self.step.number} of {self.total_steps} · {self.step.title}")
        # Not a tab stop of its own: it would be an invisible one. Its page
        # and arrow keys still scroll it from any field that leaves them be.
        with VerticalScroll(id="step-body", can_focus=False):
            yield Static(f"Step {self.step.number}. {self.step.title}", id="step-heading")
            yield Guidance(self.step.guidance, id="guidance")
            for exercise in self.step.exercises:
                yield card_for(exercise, store, self.app.workbook.care)
            with Horizontal(id="step-nav"):
                if self.step.number > 1:
                    yield Button("← Previous step", id="previous")
                yield Button("Home", id="home")
                if self.step.number < self.total_steps:
                    yield Button("Next step →", id="next", variant="primary")
                else:
                    yield Button("Finish →", id="next", variant="primary")
        yield WorkbookFooter()

    def on_mount(self) -> None:
        self.focus_first_exercise()

    def on_screen_suspend(self) -> None:
        self._values_when_left = {
            widget.exercise.id: self.app.store.get(widget.exercise.id)
            for widget in self.query(ExerciseWidget)
        }

    async def on_screen_resume(self, event: events.ScreenResume) -> None:
        # An answer may have changed on another screen (the crisis exercises
        # also live on "Need help now"). Widgets hold the very object they last
        # stored, so a stored object that is neither what we left nor the
        # widget's own (a dialog of ours may have just changed it) is news.
        before = getattr(self, "_values_when_left", None)
        if before is None:
            keep_first_styles(event)  # first shown, not coming back: styled as it mounted
            return
        await self.show_stored_answers(before)

    async def show_stored_answers(self, before: dict[str, Any] | None = None) -> None:
        """Draw the step again when the store holds an answer its widgets do not show
        (changed on another screen, or merged in from another machine)."""
        store = self.app.store
        for widget in self.query(ExerciseWidget):
            now = store.get(widget.exercise.id)
            if (before is None or now is not before.get(widget.exercise.id)) and (
                    now is not widget.value):
                await self._draw_again()
                return

    async def _draw_again(self) -> None:
        """Draw the step again from the store, the person's place kept.

        A merge from another device can land while someone is typing: the
        field they are in keeps the focus and its cursor, at the same place on
        screen. The focus is back before any key waiting behind the redraw is
        handled, so none of them lands on the page instead (`]`, space).
        """
        place = FocusPlace.of(self)
        await self.recompose()
        if place is not None:
            place.go_back(self)

    async def reveal_answer(
        self, exercise_id: str, path: tuple[str | int, ...], text: str, start: int, end: int
    ) -> None:
        """Once the step has settled, focus the field holding a search match, match in view."""
        await self.settled.wait()
        for widget in self.query(ExerciseWidget):
            if widget.exercise.id == exercise_id:
                shown = widget.reveal(path, text, start, end)
                self.call_after_refresh(
                    self.query_one("#step-body", VerticalScroll).scroll_to_widget,
                    shown, animate=False, immediate=True,
                )
                return

    def focus_first_exercise(self) -> None:
        """Opening a step shows its top with nothing focused; tab goes to the first field.

        A field below the fold must not hold the focus: a key typed then
        (`]`, or words meant elsewhere) would change an answer the person
        cannot see. And focusing only a field that happens to be in sight
        would make the first focus depend on the terminal's size and on when
        the reading finished drawing; tab from nothing always goes to the
        first field, brought into view.
        """
        self.call_after_refresh(self.settled.set)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        actions = {"previous": self.action_previous_step, "next": self.action_next_step}
        actions.get(event.button.id or "", self.app.go_home)()

    def action_scroll(self, how: str) -> None:
        getattr(self.query_one("#step-body", VerticalScroll), how)(animate=False)

    def action_leave(self) -> None:
        if self.focused is not None:
            self.set_focus(None)
        else:
            self.app.go_home()

    def action_next_step(self) -> None:
        if self.step.number < self.total_steps:
            self.app.open_step(self.step.number + 1)
        else:
            progress = workbook_progress(self.app.workbook, self.app.store.answers())
            self.app.show_page("closing", lead=closing_words(progress))

    def action_previous_step(self) -> None:
        if self.step.number > 1:
            self.app.open_step(self.step.number - 1)
