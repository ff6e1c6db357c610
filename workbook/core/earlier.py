"""Answers from an earlier version of the workbook (no Textual).

Content changes: a step or exercise may be removed, or an exercise may
become another kind (text to list). The person's words stay in the file
either way, and here they stay visible: listed by `status`, exported, and
shown read-only beside the new exercise until the person removes them.
A value kept aside when a changed exercise was first written in lives under
its own key (`earlier:ID`), so the new answer never replaces it silently.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from workbook.core.answer_rules import fits
from workbook.core.content.model import Workbook
from workbook.core.drafts import is_draft_key

TITLE = "Answers from an earlier version of the workbook"
EARLIER_PREFIX = "earlier:"

def earlier_key(exercise_id: str) -> str:
    """Where an exercise's answer from before its kind changed is kept."""
    return f"{EARLIER_PREFIX}{exercise_id}"


@dataclass(frozen=True)
class Earlier:
    """One answer the current content has no place for."""

    key: str  # where it is stored
    exercise_id: str
    title: str  # the exercise's title now, or its id when it is gone
    why: str
    value: Any


def earlier_answers(workbook: Workbook, answers: Mapping[str, Any]) -> list[Earlier]:
    """Every stored answer the content no longer has a place for, in key order."""
    found = []
    for key in sorted(answers):
        value = answers[key]
        if value is None or is_draft_key(key) or not has_words(value):
            continue
        exercise_id = key.removeprefix(EARLIER_PREFIX)
        exercise = workbook.exercise(exercise_id)
        if key.startswith(EARLIER_PREFIX):
            why = "kept from before this exercise changed"
        elif exercise is None:
            why = "its exercise is no longer in the workbook"
        elif not fits(exercise.kind, value):
            why = f"this exercise is now a {exercise.kind} exercise"
        else:
            continue
        title = exercise.title if exercise is not None else exercise_id
        found.append(Earlier(key, exercise_id, title, why, value))
    return found


def words_in(value: Any) -> list[str]:
    """Every piece of text in a saved value of any shape, in order."""
    if isinstance(value, str):
        return [value] if value.strip() else []
    if isinstance(value, bool) or value is None:
        return []
    if isinstance(value, int | float):
        return [str(value)]
    if isinstance(value, dict):
        skip = {"id", "at", "created", "updated"}
        return [w for key in value if key not in skip for w in words_in(value[key])]
    if isinstance(value, list):
        return [w for item in value for w in words_in(item)]
    return []


def has_words(value: Any) -> bool:
    return bool(words_in(value))


def record_answer(store: Any, workbook: Workbook, exercise_id: str, value: Any) -> None:
    """Store a new answer; the first one written in an exercise that changed
    kind keeps the old answer aside (and shown) instead of replacing it."""
    exercise = workbook.exercise(exercise_id)
    old = store.get(exercise_id)
    if old is not None and exercise is not None and not fits(exercise.kind, old):
        store.set(earlier_key(exercise_id), old)
    store.set(exercise_id, value)


def remove_earlier(store: Any, workbook: Workbook, exercise_id: str) -> None:
    """The person let an earlier answer go: drop it (and an answer that no longer fits)."""
    exercise = workbook.exercise(exercise_id)
    store.set(earlier_key(exercise_id), None)
    old = store.get(exercise_id)
    if old is not None and exercise is not None and not fits(exercise.kind, old):
        store.set(exercise_id, None)
