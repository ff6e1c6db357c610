"""The screens we take pictures of: shared by snapshot tests and screenshots/regenerate.py."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from textual.pilot import Pilot

from workbook.content import Workbook
from workbook.content.kinds import KINDS
from workbook.widgets import widget_class


@dataclass(frozen=True)
class Scene:
    """A named screen and the keys that reach it from home."""

    name: str
    description: str
    run_before: Callable[[Pilot], Awaitable[None]]
    # False where the picture holds today's date or this machine's folders.
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


def _exercise_scene(workbook: Workbook, kind: str) -> Scene:
    exercise = next(ex for ex in workbook.exercises if ex.kind == kind)
    number = next(s.number for s in workbook.steps if exercise in s.exercises)

    async def run(pilot: Pilot) -> None:
        await pilot.press(str(number % 10))
        await pilot.pause()
        await pilot.app.screen.settled.wait()
        card = pilot.app.screen.query_one(f"#exercise-{exercise.id}")
        widget = card.query_one(widget_class(kind))
        widget.focus_first()
        await pilot.pause()
        # Soft-wrapped editors settle their height a frame or two later.
        await pilot.pause(0.2)
        card.scroll_visible(animate=False, top=True)
        await pilot.pause()
        await pilot.wait_for_scheduled_animations()
        await pilot.pause(0.2)

    return Scene(
        f"kind-{kind}",
        f"Step {number} scrolled to its {kind} exercise \"{exercise.title}\", focused, with sample answers.",
        run,
    )


def scenes(workbook: Workbook) -> list[Scene]:
    """Every screen worth a picture."""
    return [
        Scene("home", "Home: the ten steps with progress; steps 1, 2, 4 and 9 are complete.", _keys()),
        Scene("step", "Step 1 as it opens: guidance, then the first exercise focused.", _keys("1")),
        *(_exercise_scene(workbook, kind) for kind in KINDS),
        Scene("keys", "The keys help over the home screen.", _keys("f1")),
        Scene("need-help", "Need help now: real crisis lines, then the safety plan.", _keys("ctrl+g")),
        Scene("export", "The export screen.", _keys("ctrl+o"), stable=False),
        # Words per week count letters by the day they were saved: today.
        Scene("journey", "Your journey: each feeling over the check-ins, picked in a list, "
              "then each re-rated scale.", _keys("j"), stable=False),
    ]
