"""Answers marked `urgent` (thoughts of dying, of suicide, of self-harm) on paper (no Textual).

A "Yes, right now" was true on the day it was chosen. Printed weeks later
without a date it reads as now, and anyone who finds the copy reads it too.
So every export leaves out the options marked urgent unless the person asks
for them (the export screen's box, `workbook export --include-urgent`), and
then each comes with the date it was answered. The JSON backup, which is
for restoring, always holds everything.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from workbook.core.content.model import Exercise, Workbook

# An export-only copy of a value carries its date under this key; never saved.
ANSWERED = "answered"
LEFT_OUT = "An answer here is left out of this copy. It is still in your workbook."


def _key(exercise: Exercise) -> str:
    return "checked" if exercise.kind == "checklist" else "selected"


def urgent_chosen(exercise: Exercise, value: Any) -> list[str]:
    """The urgent options or items chosen in a saved value."""
    if not exercise.urgent_ids or not isinstance(value, dict):
        return []
    chosen = value.get(_key(exercise))
    if not isinstance(chosen, list):
        return []
    return [item for item in chosen if isinstance(item, str) and item in exercise.urgent_ids]


def without_urgent(exercise: Exercise, value: Any) -> Any:
    """A copy of `value` with its urgent options or items taken out."""
    if not urgent_chosen(exercise, value):
        return value
    key = _key(exercise)
    kept = [item for item in value[key] if item not in exercise.urgent_ids]
    return {**value, key: kept}


def urgent_on_paper(exercise: Exercise, value: Any, *, include_urgent: bool,
                    answered: str | None) -> tuple[Any, bool]:
    """`value` as an export may print it, and whether something was left out.

    For a value outside the answers (an earlier answer a merge kept): without
    `include_urgent` its urgent options are taken out (a tick of one, on its
    own, is dropped); with it, they carry `answered`, the date they were chosen.
    """
    if isinstance(value, str) and value in exercise.urgent_ids:  # one tick, on its own
        return (value, False) if include_urgent else (None, True)
    if not urgent_chosen(exercise, value):
        return value, False
    if not include_urgent:
        return without_urgent(exercise, value), True
    return ({**value, ANSWERED: answered} if answered else value), False


def with_dates(workbook: Workbook, answers: Mapping[str, Any],
               updated: Callable[[str], str | None]) -> dict[str, Any]:
    """The answers, each one holding an urgent option with the date it was last
    changed beside it (`updated(exercise id)`, the store's stamp)."""
    dated = dict(answers)
    for exercise in workbook.exercises:
        value = answers.get(exercise.id)
        if urgent_chosen(exercise, value):
            stamp = updated(exercise.id)
            if stamp:
                dated[exercise.id] = {**value, ANSWERED: stamp}
    return dated
