"""Small terminals and plain looks: 60x20 still works; themes and NO_COLOR stay legible."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import welcomed
from tests.pilot import screen_text
from workbook.core.content import Workbook
from workbook.tui.app import make_app
from workbook.tui.screens.hide import HideScreen
from workbook.tui.screens.step import StepScreen
from workbook.tui.widgets.exercise_card import ExerciseCard


@pytest.mark.parametrize("size", [(60, 20), (80, 24)], ids=["60x20", "80x24"])
async def test_every_step_opens_at_its_heading_and_tab_reaches_the_first_field_in_view(
    db: Path, content: Path, book: Workbook, size: tuple[int, int]
) -> None:
    """A step opens at its top with its heading in sight; no field out of sight
    holds the focus, and tab goes to the first field, brought into view."""
    app = make_app(db=welcomed(db), content=content)
    async with app.run_test(size=size) as pilot:
        assert app.has_class("-compact") == (size == (60, 20))
        for step in book.steps:
            await pilot.press(str(step.number % 10))
            await pilot.pause()
            assert isinstance(app.screen, StepScreen)
            await app.screen.settled.wait()
            heading = f"Step {step.number}. {step.title}"
            for _ in range(50):  # until the settled view is drawn
                if heading in screen_text(app):
                    break
                await pilot.pause(0.05)
            lines = screen_text(app).splitlines()
            assert f"Step {step.number} of {len(book.steps)}" in lines[0]
            assert any(f"Step {step.number}. {step.title}" in line for line in lines[1:4]), (
                f"step {step.number} opened with its heading off screen")
            if app.focused is None:
                await pilot.press("tab")
                await pilot.pause()
                await pilot.wait_for_scheduled_animations()
            focused = app.focused
            assert focused is not None, f"step {step.number}: tab focused nothing"
            first_card = app.screen.query(ExerciseCard).first()
            assert first_card in focused.ancestors, f"step {step.number}: focus not in the first exercise"
            region = focused.region
            screen = app.screen.region
            assert region.height > 0 and screen.contains_region(region.intersection(screen))
            assert region.y >= 1 and region.y < size[1] - 1, f"step {step.number}: field off screen"
            await pilot.press("escape")
            await pilot.press("escape")
            await pilot.pause()


async def test_resizing_switches_the_compact_layout_both_ways(db: Path, content: Path) -> None:
    app = make_app(db=welcomed(db), content=content)
    async with app.run_test(size=(80, 24)) as pilot:
        assert not app.has_class("-compact")
        await pilot.resize_terminal(60, 20)
        await pilot.pause()
        assert app.has_class("-compact")
        await pilot.resize_terminal(100, 30)
        await pilot.pause()
        assert not app.has_class("-compact")


async def test_high_contrast_theme_exists_and_is_remembered(db: Path, content: Path) -> None:
    app = make_app(db=welcomed(db), content=content)
    async with app.run_test(size=(80, 24)) as pilot:
        assert "workbook-high-contrast" in app.available_themes
        app.theme = "workbook-high-contrast"
        await pilot.pause()
        assert app.has_class("-high-contrast")
        await pilot.press("ctrl+q")
    app = make_app(db=db, content=content)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert app.theme == "workbook-high-contrast"
        assert app.has_class("-high-contrast")
        app.theme = "textual-light"
        await pilot.pause()
        assert not app.has_class("-high-contrast")
        await pilot.press("ctrl+q")
    app = make_app(db=db, content=content)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert app.theme == "textual-light"


async def test_quick_hide_blocks_every_shortcut_until_a_key_lifts_it(
    db: Path, content: Path
) -> None:
    app = make_app(db=welcomed(db), content=content)
    async with app.run_test(size=(80, 24)) as pilot:
        home = app.screen
        for key in ("ctrl+o", "f1", "ctrl+p", "ctrl+g", "ctrl+s", "ctrl+t", "tab", "x"):
            await pilot.press("ctrl+b")
            await pilot.pause()
            assert isinstance(app.screen, HideScreen)
            text = " ".join(screen_text(app).split())
            assert text == "Press any key to continue."
            await pilot.press(key)
            await pilot.pause()
            assert app.screen is home, f"{key} should only lift the cover"
