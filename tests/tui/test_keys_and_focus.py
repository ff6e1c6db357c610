"""Keys go where the person can see: never into a field scrolled out of sight.

Polish round two, items 1 to 5: `]` typed while the focused field was off
screen used to land in that field (and change a saved answer); the view
snapped back to the field after the person scrolled away; with nothing
focused no key scrolled a step; a step opened with the focus far below the
fold; and crossing the feelings took sixteen tabs.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from textual import events
from textual.containers import VerticalScroll
from textual.widgets import TextArea

from tests.conftest import first_of_kind, welcomed
from tests.pilot import app_for, open_exercise, screen_text
from workbook.tui.keep_in_view import out_of_sight
from workbook.tui.screens.home import HomeScreen
from workbook.tui.screens.step import StepScreen


async def wheel_up(pilot, times: int = 30) -> None:
    """Scroll the step up with the mouse wheel, as a person reading back would."""
    body = pilot.app.screen.query_one("#step-body", VerticalScroll)
    region = body.region
    for _ in range(times):
        pilot.app.post_message(events.MouseScrollUp(
            None, region.x + 2, region.y + 2, 0, -1, 0, False, False, False,
            screen_x=region.x + 2, screen_y=region.y + 2))
    await pilot.pause()
    await pilot.wait_for_scheduled_animations()


async def test_a_key_never_types_into_a_field_scrolled_out_of_sight(db: Path, workbook) -> None:
    letter = first_of_kind(workbook, "letter")
    app = app_for(welcomed(db))
    async with app.run_test(size=(80, 24)) as pilot:
        widget = await open_exercise(pilot, letter)
        body = widget.query_one("#body", TextArea)
        body.focus()
        await pilot.pause()
        await pilot.press(*"Dear me")
        await pilot.pause()
        assert body.text == "Dear me"
        step = app.screen
        await wheel_up(pilot)
        assert out_of_sight(body), "the wheel took the letter out of sight"
        await pilot.press("x", "]")
        await pilot.pause()
        assert body.text == "Dear me", "a key reached a letter the person could not see"
        assert isinstance(app.screen, StepScreen) and app.screen.step.number == step.step.number + 1
        assert app.store.get(letter.id)["body"] == "Dear me"


async def test_scrolling_away_from_a_field_is_not_undone_by_the_next_key(db: Path, workbook) -> None:
    letter = first_of_kind(workbook, "letter")
    app = app_for(welcomed(db))
    async with app.run_test(size=(80, 24)) as pilot:
        widget = await open_exercise(pilot, letter)
        widget.query_one("#body", TextArea).focus()
        await pilot.pause()
        await wheel_up(pilot)
        scroll = app.screen.query_one("#step-body", VerticalScroll)
        where = scroll.scroll_y
        await pilot.press("left")  # a key that does not scroll
        await pilot.pause()
        await pilot.wait_for_scheduled_animations()
        assert scroll.scroll_y == where, "the view was pulled back to the field"
        await pilot.press("down")  # the step's own key: it reads on from there
        await pilot.pause()
        await pilot.wait_for_scheduled_animations()
        assert where < scroll.scroll_y <= where + 2


async def test_with_nothing_focused_keys_scroll_the_step_and_one_escape_goes_home(db: Path) -> None:
    app = app_for(welcomed(db))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("1")
        await pilot.pause()
        await app.screen.settled.wait()
        app.screen.set_focus(None)
        scroll = app.screen.query_one("#step-body", VerticalScroll)
        assert scroll.scroll_y == 0
        await pilot.press("pagedown")
        await pilot.pause()
        assert scroll.scroll_y > 0, "page down did not scroll the step"
        await pilot.press("down")
        after_down = scroll.scroll_y
        await pilot.press("up", "up")
        await pilot.pause()
        assert scroll.scroll_y < after_down
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)


@pytest.mark.parametrize("size", [(80, 24), (60, 20)], ids=["80x24", "60x20"])
async def test_every_step_opens_at_its_top_with_no_focus_below_the_fold(
        app_at, size: tuple[int, int]) -> None:
    async with app_at(size=size) as (app, pilot, _):
        for number in range(1, 11):
            app.open_step(number)
            await pilot.pause()
            await app.screen.settled.wait()
            await pilot.pause()
            assert app.screen.query_one("#step-body", VerticalScroll).scroll_y == 0
            focused = app.focused
            assert focused is None or not out_of_sight(focused), (number, size, focused)


async def test_the_feelings_are_one_tab_stop_and_the_arrows_move_within(db: Path, workbook) -> None:
    from workbook.tui.widgets.feelings_checkin import FeelingBox

    exercise = first_of_kind(workbook, "checkin")
    app = app_for(welcomed(db))
    async with app.run_test(size=(80, 24)) as pilot:
        widget = await open_exercise(pilot, exercise)
        boxes = list(widget.query(FeelingBox))
        assert len(boxes) > 8
        assert app.focused is boxes[0]
        await pilot.press("right")
        assert app.focused is boxes[1]
        await pilot.press("down")
        columns = int(widget.query_one("#emotions").styles.grid_size_columns or 1)
        assert app.focused is boxes[1 + columns]
        await pilot.press("tab")
        assert app.focused not in boxes, "one tab leaves the feelings"
        assert app.focused is widget.query_one("#own")
        await pilot.press("shift+tab")
        assert app.focused is boxes[1 + columns], "shift+tab comes back to the same feeling"


async def test_in_a_browser_ctrl_t_is_neither_offered_nor_listed(
        app_at, workbook, monkeypatch) -> None:
    """A browser keeps ctrl+t for a new tab, and has no terminal to lend an editor."""
    from workbook.tui.app import WorkbookApp

    letter = first_of_kind(workbook, "letter")
    async with app_at(exercise=letter, size=(160, 40)) as (app, pilot, widget):
        widget.query_one(TextArea).focus()
        await pilot.pause()
        assert "Own editor" in screen_text(app).splitlines()[-1]  # in a terminal: offered
        monkeypatch.setattr(WorkbookApp, "is_web", property(lambda self: True))
        app.screen.refresh_bindings()
        await pilot.pause()
        assert "Own editor" not in screen_text(app).splitlines()[-1]
        await pilot.press("f1")
        await pilot.pause()
        assert "ctrl+t" not in screen_text(app)
