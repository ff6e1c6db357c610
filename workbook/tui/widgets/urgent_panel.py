"""`UrgentPanel`: calm words and the crisis lines, shown when an urgent item is chosen
(or, for an item marked `abuse`, the emergency, domestic abuse and directory lines
and quick hide).

Never a diagnosis and never in the way: it can be closed, and unticking the
item hides it too. Checklists and choices hold one when their content marks
an item `urgent`.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Button, Static

from workbook.core.content.model import Care
from workbook.core.crisis_lines import ABUSE_KINDS, CRISIS_KINDS, lines_markdown, steps_markdown
from workbook.tui.widgets.guidance import Guidance

SAFETY_PLAN_KEY = "Your safety plan and every line are one key away: ctrl+g (Need help now)."


class UrgentPanel(Vertical):
    """The urgent note, what to do in the next few minutes, the emergency, crisis and
    directory lines, and the ctrl+g key."""

    DEFAULT_CSS = """
    UrgentPanel {
        height: auto;
        margin: 1 0 0 0;
        padding: 0 1;
        border: round $warning;
        #urgent-steps { margin: 0 0 1 0; }
        #urgent-key { margin: 1 0 0 0; text-style: bold; }
        #urgent-close { margin: 1 0 0 0; }
    }
    """

    def __init__(self, care: Care, *, shown: bool = False, abuse: bool = False) -> None:
        super().__init__(id="abuse-panel" if abuse else "urgent-panel")
        self.care = care
        self.display = shown
        # For an answer that tells of abuse: the domestic abuse lines, and quick hide.
        self.abuse = abuse

    def compose(self) -> ComposeResult:
        # Hidden, the panel is an empty box: its words are mounted the first
        # time it is shown (`follow`). Most answers never call it up, and its
        # two dozen widgets were a third of what opening step 8 built.
        if self.display:
            yield from self._parts()

    def _parts(self) -> ComposeResult:
        if self.abuse:
            if self.care.abuse_note:
                yield Static(self.care.abuse_note, id="urgent-note", markup=False)
            if self.care.quick_hide_note:
                yield Static(self.care.quick_hide_note, id="urgent-steps", markup=False)
            # The directory too, so a reader where no abuse line is listed still has one.
            lines = lines_markdown(self.care, ABUSE_KINDS, compact=True)
        else:
            if self.care.urgent_note:
                yield Static(self.care.urgent_note, id="urgent-note", markup=False)
            if self.care.urgent_steps:
                yield Guidance(steps_markdown(self.care), id="urgent-steps")
            lines = lines_markdown(self.care, CRISIS_KINDS, compact=True)
        if lines:
            yield Guidance(lines, id="urgent-lines")
        if "ctrl+g" not in self.care.urgent_note:  # the key is always named, once
            yield Static(SAFETY_PLAN_KEY, id="urgent-key", markup=False)
        yield Button("Close this", id="urgent-close", compact=True)

    def follow(self, urgent: frozenset[str], before: list[str], after: list[str]) -> None:
        """Show when an urgent item is newly chosen; hide when none is chosen any more."""
        if urgent.intersection(after).difference(before):
            self.display = True
            self.call_next(self._fill_and_show)
        elif not urgent.intersection(after):
            self.display = False

    async def _fill_and_show(self) -> None:
        if not self.is_attached:
            return  # its step was closed before the words could go in
        if not self.children:
            await self.mount_all(list(self._parts()))
        self.call_after_refresh(self.scroll_visible, animate=False)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "urgent-close":
            event.stop()
            self.display = False
