"""The screens we take pictures of: shared by snapshot tests and screenshots/regenerate.py."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from unittest import mock

from textual.pilot import Pilot

from workbook.core import clock
from workbook.core.content import Exercise, Workbook
from workbook.core.content.kinds import KINDS
from workbook.tui.app import WorkbookApp
from workbook.tui.widgets import widget_class
from workbook.tui.widgets.tick_list import TickList

# Every picture is taken at this moment, with exports offered in the home folder,
# shown as `~`: no picture holds today's date or a folder of the machine it was made on.
PICTURE_TIME = datetime(2026, 11, 27, 14, 2, tzinfo=UTC)


@contextmanager
def still_life() -> Iterator[None]:
    """Pictures repeat exactly: a steady cursor, one theme, a stopped clock, no real paths."""
    steady, WorkbookApp.STEADY = WorkbookApp.STEADY, True
    clock.pin(PICTURE_TIME)
    try:
        with mock.patch("workbook.tui.screens.export.default_folder", side_effect=Path.home):
            yield
    finally:
        clock.pin(None)
        WorkbookApp.STEADY = steady


@dataclass(frozen=True)
class Scene:
    """A named screen and the keys that reach it from home."""

    name: str
    description: str
    run_before: Callable[[Pilot], Awaitable[None]]
    # False to leave a scene out of the snapshot tests (README screenshot only).
    stable: bool = True


def _keys(*keys: str) -> Callable[[Pilot], Awaitable[None]]:
    async def run(pilot: Pilot) -> None:
        await pilot.press(*keys)
        await pilot.pause()
        settled = getattr(pilot.app.screen, "settled", None)
        if settled is not None:
            await settled.wait()
            await pilot.pause()
        await pilot.wait_for_scheduled_animations()

    return run


async def layout_still(pilot: Pilot, frames: int = 3) -> None:
    """Wait until every widget keeps its place and size for `frames` frames in a row."""
    screen = pilot.app.screen

    def layout() -> list[object]:
        return [(widget.region, widget.scroll_offset) for widget in screen.walk_children(with_self=True)]

    last, still = layout(), 0
    for _ in range(200):  # a guard: a layout that never settles is for the picture to show
        await pilot.pause(1 / 60)
        now = layout()
        still = still + 1 if now == last else 0
        if still >= frames:
            return
        last = now


def _at_exercise(workbook: Workbook, exercise: Exercise) -> Callable[[Pilot], Awaitable[None]]:
    """Open the exercise's step, focus the exercise and scroll its card to the top."""
    number = next(s.number for s in workbook.steps if exercise in s.exercises)
    kind = exercise.kind

    async def run(pilot: Pilot) -> None:
        await pilot.press(str(number % 10))
        await pilot.pause()
        await pilot.app.screen.settled.wait()
        card = pilot.app.screen.query_one(f"#exercise-{exercise.id}")
        widget = card.query_one(widget_class(kind))
        widget.focus_first()
        # Soft-wrapped editors settle their height a frame or two later.
        await layout_still(pilot)
        card.scroll_visible(animate=False, top=True)
        await pilot.wait_for_scheduled_animations()
        await layout_still(pilot)

    return run


def _exercise_scene(workbook: Workbook, kind: str) -> Scene:
    exercise = next(ex for ex in workbook.exercises if ex.kind == kind)
    number = next(s.number for s in workbook.steps if exercise in s.exercises)
    return Scene(
        f"kind-{kind}",
        f"Step {number} scrolled to its {kind} exercise \"{exercise.title}\", focused, with sample answers.",
        _at_exercise(workbook, exercise),
    )


async def _search(pilot: Pilot) -> None:
    await pilot.press("ctrl+f", *"we")
    screen = pilot.app.screen
    for _ in range(200):  # the index is built off the UI thread
        await pilot.pause(0.02)
        if getattr(screen, "index", None) is not None and screen.hits:
            break
    await pilot.pause()


def _note_scene(workbook: Workbook) -> Scene:
    exercise = next(ex for ex in workbook.exercises if ex.involves_ex and ex.step_id != "reflect")
    number = next(s.number for s in workbook.steps if exercise in s.exercises)
    return Scene(
        "involves-ex-note",
        f"Step {number} at \"{exercise.title}\": the note before it (skip this if they hurt, "
        "frightened or controlled you; ctrl+g), then its intro and the exercise.",
        _at_exercise(workbook, exercise),
    )


async def _saved(pilot: Pilot) -> None:
    """Save now and wait for it: the picture never depends on the autosave's timing."""
    await pilot.press("ctrl+s")
    for _ in range(200):
        if not pilot.app.store.dirty and pilot.app.save_state.startswith("Saved"):
            return
        await pilot.pause(0.05)
    raise AssertionError(f"the save never finished: {pilot.app.save_state!r}")


def _urgent_scene(workbook: Workbook) -> Scene:
    exercise = next(ex for ex in workbook.exercises if ex.urgent_ids)
    entries = exercise.items or exercise.options
    urgent = next(index for index, entry in enumerate(entries) if entry.urgent)
    scroll = _at_exercise(workbook, exercise)

    async def run(pilot: Pilot) -> None:
        await scroll(pilot)
        card = pilot.app.screen.query_one(f"#exercise-{exercise.id}")
        card.query_one(TickList).highlighted = urgent
        await pilot.press("space")
        await _saved(pilot)  # the tick is saved, so the top bar always reads "Saved"
        card.query_one("#urgent-panel").scroll_visible(animate=False, top=True)
        await pilot.pause()
        await pilot.wait_for_scheduled_animations()

    return Scene("urgent-panel", "The urgent item ticked: the day it was answered, and under "
                 "it the calm words, what to do in the next few minutes, the emergency, crisis "
                 "and anywhere-else lines, ctrl+g and a Close button.", run)


def scenes(workbook: Workbook) -> list[Scene]:
    """Every screen worth a picture."""
    return [
        Scene("home", "Home: the ten steps; 1, 2, 4, 8 and 9 say \"written in\" (no score, no "
              "share of the whole), and the line counts the exercises written in.", _keys()),
        Scene("step", "Step 1 as it opens: its heading and guidance, nothing focused (tab goes to the first field).", _keys("1")),
        *(_exercise_scene(workbook, kind) for kind in KINDS),
        Scene("keys", "The keys help over the home screen.", _keys("f1")),
        _note_scene(workbook),
        _urgent_scene(workbook),
        Scene("need-help", "Need help now: calm words, then the lines from the data grouped "
              "(emergencies first), what to do in the next few minutes, then the safety plan "
              "(what matters most first).", _keys("ctrl+g")),
        Scene("export", "The export screen, offering a file named for the day in your folder.",
              _keys("ctrl+o")),
        Scene("search", "Search (ctrl+f) for \"we\": each match with its step, exercise and "
              "where, and a snippet with the match marked.", _search),
        # Words per week count letters by the day they were saved: the pinned day.
        Scene("journey", "Your journey: each feeling over the check-ins, picked in a list, "
              "then each re-rated scale.", _keys("j")),
    ]
