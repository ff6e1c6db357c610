"""`ChoicePicker`: pick one or several options, maybe "something else" (kind `choice`)."""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.widgets import Input, Label, OptionList, Static

from workbook.tui.widgets.base import ExerciseWidget
from workbook.tui.widgets.dates import describe_time, now_local
from workbook.tui.widgets.field import Field
from workbook.tui.widgets.tick_list import TickList
from workbook.tui.widgets.urgent_panel import UrgentPanel


def _selected(value: Any) -> list[str]:
    """The saved selection, or none when an old database holds something else."""
    selected = value.get("selected") if isinstance(value, dict) else None
    if not isinstance(selected, list):
        return []
    return [item for item in selected if isinstance(item, str)]


def _other(value: Any) -> str:
    other = value.get("other") if isinstance(value, dict) else None
    return other if isinstance(other, str) else ""


class ChoicePicker(ExerciseWidget):
    """Options with rings (one choice) or boxes (several), and an optional free answer."""

    DEFAULT_CSS = """
    ChoicePicker {
        height: auto;
        .hint { color: $text-muted; }
        #other-label { margin: 1 0 0 0; color: $text-muted; }
        #other { width: 1fr; }
        #answered-when { color: $text-muted; margin: 1 0 0 0; }
    }
    """

    def answered_words(self, selected: list[str]) -> str:
        """ "You answered this on Tue 01 Dec 2026 09:00." under an urgent answer: a
        "Yes, right now" from weeks ago must not read as today."""
        if not self.exercise.urgent_ids.intersection(selected):
            return ""
        when = describe_time(self.updated) if self.updated else "a day before dates were kept"
        return f"You answered this on {when}."

    def compose(self) -> ComposeResult:
        exercise = self.exercise
        if exercise.multiple:
            hint = "Pick any that fit: space or enter ticks and unticks."
        else:
            hint = "Pick one: space or enter chooses it, and again clears it."
        if not self.read_only:
            yield Static(hint, classes="hint")
        yield TickList(
            [(option.id, option.label) for option in exercise.options],
            _selected(self.value),
            single=not exercise.multiple,
            id="options",
            disabled=self.read_only,
        )
        if exercise.other:
            yield Label("Something else, in your own words:", id="other-label")
            yield Field(
                value=_other(self.value),
                placeholder="Something else…",
                id="other",
                disabled=self.read_only,
                select_on_focus=False,  # tabbing in must not put their words up for replacing
            )
        if exercise.urgent_ids:
            words = self.answered_words(_selected(self.value))
            answered = Static(words, id="answered-when", markup=False)
            answered.display = bool(words)
            yield answered
            shown = bool(exercise.urgent_ids.intersection(_selected(self.value)))
            yield UrgentPanel(self.care, shown=shown)
        if exercise.abuse_ids:
            shown = bool(exercise.abuse_ids.intersection(_selected(self.value)))
            yield UrgentPanel(self.care, shown=shown, abuse=True)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        option_id = event.option.id
        if option_id is None or self.read_only:
            return
        selected = _selected(self.value)
        if option_id in selected:
            selected = [item for item in selected if item != option_id]
        elif self.exercise.multiple:
            # Keep the content's order; ids it no longer offers stay saved rather than vanish.
            wanted = {*selected, option_id}
            offered = [option.id for option in self.exercise.options]
            selected = [item for item in offered if item in wanted] + [
                item for item in selected if item not in offered
            ]
        else:
            selected = [option_id]
        self.query_one("#options", TickList).show_ticked(selected)
        for panel in self.query(UrgentPanel):
            ids = self.exercise.abuse_ids if panel.abuse else self.exercise.urgent_ids
            panel.follow(ids, _selected(self.value), selected)
        for answered in self.query("#answered-when").results(Static):
            self.updated = now_local()  # the answer changes now
            words = self.answered_words(selected)
            answered.update(words)
            answered.display = bool(words)
        self.changed({"selected": selected, "other": _other(self.value)})

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        if event.value != _other(self.value):
            self.changed({"selected": _selected(self.value), "other": event.value})
