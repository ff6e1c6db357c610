"""What counts as answered, and progress per step (no Textual)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from workbook.content.model import Exercise, Step, Workbook
from workbook.history import current_rating
from workbook.safety_plan import has_plan_lines


def _has_text(value: Any) -> bool:
    return isinstance(value, str) and bool(value.strip())


def is_answered(exercise: Exercise, value: Any) -> bool:
    """True when the person has put something of their own into an exercise."""
    if value is None:
        return False
    kind = exercise.kind
    if kind == "text":
        return isinstance(value, dict) and any(_has_text(v) for v in value.values())
    if kind == "letter":
        return isinstance(value, dict) and _has_text(value.get("body"))
    if kind == "grid":
        return isinstance(value, list) and any(
            isinstance(row, dict) and any(_has_text(c) for c in row.values()) for row in value
        )
    if kind == "checkin":
        return isinstance(value, list) and any(
            isinstance(c, dict) and c.get("feelings") for c in value
        )
    if kind == "scale":
        return current_rating(value) is not None
    if kind == "choice":
        return isinstance(value, dict) and bool(value.get("selected") or _has_text(value.get("other")))
    if kind == "checklist":
        return isinstance(value, dict) and bool(
            value.get("checked") or any(isinstance(o, dict) and o.get("checked") for o in value.get("own", []))
        )
    if kind == "journal":
        return isinstance(value, list) and any(
            isinstance(e, dict) and _has_text(e.get("text")) for e in value
        )
    if kind == "list":
        return isinstance(value, list) and any(_has_text(item) for item in value)
    if kind == "plan":
        return has_plan_lines(exercise, value)
    return False


@dataclass(frozen=True)
class StepProgress:
    """How many of a step's exercises have an answer."""

    step: Step
    answered: int

    @property
    def total(self) -> int:
        return len(self.step.exercises)

    @property
    def done(self) -> bool:
        return self.total > 0 and self.answered == self.total


def step_progress(step: Step, answers: Mapping[str, Any]) -> StepProgress:
    """Progress for one step given every answer by exercise id."""
    count = sum(1 for ex in step.exercises if is_answered(ex, answers.get(ex.id)))
    return StepProgress(step, count)


def workbook_progress(workbook: Workbook, answers: Mapping[str, Any]) -> list[StepProgress]:
    """Progress for every step, in order."""
    return [step_progress(step, answers) for step in workbook.steps]
