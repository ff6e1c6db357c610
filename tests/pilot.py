"""Helpers for pilot tests: open the app, go to an exercise, reopen.

Most tests start the same way: the real app on the test's own database, at a
terminal size, on a step or at an exercise. The `app_at` fixture
(tests/conftest.py) does that in one line:

    async with app_at(size=(60, 20), exercise=letter) as (app, pilot, widget):
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any, NamedTuple

from textual.pilot import Pilot

from workbook.core.content import Exercise
from workbook.tui.app import WorkbookApp, make_app
from workbook.tui.widgets import widget_class
from workbook.tui.widgets.base import ExerciseWidget


def app_for(db: Path) -> WorkbookApp:
    """The real app on a test database and the shipped content."""
    return make_app(db=db)


class Opened(NamedTuple):
    """What `opened` hands over: the app, its pilot, and the exercise's widget (if asked)."""

    app: WorkbookApp
    pilot: Pilot
    widget: ExerciseWidget | None


@asynccontextmanager
async def opened(db: Path, *, size: tuple[int, int] = (80, 24), step: int | None = None,
                 exercise: Exercise | None = None, answers: dict[str, Any] | None = None,
                 first_run: bool = False, read_only: bool = False) -> AsyncIterator[Opened]:
    """The real app on `db` at `size`: at home, on `step`, or focused on `exercise`.

    A database that does not exist yet is made with the welcome page seen
    (`first_run=True` leaves it absent: the welcome comes first); `answers`
    are stored in it before the app starts.
    """
    from tests.conftest import welcomed
    from tests.widget_story import with_answers

    if answers is not None:
        with_answers(db, answers)
    elif not first_run and not db.exists():
        welcomed(db)
    app = make_app(db=db, read_only=read_only)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        widget = None
        if exercise is not None:
            widget = await open_exercise(pilot, exercise)
        elif step is not None:
            await open_step(pilot, step)
        yield Opened(app, pilot, widget)


async def open_step(pilot: Pilot, number: int) -> None:
    """From home, open step `number` with its digit; wait for its first focus and scroll."""
    await pilot.press(str(number % 10))
    await pilot.pause()
    await pilot.app.screen.settled.wait()
    await pilot.wait_for_scheduled_animations()


async def open_exercise(pilot: Pilot, exercise: Exercise) -> ExerciseWidget:
    """From home, open the exercise's step with its digit and focus the exercise."""
    app: WorkbookApp = pilot.app  # type: ignore[assignment]
    number = next(s.number for s in app.workbook.steps if exercise in s.exercises)
    await pilot.press(str(number % 10))
    await pilot.pause()
    await app.screen.settled.wait()  # the step's own first focus and scroll are done
    return await focus_exercise(pilot, exercise)


async def focus_exercise(pilot: Pilot, exercise: Exercise) -> ExerciseWidget:
    """On the open step, focus the exercise's first field and bring it into view.

    Several exercises of one step are visited by opening the step once
    (`open_step`) and focusing each in turn: a step is the dearest thing a
    test opens (its hundreds of widgets are styled and laid out).
    """
    app: WorkbookApp = pilot.app  # type: ignore[assignment]
    widget = app.screen.query_one(f"#exercise-{exercise.id}").query_one(widget_class(exercise.kind))
    widget.focus_first()
    await pilot.pause()
    widget.scroll_visible(animate=False)
    await pilot.pause()
    await pilot.wait_for_scheduled_animations()
    return widget


async def burst(pilot: Pilot, *keys: str) -> None:
    """Press `keys` as a terminal delivers a paste or a laggy SSH link: all at once.

    `pilot.press` lets the app go idle after every key, so it never shows what
    happens when keys queue up behind each other; here every key is queued
    before the first one is handled. Then wait until all of them have landed.
    """
    from textual import events
    from textual.keys import _character_to_key

    app: WorkbookApp = pilot.app  # type: ignore[assignment]
    assert app._driver is not None
    for key in keys:
        if len(key) == 1:
            event = events.Key(key if key.isalnum() else _character_to_key(key), key)
        else:
            event = events.Key(key, "\r" if key == "enter" else None)
        app._driver.send_message(event)
    await pilot.pause()
    await app.settle()
    await pilot.pause()


def screen_text(app: WorkbookApp) -> str:
    """Everything visible on the current screen (with modals over it), as plain text."""
    import io

    from rich.console import Console

    width, height = app.size
    console = Console(width=width, height=height, file=io.StringIO(), record=True, legacy_windows=False)
    console.print(
        app.screen._compositor.render_update(full=True, screen_stack=app._background_screens)
    )
    return console.export_text()


async def palette_searched(pilot: Pilot) -> None:
    """Wait until the command palette has finished searching for what was typed."""
    await pilot.pause()
    palette = pilot.app.screen
    await pilot.app.workers.wait_for_complete([w for w in pilot.app.workers if w.node is palette])
    await pilot.pause()


async def from_palette(pilot: Pilot, words: str) -> None:
    """Open the command palette, type `words` and run the first match."""
    await pilot.press("ctrl+p")
    await pilot.pause()
    await pilot.press(*words)
    await palette_searched(pilot)
    await pilot.press("enter")
    await pilot.pause()


def in_fresh_interpreter(db: Path, steps: str) -> str:
    """Run `steps` (lines of a pilot script, `app`, `pilot` and `sys` at hand) in a new
    Python with the app open at home on `db`; return what it printed.

    For what a test process cannot show: which modules a screen pulls in.
    """
    import subprocess
    import sys
    import textwrap

    code = (
        "import asyncio, json, sys\n"
        "from workbook.tui.app import make_app\n"
        "from workbook.core.storage import AnswerStore\n"
        f"db = {str(db)!r}\n"
        "store = AnswerStore(db); store.set_setting('welcomed', True); store.save(); store.close()\n"
        "async def main():\n"
        "    app = make_app(db=db)\n"
        "    async with app.run_test(size=(80, 24)) as pilot:\n"
        f"{textwrap.indent(textwrap.dedent(steps), ' ' * 8)}\n"
        "asyncio.run(main())\n"
    )
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True).stdout


def drawn_lines_holding(word: str) -> int:
    """How many drawn lines (`Strip`s) still alive anywhere hold `word`."""
    import gc

    from textual.strip import Strip

    gc.collect()
    return sum(1 for obj in gc.get_objects() if isinstance(obj, Strip) and word in obj.text)
