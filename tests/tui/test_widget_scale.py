"""0 to 10 ratings (kind `scale`): chosen by keys or mouse, cleared, kept across restarts."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import first_of_kind
from tests.pilot import open_exercise
from tests.widget_story import shown, with_answer
from workbook.core.history import current_rating
from workbook.tui.widgets.dates import now_local
from workbook.tui.widgets.rating_scale import RatingScale


def rating_of(app, exercise) -> int | None:
    """The current (latest) rating stored for a scale."""
    return current_rating(app.store.get(exercise.id))


def chosen_marks(screen: str) -> list[str]:
    """The bracketed points on screen, e.g. ["[7]"]."""
    return [f"[{n}]" for n in range(11) if f"[{n}]" in screen]


async def test_a_rating_picked_with_arrows_and_digits_is_there_after_a_restart(
    app_at, workbook
) -> None:
    exercise = first_of_kind(workbook, "scale")
    async with app_at(exercise=exercise) as (app, pilot, widget):
        assert app.focused is widget
        screen = await shown(pilot, widget)
        assert exercise.low in screen and exercise.high in screen
        assert "Not answered yet" in screen and chosen_marks(screen) == []
        await pilot.press("right")  # from unanswered, an arrow starts in the middle
        assert chosen_marks(await shown(pilot, widget)) == ["[5]"]
        await pilot.press("right", "right")
        assert rating_of(app, exercise) == 7
        await pilot.press("3")
        await pilot.press("left")
        screen = await shown(pilot, widget)
        assert chosen_marks(screen) == ["[2]"] and "You chose 2 out of 10" in screen
        await pilot.press("ctrl+q")

    async with app_at(exercise=exercise) as (app, pilot, widget):
        assert chosen_marks(await shown(pilot, widget)) == ["[2]"]
        assert rating_of(app, exercise) == 2
        await pilot.press("ctrl+q")


async def test_end_picks_ten_home_picks_zero_and_arrows_stop_at_the_ends(
    app_at, workbook
) -> None:
    exercise = first_of_kind(workbook, "scale")
    async with app_at(exercise=exercise) as (app, pilot, widget):
        await pilot.press("end", "right")
        assert rating_of(app, exercise) == 10
        assert chosen_marks(await shown(pilot, widget)) == ["[10]"]
        await pilot.press("home", "left")
        assert rating_of(app, exercise) == 0
        assert chosen_marks(await shown(pilot, widget)) == ["[0]"]
        await pilot.press("ctrl+q")


async def test_backspace_takes_back_todays_rating(app_at, db: Path, workbook) -> None:
    exercise = first_of_kind(workbook, "scale")
    with_answer(db, exercise.id, [{"id": "a", "at": now_local(), "rating": 8}])
    async with app_at(exercise=exercise) as (app, pilot, widget):
        assert chosen_marks(await shown(pilot, widget)) == ["[8]"]
        await pilot.press("backspace")
        screen = await shown(pilot, widget)
        assert chosen_marks(screen) == [] and "Not answered yet" in screen
        await pilot.press("ctrl+q")
    async with app_at() as (app, pilot, _):
        assert rating_of(app, exercise) is None
        await pilot.press("ctrl+q")


@pytest.mark.parametrize("point", [0, 4, 10])
async def test_clicking_a_point_chooses_it(app_at, workbook, point: int) -> None:
    exercise = first_of_kind(workbook, "scale")
    async with app_at(exercise=exercise) as (app, pilot, widget):
        await shown(pilot, widget)
        content = widget.content_region
        cell = widget._cell_width()
        x = content.x - widget.region.x + point * cell + cell // 2
        y = content.y - widget.region.y
        assert await pilot.click(widget, offset=(x, y))
        assert rating_of(app, exercise) == point
        assert chosen_marks(await shown(pilot, widget)) == [f"[{point}]"]
        await pilot.press("ctrl+q")


async def test_opening_an_unanswered_scale_stores_nothing(app_at, workbook) -> None:
    exercise = first_of_kind(workbook, "scale")
    async with app_at(exercise=exercise) as (app, pilot, widget):
        await pilot.press("tab", "shift+tab")
        assert app.focused is widget
        await pilot.press("ctrl+q")
    async with app_at() as (app, pilot, _):
        assert app.store.get(exercise.id) is None
        await pilot.press("ctrl+q")


async def test_read_only_shows_the_rating_but_keys_and_clicks_change_nothing(
    app_at, db: Path, workbook
) -> None:
    exercise = first_of_kind(workbook, "scale")
    with_answer(db, exercise.id, 6)
    async with app_at(exercise=exercise, read_only=True) as (app, pilot, widget):
        assert widget.disabled and app.focused is not widget
        widget.action_choose(2)
        widget.action_clear()
        await pilot.click(widget, offset=(3, 1))
        await pilot.press("1", "backspace")
        assert chosen_marks(await shown(pilot, widget)) == ["[6]"]
        assert rating_of(app, exercise) == 6
        await pilot.press("ctrl+q")


@pytest.mark.parametrize("bad", ["7", 11, -1, True, 7.5, {"value": 7}])
async def test_a_malformed_saved_rating_opens_as_unanswered(
    app_at, db: Path, workbook, bad
) -> None:
    exercise = first_of_kind(workbook, "scale")
    with_answer(db, exercise.id, bad)
    async with app_at(exercise=exercise) as (app, pilot, widget):
        assert isinstance(widget, RatingScale) and widget.rating is None
        screen = await shown(pilot, widget)
        assert chosen_marks(screen) == [] and "Not answered yet" in screen
        await pilot.press("9")
        assert rating_of(app, exercise) == 9
        await pilot.press("ctrl+q")


async def test_escape_leaves_the_scale_and_digits_then_do_nothing_to_it(app_at, workbook) -> None:
    exercise = first_of_kind(workbook, "scale")
    async with app_at() as (app, pilot, _):
        await open_exercise(pilot, exercise)
        await pilot.press("4", "escape")
        assert app.focused is None
        await pilot.press("9")
        assert rating_of(app, exercise) == 4
        await pilot.press("ctrl+q")


async def test_re_rating_on_another_day_keeps_the_earlier_rating_with_its_date(
    app_at, db: Path, workbook
) -> None:
    exercise = first_of_kind(workbook, "scale")
    earlier = [
        {"id": "a", "at": "2026-10-01T09:00:00+00:00", "rating": 2},
        {"id": "b", "at": "2026-10-15T09:00:00+00:00", "rating": 4},
    ]
    with_answer(db, exercise.id, earlier)
    async with app_at(exercise=exercise) as (app, pilot, widget):
        screen = await shown(pilot, widget)
        assert chosen_marks(screen) == ["[4]"], "the latest rating is the current one"
        assert "Over time: ▂▄" in screen and "(2 since Thu 01 Oct 2026)" in screen
        await pilot.press("6", "7")  # trying numbers today leaves one entry for today
        saved = app.store.get(exercise.id)
        assert saved[:2] == earlier and [e["rating"] for e in saved] == [2, 4, 7]
        assert saved[2]["at"][:10] == now_local()[:10] and saved[2]["id"]
        screen = await shown(pilot, widget)
        assert "latest 2 4 7" in screen and "(3 since" in screen
        await pilot.press("backspace")  # takes back today's, never an earlier day's
        assert app.store.get(exercise.id) == earlier
        await pilot.press("backspace")
        assert app.store.get(exercise.id) == earlier
        assert chosen_marks(await shown(pilot, widget)) == ["[4]"]
        await pilot.press("ctrl+q")


async def test_a_single_rating_from_before_histories_is_the_first_entry(
    app_at, db: Path, workbook
) -> None:
    exercise = first_of_kind(workbook, "scale")
    with_answer(db, exercise.id, 3)  # the shape an older app saved
    async with app_at(exercise=exercise) as (app, pilot, widget):
        assert chosen_marks(await shown(pilot, widget)) == ["[3]"]
        await pilot.press("8")
        assert [e["rating"] for e in app.store.get(exercise.id)] == [3, 8]
        screen = await shown(pilot, widget)
        assert "before dates were kept" in screen
        await pilot.press("ctrl+q")
