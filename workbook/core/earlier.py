"""Earlier answers: words the person wrote that are not the answer shown now (no Textual).

Three kinds, all kept, listed by `status`, exported, and shown read-only
beside their exercise until the person lets them go:
- content changed: a step or exercise was removed, or an exercise became
  another kind (text to list). The old value stays where it was; the first
  answer written in a changed exercise moves it into the store's table of
  earlier answers (`AnswerStore.set_earlier`), so it is never replaced silently.
- a merge: the same entry changed in two copies of the workbook without
  either seeing the other's change. The later change is the answer; the
  other version is kept (`AnswerStore.earlier_versions`) and can be restored.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from workbook.core.answer_rules import fits
from workbook.core.content.model import Workbook

TITLE = "Answers from an earlier version of the workbook"
MERGED = "changed in another copy of the workbook at the same time; the later change is the answer"


@dataclass(frozen=True)
class Earlier:
    """One earlier answer: whose it is, why it is not the answer now, and its words."""

    key: str  # what it is kept as: the exercise id, or the entry's id for a merge's
    exercise_id: str
    title: str  # the exercise's title now, or its id when it is gone
    why: str
    value: Any
    version: Any = None  # a merge's earlier version (`EarlierVersion`): it can be restored


def earlier_answers(
    workbook: Workbook,
    answers: Mapping[str, Any],
    kept: Mapping[str, Any] | None = None,
    merged: Sequence[Any] = (),
) -> list[Earlier]:
    """Every answer not shown as the answer now: `answers` the content has no place
    for, `kept` (answers from before a kind change, by exercise id) and `merged`
    (`EarlierVersion`s a merge kept), in exercise order."""
    found = []
    for exercise_id in sorted({*answers, *(kept or {})}):
        exercise = workbook.exercise(exercise_id)
        title = exercise.title if exercise is not None else exercise_id
        old = (kept or {}).get(exercise_id)
        if old is not None and has_words(old):
            found.append(Earlier(exercise_id, exercise_id, title,
                                 "kept from before this exercise changed", old))
        value = answers.get(exercise_id)
        if value is None or not has_words(value):
            continue
        if exercise is None:
            why = "its exercise is no longer in the workbook"
        elif not fits(exercise.kind, value):
            why = f"this exercise is now a {exercise.kind} exercise"
        else:
            continue
        found.append(Earlier(exercise_id, exercise_id, title, why, value))
    for version in merged:
        if not has_words(version.value):
            continue
        exercise = workbook.exercise(version.exercise)
        title = exercise.title if exercise is not None else version.exercise
        found.append(Earlier(version.entry_id, version.exercise, title, MERGED, version.value,
                             version))
    return found


def earlier_in(workbook: Workbook, store: Any) -> list[Earlier]:
    """Every earlier answer a store holds (see `earlier_answers`)."""
    return earlier_answers(workbook, store.answers(), store.earlier_answers(),
                           store.all_earlier_versions())


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


_UNSET: Any = object()


def record_answer(store: Any, workbook: Workbook, exercise_id: str, value: Any,
                  before: Any = _UNSET) -> None:
    """Store a new answer (made from `before`, the value the widget had); the first
    one written in an exercise that changed kind keeps the old answer aside (and
    shown) instead of replacing it."""
    exercise = workbook.exercise(exercise_id)
    old = store.get(exercise_id)
    kind = exercise.kind if exercise is not None else None
    if old is not None and exercise is not None and not fits(exercise.kind, old):
        store.set_earlier(exercise_id, old)
        before = old
    if before is _UNSET:
        store.set(exercise_id, value, kind=kind)
    else:
        store.set(exercise_id, value, kind=kind, before=before)


def remove_earlier(store: Any, workbook: Workbook, exercise_id: str) -> None:
    """The person let an earlier answer go: drop it (and an answer that no longer fits)."""
    exercise = workbook.exercise(exercise_id)
    store.set_earlier(exercise_id, None)
    old = store.get(exercise_id)
    if old is not None and exercise is not None and not fits(exercise.kind, old):
        store.set(exercise_id, None)
