"""The field you are typing in stays on screen after a resize (keys out of sight: test_keys_and_focus.py)."""

from __future__ import annotations

from textual.pilot import Pilot
from textual.widget import Widget

from tests.conftest import first_of_kind
from tests.pilot import open_exercise, screen_text
from workbook.core.content import Workbook
from workbook.tui.app import WorkbookApp


def wholly_on_screen(app: WorkbookApp, widget: Widget) -> bool:
    geometry = app.screen.find_widget(widget)
    return geometry.clip.contains_region(geometry.region)


async def writing_a_letter(pilot: Pilot, workbook: Workbook) -> Widget:
    """Open the first letter and put the cursor in its body."""
    letter = await open_exercise(pilot, first_of_kind(workbook, "letter"))
    body = letter.query_one("#body")
    body.focus()
    await pilot.pause()
    return body


async def test_a_letter_stays_on_screen_through_80x24_60x20_and_back(
    app_at, workbook: Workbook
) -> None:
    async with app_at(size=(80, 24)) as (app, pilot, _):
        body = await writing_a_letter(pilot, workbook)
        await pilot.press(*"Dear you")
        for size in ((60, 20), (80, 24), (60, 20), (80, 24)):
            await pilot.resize_terminal(*size)
            await pilot.pause()
            await pilot.wait_for_scheduled_animations()
            assert app.focused is body
            assert wholly_on_screen(app, body), f"the letter went off screen at {size}"
            assert "Dear you" in screen_text(app)
        await pilot.press(*" again")
        assert "Dear you again" in screen_text(app)


