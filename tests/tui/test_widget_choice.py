"""Single and multiple choices (kind `choice`), with "something else" in the person's words."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Input

from tests.conftest import first_of_kind
from tests.pilot import open_exercise
from tests.widget_story import shown, with_answer
from workbook.core.content import Exercise, Workbook
from workbook.tui.widgets.choice_picker import ChoicePicker
from workbook.tui.widgets.tick_list import TickList


def first_choice(workbook: Workbook, *, multiple: bool) -> Exercise:
    """The first single (or multiple) choice exercise with an "other" field."""
    return next(
        ex
        for ex in workbook.exercises
        if ex.kind == "choice" and ex.multiple == multiple and ex.other
    )


def marked(screen: str, label: str) -> str:
    """The mark shown before an option's label: "( )", "(•)", "[ ]" or "[x]"."""
    line = next(line for line in screen.splitlines() if label in line)
    before = line[: line.index(label)].rstrip()
    return before[-3:]


async def test_a_single_choice_and_other_words_are_there_after_a_restart(
    app_at, workbook
) -> None:
    exercise = first_of_kind(workbook, "choice")
    assert not exercise.multiple and exercise.other
    first, second = exercise.options[0], exercise.options[1]
    async with app_at(exercise=exercise) as (app, pilot, widget):
        options = widget.query_one("#options", TickList)
        assert app.focused is options
        screen = await shown(pilot, widget)
        assert all(marked(screen, o.label) == "( )" for o in exercise.options)
        await pilot.press("space")
        assert marked(await shown(pilot, widget), first.label) == "(•)"
        await pilot.press("down", "enter")  # choosing another replaces the first
        screen = await shown(pilot, widget)
        assert marked(screen, first.label) == "( )" and marked(screen, second.label) == "(•)"
        await pilot.press("tab")  # tab leaves the options for the free text
        assert app.focused is widget.query_one("#other", Input)
        await pilot.press(*"a bit numb")
        assert "a bit numb" in await shown(pilot, widget)
        await pilot.press("ctrl+q")

    expected = {"selected": [second.id], "other": "a bit numb"}
    async with app_at(exercise=exercise) as (app, pilot, widget):
        screen = await shown(pilot, widget)
        assert marked(screen, second.label) == "(•)" and marked(screen, first.label) == "( )"
        assert widget.query_one("#other", Input).value == "a bit numb"
        assert app.store.get(exercise.id) == expected
        await pilot.press("ctrl+q")


async def test_choosing_the_chosen_option_again_clears_it(app_at, db: Path, workbook) -> None:
    exercise = first_of_kind(workbook, "choice")
    first = exercise.options[0]
    with_answer(db, exercise.id, {"selected": [first.id], "other": ""})
    async with app_at(exercise=exercise) as (app, pilot, widget):
        assert marked(await shown(pilot, widget), first.label) == "(•)"
        await pilot.press("space")
        screen = await shown(pilot, widget)
        assert "(•)" not in screen
        await pilot.press("ctrl+q")
    async with app_at() as (app, pilot, _):
        assert app.store.get(exercise.id) == {"selected": [], "other": ""}
        await pilot.press("ctrl+q")


async def test_several_can_be_ticked_and_unticked_in_a_multiple_choice(app_at, workbook) -> None:
    exercise = first_choice(workbook, multiple=True)
    a, b, c = exercise.options[:3]
    async with app_at(exercise=exercise) as (app, pilot, widget):
        # Tick the third, then the first, then the second; untick the third.
        await pilot.press("down", "down", "space", "up", "up", "space", "down", "enter")
        await pilot.press("down", "space")
        screen = await shown(pilot, widget)
        assert [marked(screen, o.label) for o in (a, b, c)] == ["[x]", "[x]", "[ ]"]
        await pilot.press("ctrl+q")
    async with app_at(exercise=exercise) as (app, pilot, widget):
        screen = await shown(pilot, widget)
        assert [marked(screen, o.label) for o in (a, b, c)] == ["[x]", "[x]", "[ ]"]
        # Saved in the content's order, not the order they were ticked.
        assert app.store.get(exercise.id) == {"selected": [a.id, b.id], "other": ""}
        await pilot.press("ctrl+q")


async def test_a_click_ticks_and_a_second_click_unticks(app_at, workbook) -> None:
    exercise = first_choice(workbook, multiple=True)
    option = exercise.options[1]
    async with app_at(exercise=exercise) as (app, pilot, widget):
        options = widget.query_one("#options", TickList)
        await shown(pilot, options)
        row = options.content_region.y - options.region.y + 1
        assert await pilot.click(options, offset=(6, row))
        assert app.store.get(exercise.id) == {"selected": [option.id], "other": ""}
        assert await pilot.click(options, offset=(6, row))
        assert app.store.get(exercise.id) == {"selected": [], "other": ""}
        await pilot.press("ctrl+q")


async def test_other_words_alone_are_kept_and_can_be_cleared(app_at, workbook) -> None:
    exercise = first_of_kind(workbook, "choice")
    async with app_at(exercise=exercise) as (app, pilot, widget):
        widget.query_one("#other", Input).focus()
        await pilot.press(*"hard to say")
        assert app.store.get(exercise.id) == {"selected": [], "other": "hard to say"}
        await pilot.press(*["backspace"] * len("hard to say"))
        assert app.store.get(exercise.id) == {"selected": [], "other": ""}
        await pilot.press("ctrl+q")


async def test_read_only_shows_the_choice_but_keys_change_nothing(
    app_at, db: Path, workbook
) -> None:
    exercise = first_of_kind(workbook, "choice")
    first = exercise.options[0]
    saved = {"selected": [first.id], "other": "mine"}
    with_answer(db, exercise.id, saved)
    async with app_at(exercise=exercise, read_only=True) as (app, pilot, widget):
        assert widget.query_one("#options", TickList).disabled
        assert widget.query_one("#other", Input).disabled
        await pilot.press("down", "space", *"xyz")
        screen = await shown(pilot, widget)
        assert marked(screen, first.label) == "(•)"
        assert app.store.get(exercise.id) == saved
        await pilot.press("ctrl+q")


async def test_opening_an_unanswered_choice_stores_nothing(app_at, workbook) -> None:
    exercise = first_of_kind(workbook, "choice")
    async with app_at(exercise=exercise) as (app, pilot, widget):
        assert "(•)" not in await shown(pilot, widget)
        await pilot.press("down", "tab")
        await pilot.press("ctrl+q")
    async with app_at() as (app, pilot, _):
        assert app.store.get(exercise.id) is None
        await pilot.press("ctrl+q")


@pytest.mark.parametrize("bad", ["shock", ["shock"], {"selected": "shock", "other": 3}, 4])
async def test_a_malformed_saved_choice_opens_as_unanswered(
    app_at, db: Path, workbook, bad
) -> None:
    exercise = first_of_kind(workbook, "choice")
    with_answer(db, exercise.id, bad)
    async with app_at(exercise=exercise) as (app, pilot, widget):
        assert isinstance(widget, ChoicePicker)
        assert "(•)" not in await shown(pilot, widget)
        assert widget.query_one("#other", Input).value == ""
        await pilot.press("enter")
        assert app.store.get(exercise.id) == {"selected": [exercise.options[0].id], "other": ""}
        await pilot.press("ctrl+q")


async def test_an_option_the_content_no_longer_has_stays_saved(app_at, db: Path, workbook) -> None:
    exercise = first_choice(workbook, multiple=True)
    with_answer(db, exercise.id, {"selected": ["retired-option"], "other": ""})
    async with app_at() as (app, pilot, _):
        await open_exercise(pilot, exercise)
        await pilot.press("space")
        assert app.store.get(exercise.id) == {
            "selected": [exercise.options[0].id, "retired-option"],
            "other": "",
        }
        await pilot.press("ctrl+q")
