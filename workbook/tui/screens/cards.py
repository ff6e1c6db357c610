"""Building an exercise's card from the store: its answer, draft and any earlier answer."""

from __future__ import annotations

from typing import Any

from workbook.core.answer_rules import fits
from workbook.core.content.model import Care, Exercise
from workbook.tui.widgets.exercise_card import ExerciseCard


def card_for(exercise: Exercise, store: Any, care: Care | None = None) -> ExerciseCard:
    """The card for `exercise` with what `store` holds for it.

    An answer of another shape (the exercise changed kind since it was
    written) is not handed to the new widget: it is shown beside it, read-only.
    So are versions a merge kept (changed in another copy at the same time),
    each with a button to bring it back.
    """
    value = store.get(exercise.id)
    earlier = store.earlier_answer(exercise.id)
    if value is not None and not fits(exercise.kind, value):
        value, earlier = None, value
    return ExerciseCard(
        exercise,
        value,
        read_only=store.read_only,
        draft=store.draft(exercise.id),
        care=care,
        earlier=earlier,
        merged=store.earlier_versions(exercise.id),
        updated=store.updated(exercise.id) if hasattr(store, "updated") else None,
    )
