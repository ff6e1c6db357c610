"""Every screen fits 60x20 and 80x24: nothing important off screen or cut."""

from __future__ import annotations

import pytest

from tests.conftest import step_number_of
from tests.pilot import focus_exercise, open_exercise, open_step, screen_text
from workbook.core.content import Workbook
from workbook.tui.screens.page import PageScreen

SIZES = pytest.mark.parametrize("size", [(60, 20), (80, 24)], ids=["60x20", "80x24"])


@SIZES
async def test_the_welcome_shows_its_button_says_enter_works_and_reads_to_its_end(
    app_at, workbook: Workbook, size: tuple[int, int]
) -> None:
    async with app_at(size=size, first_run=True) as (app, pilot, _):
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
    app_at, size: tuple[int, int]
) -> None:
    async with app_at(size=size) as (app, pilot, _):
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


def footer_line(app) -> str:
    return screen_text(app).splitlines()[-1]


def footer_problem(app) -> str | None:
    """Why the footer is wrong (Need help not first, a key cut), or None."""
    from textual.widgets._footer import FooterKey

    line = footer_line(app)
    if line.split()[:3] != ["^g", "Need", "help"]:
        return f"Need help is not first in {line!r}"
    words = line.replace("▏", " ").split()
    for key in app.screen.query(FooterKey):
        if key.display and key.region.width:
            shown = f"{key.key_display} {key.description}".split()
            if not any(words[i:i + len(shown)] == shown for i in range(len(words))):
                return f"{key.description!r} is cut in {line!r}"
    return None


async def assert_footer_whole(pilot, where: str) -> None:
    """Need help leads the footer, and every key shown is whole (once the
    footer, which redraws itself after each focus change, has settled)."""
    for _ in range(100):
        if footer_problem(pilot.app) is None:
            return
        await pilot.pause(0.05)
    raise AssertionError(f"{where}: {footer_problem(pilot.app)}")


@SIZES
async def test_need_help_leads_the_footer_everywhere_and_no_key_is_cut(
    app_at, workbook: Workbook, size: tuple[int, int]
) -> None:
    from workbook.core.content.kinds import KINDS

    firsts = [next(e for e in workbook.exercises if e.kind == kind) for kind in KINDS]
    async with app_at(size=size) as (app, pilot, _):
        await assert_footer_whole(pilot, "home")
        # Six kinds come first on step 1: each step is opened once, its kinds visited in turn.
        for number in sorted({step_number_of(workbook, e) for e in firsts}):
            await open_step(pilot, number)
            for exercise in (e for e in firsts if step_number_of(workbook, e) == number):
                await focus_exercise(pilot, exercise)
                await pilot.pause()
                await assert_footer_whole(pilot, f"a {exercise.kind} field")
                if exercise.kind == "grid":  # a row of its own, as the walk-through found
                    await pilot.press("enter")
                    await pilot.pause()
                    await assert_footer_whole(pilot, "a new grid row")
            await pilot.press("escape", "escape")
            await pilot.pause()
        await pilot.press("ctrl+g")
        await pilot.pause()
        await assert_footer_whole(pilot, "Need help now")


async def test_shift_tab_on_every_step_stops_only_where_the_focus_shows(
    app_at, workbook: Workbook
) -> None:
    """Each tab stop is a field or a button, never a bare scrolling container
    (on step 10 one sat, unseen, between the first field and "Finish →")."""
    from textual.containers import ScrollableContainer
    from textual.scroll_view import ScrollView  # fields such as TextArea are ScrollViews

    async with app_at() as (app, pilot, _):
        for step in workbook.steps:
            await open_step(pilot, step.number)
            for stop in app.screen.focus_chain:
                bare = isinstance(stop, ScrollableContainer) and not isinstance(stop, ScrollView)
                assert not bare, f"step {step.number}: an invisible stop at {stop!r}"
            if step.number == len(workbook.steps):  # the walk-through's case
                await pilot.press("tab", "shift+tab")  # to the first field, then back round
                assert str(getattr(app.focused, "label", "")) == "Finish →", app.focused
            await pilot.press("escape", "escape")
            await pilot.pause()


@SIZES
async def test_every_feeling_in_a_check_in_shows_whole(
    app_at, workbook: Workbook, size: tuple[int, int]
) -> None:
    """The walk-through saw "understandin…" at 80 columns: no feeling is cut."""
    async with app_at(size=size) as (app, pilot, _):
        for exercise in (e for e in workbook.exercises if e.kind == "checkin"):
            widget = await open_exercise(pilot, exercise)
            await pilot.pause()
            for box in widget.query("FeelingBox"):
                box.scroll_visible(animate=False, immediate=True)
                await pilot.pause()
                text = screen_text(app)
                assert f"] {box.name}" in text and f"] {box.name[:-1]}…" not in text, box.name
            await pilot.press("escape", "escape")
            await pilot.pause()


def test_no_exercise_asks_to_drag(workbook: Workbook) -> None:
    """Everything works by keyboard: a list is reordered with keys, never dragged."""
    for exercise in workbook.exercises:
        assert "drag" not in f"{exercise.intro} {exercise.title}".lower(), exercise.id


@SIZES
async def test_the_keys_help_shows_its_close_button_and_at_80x24_every_key(
    app_at, size: tuple[int, int]
) -> None:
    from workbook.tui.screens.keys_help import KEYS

    async with app_at(size=size) as (app, pilot, _):
        await pilot.press("f1")
        await pilot.pause()
        text = screen_text(app)
        assert "Close" in text
        if size == (80, 24):
            for key, _ in KEYS:
                assert key in text, f"{key} is below the dialog"


async def test_at_200_columns_prose_keeps_a_readable_width(app_at) -> None:
    """A step's guidance and cards, and home's list, stay near 116 columns, centred."""
    async with app_at(size=(200, 50), step=1) as (app, pilot, _):
        for selector in ("#step-heading", "#guidance", "ExerciseCard", "#step-nav"):
            for widget in app.screen.query(selector):
                assert widget.region.width <= 120, (selector, widget.region)
        guidance = app.screen.query_one("#guidance").region
        assert guidance.x > 30, "the column is centred, not pushed to the left"
        await pilot.press("escape")
        await pilot.pause()
        steps = app.screen.query_one("#steps").region
        assert steps.width <= 120 and steps.x > 30


async def test_at_60x20_a_long_step_title_in_the_top_bar_ends_in_an_ellipsis(
        app_at, workbook: Workbook) -> None:
    step = max(workbook.steps, key=lambda s: len(s.title))
    async with app_at(size=(60, 20), step=step.number) as (app, pilot, _):
        place = f"Step {step.number} of {len(workbook.steps)} · {step.title}"
        app.save_state = "Saved 14:02"  # as after typing: the bar has less room
        await pilot.pause()
        assert len(place) > 60 - len(" Saved 14:02 ") - 2, "the title must be too long to fit"
        top = screen_text(app).splitlines()[0]
        assert "Saved 14:02" in top
        assert "…" in top and top.split("…")[0].strip() in place, top


async def test_at_60x20_the_export_dialog_shows_its_file_and_where_it_saves(app_at) -> None:
    async with app_at(size=(60, 20)) as (app, pilot, _):
        await pilot.press("ctrl+o")
        await pilot.pause()
        text = screen_text(app)
        assert "File" in text and "heartbreak-workbook-" in text, text
        assert "Saves to " in text and "Export" in text and "Back" in text, text


@pytest.mark.parametrize("sizes", [((60, 20), (100, 30)), ((100, 30), (60, 20))],
                         ids=["grows", "shrinks"])
async def test_home_under_a_step_takes_the_new_size_when_the_terminal_changes(
        app_at, sizes) -> None:
    """Resized while a step is open, home comes back laid out for the new size."""
    first, then = sizes
    async with app_at(size=then) as (app, pilot, _):
        await pilot.pause()
        fresh = screen_text(app)
    async with app_at(size=first, step=1) as (app, pilot, _):
        await pilot.resize_terminal(*then)
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert screen_text(app) == fresh
