"""Helpers for the per-kind widget stories: seed an answer, read what the screen shows."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textual.pilot import Pilot
from textual.widget import Widget

from tests.pilot import screen_text
from workbook.core.storage import AnswerStore


def with_answer(db: Path, exercise_id: str, value: Any) -> Path:
    """A welcomed database that already holds `value` for one exercise (any shape, even a wrong one)."""
    return with_answers(db, {exercise_id: value})


async def shown(pilot: Pilot, widget: Widget) -> str:
    """Scroll `widget` into view and return the whole screen as plain text."""
    widget.scroll_visible(animate=False, top=True)
    await pilot.pause()
    return screen_text(pilot.app)  # type: ignore[arg-type]


def with_answers(db: Path, answers: dict[str, Any]) -> Path:
    """A welcomed database holding several answers at once."""
    store = AnswerStore(db)
    store.set_setting("welcomed", True)
    for exercise_id, value in answers.items():
        store.set(exercise_id, value)
    store.save()
    store.close()
    return db
