"""How many tab presses reach a field: counted once in a pilot run of the same app.

A terminal shows no focus in plain text, so the real-terminal tests ask the
real app (the same content, a copy of the same database) how far the field
is, instead of hard-coding counts that would break when a widget changes.
"""

from __future__ import annotations

import asyncio
import shutil
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path

from textual.widget import Widget

from workbook.tui.app import make_app

MAX_TABS = 300

# tmux key names the tests send -> Textual's names for the same keys
TEXTUAL_KEY = {"Space": "space", "Enter": "enter", "Tab": "tab", "BTab": "shift+tab",
               "Escape": "escape", "Up": "up", "Down": "down", "Left": "left", "Right": "right"}


def tabs_to(db: Path, content: Path, step: int | str, target: Callable[[Widget], bool],
            before: Sequence[str] = (), size: tuple[int, int] = (80, 24)) -> int:
    """Tab presses after opening `step` (and pressing `before`) until `target(focused)`.

    `step` is a step number, or a Textual key that opens a screen ("ctrl+o").
    `before` uses tmux key names ("Space", "Enter") or single characters.
    """
    with tempfile.TemporaryDirectory() as folder:
        copy = Path(folder) / "workbook.json"
        if db.exists():
            shutil.copy(db, copy)
        return asyncio.run(_count(copy, content, step, target, list(before), size))


async def _count(db: Path, content: Path, step: int | str, target: Callable[[Widget], bool],
                 before: list[str], size: tuple[int, int]) -> int:
    app = make_app(db=db, content=content)
    async with app.run_test(size=size) as pilot:
        await pilot.press(str(step % 10) if isinstance(step, int) else step)
        await pilot.pause()
        settled = getattr(app.screen, "settled", None)
        if settled is not None:  # a step moves its first focus once drawn: count from there
            await settled.wait()
            await pilot.pause()
        for key in before:
            await pilot.press(TEXTUAL_KEY.get(key, key))
        await pilot.pause()
        for count in range(MAX_TABS):
            if app.focused is not None and target(app.focused):
                return count
            await pilot.press("tab")
            await pilot.pause()
    raise LookupError(f"no field matched on step {step} within {MAX_TABS} tabs")


def inside(exercise_id: str, kind: type[Widget] | None = None,
           widget_id: str | None = None) -> Callable[[Widget], bool]:
    """A target: a field in exercise `exercise_id`, optionally of a class or with an id."""

    def matches(widget: Widget) -> bool:
        if kind is not None and not isinstance(widget, kind):
            return False
        if widget_id is not None and widget.id != widget_id:
            return False
        return any(node.id == f"exercise-{exercise_id}" for node in widget.ancestors)

    return matches
