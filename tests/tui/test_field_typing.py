"""Typing in a one-line field: the text scrolls sideways to follow the cursor, and
the rest of the step is not laid out again for every key (`Field`)."""

from __future__ import annotations

from tests.conftest import first_of_kind
from tests.pilot import burst, screen_text
from workbook.tui.widgets.field import Field

# Wider than any field at 60 columns, and no part of it twice.
LONG = "begin_" + "".join(f"word{number}_" for number in range(10)) + "finish"


async def test_a_long_answer_scrolls_to_follow_the_cursor_both_ways(app_at, workbook) -> None:
    exercise = first_of_kind(workbook, "text")
    async with app_at(size=(60, 20), exercise=exercise) as (app, pilot, _):
        field = app.focused
        assert isinstance(field, Field)
        await burst(pilot, *LONG)  # as a paste, or keys over a slow link
        assert field.value == LONG
        assert field.scroll_x > 0 and field.cursor_position == len(LONG)
        assert "word9_finish" in screen_text(app) and "begin_" not in screen_text(app)
        await pilot.press("home")
        assert field.scroll_x == 0
        assert "begin_word0_" in screen_text(app) and "finish" not in screen_text(app)
        await burst(pilot, "end", *["backspace"] * 30)
        assert field.value == LONG[:-30]
        assert "begin_" in screen_text(app)


async def test_keys_typed_into_a_field_do_not_lay_the_step_out_again(app_at, workbook) -> None:
    exercise = first_of_kind(workbook, "list")
    async with app_at(exercise=exercise) as (app, pilot, _):
        assert isinstance(app.focused, Field)
        layouts: list[object] = []
        app.screen.screen_layout_refresh_signal.subscribe(app, layouts.append)
        await pilot.press(*"a walk by the sea")
        assert app.focused.value == "a walk by the sea"
        # One for the save line's first "Saved 14:02", perhaps; never one a key.
        assert len(layouts) <= 2, len(layouts)
