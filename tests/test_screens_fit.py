"""Every screen fits 60x20 and 80x24: nothing important off screen or cut."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import welcomed
from tests.pilot import screen_text
from workbook.app import make_app
from workbook.content import Workbook
from workbook.screens.page import PageScreen

SIZES = pytest.mark.parametrize("size", [(60, 20), (80, 24)], ids=["60x20", "80x24"])


@SIZES
async def test_the_welcome_shows_its_button_says_enter_works_and_reads_to_its_end(
    db: Path, workbook: Workbook, size: tuple[int, int]
) -> None:
    app = make_app(db=db)  # a first run: the welcome comes first
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, PageScreen)
        text = screen_text(app)
        assert "Carry on" in text and "Enter carries on." in text
        last_words = workbook.pages["welcome"].body.replace("*", "").split()[-1]
        for _ in range(20):  # the arrow keys read on while the button keeps the focus
            await pilot.press("down")
        assert last_words in screen_text(app)
        assert "Carry on" in screen_text(app)
        await pilot.press("enter")
        await pilot.pause()
        assert not isinstance(app.screen, PageScreen)
        assert "Press a number to open a step" in " ".join(screen_text(app).split())


@SIZES
async def test_the_export_screen_shows_its_buttons_and_whole_choices(
    db: Path, size: tuple[int, int]
) -> None:
    app = make_app(db=welcomed(db))
    async with app.run_test(size=size) as pilot:
        await pilot.press("ctrl+o")
        await pilot.pause()
        lines = screen_text(app).splitlines()
        buttons = next((line for line in lines if "Back" in line and "Export" in line), "")
        assert buttons, "the Back and Export buttons are below the dialog"
        # the button's frame is drawn below its label, so the label is not the last row
        assert lines.index(buttons) < size[1] - 2
        text = "\n".join(lines)
        assert "…" not in text, "a choice is cut short"
        for label in ("Markdown", "HTML", "JSON", "Include exercises", "A blank workbook"):
            assert label in text
