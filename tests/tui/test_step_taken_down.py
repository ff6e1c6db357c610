"""A step taken down while it is still being drawn (the lock under load, a fast
escape over a slow link) ends quietly: no widget trips over its parts gone."""

from __future__ import annotations

import asyncio

import pytest

from workbook.tui.screens.home import HomeScreen
from workbook.tui.widgets.base import ExerciseWidget


@pytest.mark.parametrize("step", range(1, 11))
async def test_a_step_closed_while_its_exercises_mount_leaves_home_working(app_at, step):
    async with app_at(size=(80, 24)) as (app, pilot, _):
        app.open_step(step)
        # Catch the moment an exercise is in the screen but not yet mounted.
        for _ in range(10_000):
            waiting = [w for w in app.screen.query(ExerciseWidget) if not w.is_mounted]
            if waiting:
                break
            await asyncio.sleep(0)
        assert waiting, "no exercise was caught on its way in"
        app.pop_screen()
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        app.open_step(step)  # and it still opens whole
        await pilot.pause()
        assert app.screen.step.number == step
    assert app._exception is None
