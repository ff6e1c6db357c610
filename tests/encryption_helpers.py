"""Helpers for the encryption tests: a workbook written in over a few sessions."""

from __future__ import annotations

from pathlib import Path

from workbook.core.content import Workbook
from workbook.core.storage import AnswerStore


def make_workbook(db: Path, workbook: Workbook, *, sessions: int = 2) -> tuple[list[str], list[str]]:
    """Write answers over `sessions` sessions (each after the first makes a backup).

    Returns the words typed and the exercise ids answered, to look for on disk.
    """
    exercises = [exercise for exercise in workbook.exercises if exercise.kind == "text"][:6]
    words: list[str] = []
    for session in range(sessions):
        store = AnswerStore(db)
        for n, exercise in enumerate(exercises):
            word = f"marmalade{session}x{n}"
            words.append(word)
            store.set(exercise.id, {exercise.fields[0].id: f"I still think of the {word} mornings"})
        store.save()
        store.close()
    return words, [exercise.id for exercise in exercises]
