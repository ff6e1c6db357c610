"""How many tab presses reach a field: counted once in a pilot run of the same app.

A terminal shows no focus in plain text, so the real-terminal tests ask the
real app (the same content, a copy of the same database) how far the field
is, instead of hard-coding counts that would break when a widget changes.

The pilot run walks the screen's focus chain with `focus_next`, which is
all the app's tab does (`FocusKeeper.move`), without drawing between steps:
a pressed and drawn tab costs a tenth of a second of CPU, and the biggest
test counted a hundred of them. If a count were ever wrong, the keys after
it would land in another field and the terminal test's own check of what
was saved fails, showing the screen.

Many tests ask the same question (the same field, from a fresh database), so
each test process remembers the answers, keyed by everything the count
depends on: the content's bytes, the answers and settings in the database,
the step, the keys pressed first, the terminal's size and the target.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import shutil
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from textual.widget import Widget

from workbook.tui.app import make_app

MAX_TABS = 300

# tmux key names the tests send -> Textual's names for the same keys
TEXTUAL_KEY = {"Space": "space", "Enter": "enter", "Tab": "tab", "BTab": "shift+tab",
               "Escape": "escape", "Up": "up", "Down": "down", "Left": "left", "Right": "right"}

_counted: dict[tuple[object, ...], int] = {}


def tabs_to(db: Path, content: Path, step: int | str, target: Callable[[Widget], bool],
            before: Sequence[str] = (), size: tuple[int, int] = (80, 24)) -> int:
    """Tab presses after opening `step` (and pressing `before`) until `target(focused)`.

    `step` is a step number, or a Textual key that opens a screen ("ctrl+o").
    `before` uses tmux key names ("Space", "Enter") or single characters.
    A `Field` target (from `inside` or `field`) is remembered; any other callable
    is counted afresh every time.
    """
    key = None
    if isinstance(target, Field):
        key = (_content_key(content), _stored_key(db), step, tuple(before), size, target)
        if key in _counted:
            return _counted[key]
    with tempfile.TemporaryDirectory() as folder:
        copy = Path(folder) / "workbook.json"
        if db.exists():
            shutil.copy(db, copy)
        count = asyncio.run(_count(copy, content, step, target, list(before), size))
    if key is not None:
        _counted[key] = count
    return count


def _content_key(content: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(Path(content).rglob("*")):
        if path.is_file():
            digest.update(str(path.relative_to(content)).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def _stored_key(db: Path) -> str | None:
    """The database's answers and settings (not its stamps), or None when it is absent."""
    if not db.exists():
        return None
    data = json.loads(db.read_text(encoding="utf-8"))
    return json.dumps({name: data.get(name) for name in ("answers", "settings")}, sort_keys=True)


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
            app.screen.focus_next()
    raise LookupError(f"no field matched on step {step} within {MAX_TABS} tabs")


@dataclass(frozen=True)
class Field:
    """A target: a widget of a class and/or with an id, anywhere or inside one exercise."""

    exercise_id: str | None = None
    kind: type[Widget] | None = None
    widget_id: str | None = None

    def __call__(self, widget: Widget) -> bool:
        if self.kind is not None and not isinstance(widget, self.kind):
            return False
        if self.widget_id is not None and widget.id != self.widget_id:
            return False
        return self.exercise_id is None or any(
            node.id == f"exercise-{self.exercise_id}" for node in widget.ancestors)


def inside(exercise_id: str, kind: type[Widget] | None = None,
           widget_id: str | None = None) -> Field:
    """A target: a field in exercise `exercise_id`, optionally of a class or with an id."""
    return Field(exercise_id, kind, widget_id)


def field(kind: type[Widget], widget_id: str) -> Field:
    """A target anywhere on the screen: the `kind` widget with this id."""
    return Field(None, kind, widget_id)
