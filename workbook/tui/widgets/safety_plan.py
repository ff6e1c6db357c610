"""`SafetyPlan`: the Stanley & Brown safety plan, several lines in each part (kind `plan`).

Each section is an `ItemList` (the `list` kind's widget) over that section's
lines; the plan gathers their changes into one answer. The crisis lines come
from the content's helpline data, so the numbers are part of the plan.
"""

from __future__ import annotations

from dataclasses import replace

from textual.app import ComposeResult
from textual.widgets import Static

from workbook.core.answer_rules import item_text
from workbook.core.crisis_lines import CRISIS_KINDS, lines_markdown
from workbook.core.safety_plan import numbered_sections, plan_lines, plan_value, section_heading
from workbook.tui.widgets.base import ExerciseWidget
from workbook.tui.widgets.guidance import Guidance
from workbook.tui.widgets.item_list import ItemList

# A section's list answers under "<exercise id>/<section id>": "/" is never
# in an exercise id, so the plan tells its sections' news from its own.
SEPARATOR = "/"
LINES_HEADING = "Lines to call, any time"


class SafetyPlan(ExerciseWidget):
    """Numbered sections, each a growing list of lines, then the crisis lines."""

    DEFAULT_CSS = """
    SafetyPlan {
        height: auto;
        .section-label { text-style: bold; margin: 1 0 0 0; }
        .section-label.-first { margin: 0; }
        .section-label.-apart { color: $text-warning; }
        .section-hint { color: $text-muted; }
        ItemList #add-line { margin: 0; }
    }
    """

    def compose(self) -> ComposeResult:
        for index, (number, section) in enumerate(numbered_sections(self.exercise)):
            classes = "section-label" + (" -first" if index == 0 else "")
            classes += "" if section.in_order else " -apart"
            yield Static(section_heading(number, section), classes=classes, markup=False)
            if section.hint:
                yield Static(section.hint, classes="section-hint", markup=False)
            as_list = replace(
                self.exercise,
                id=f"{self.exercise.id}{SEPARATOR}{section.id}",
                kind="list",
                intro="",
                placeholder=section.placeholder or "Type a line, then press enter",
                sections=(),
            )
            yield ItemList(as_list, plan_lines(self.value, section.id),
                           read_only=self.read_only, id=f"section-{section.id}")
        lines = lines_markdown(self.care, CRISIS_KINDS, compact=True)
        if lines:
            yield Static(LINES_HEADING, classes="section-label")
            yield Guidance(lines, id="plan-lines")

    def on_exercise_widget_answer_changed(self, event: ExerciseWidget.AnswerChanged) -> None:
        owner, separator, section_id = event.exercise_id.rpartition(SEPARATOR)
        if not separator or owner != self.exercise.id:
            return  # the plan's own answer, on its way up
        event.stop()
        lines = [item_text(item) for item in event.value]  # a section is one entry: its lines
        self.changed(plan_value(self.exercise, self.value, section_id, lines))

    def focus_first(self) -> None:
        """The first section's first line, or its "Add" field."""
        sections = self.query(ItemList)
        if sections:
            sections.first().focus_first()
