"""The keyboard contract: a person can reach everything with the keys alone."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import OptionList

from tests.conftest import welcomed
from tests.pilot import app_for, from_palette, screen_text
from workbook.tui.keep_in_view import out_of_sight
from workbook.tui.screens.home import HomeScreen
from workbook.tui.screens.keys_help import KEYS, KeysHelpScreen
from workbook.tui.screens.need_help import NeedHelpScreen
from workbook.tui.screens.page import PageScreen
from workbook.tui.screens.step import StepScreen
from workbook.tui.widgets.exercise_card import ExerciseCard


def _render(app) -> str:
    """Everything visible on the current screen, as plain text."""
    return screen_text(app)


async def test_first_run_shows_the_welcome_once(db: Path) -> None:
    app = app_for(db)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, PageScreen)
        assert "Welcome" in _render(app)
        await pilot.press("enter")
        assert isinstance(app.screen, HomeScreen)
        await pilot.press("ctrl+q")
    app = app_for(db)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)


@pytest.mark.parametrize("number", range(1, 11))
async def test_each_digit_opens_its_step_at_its_heading_and_tab_goes_to_the_first_field(
    db: Path, number: int
) -> None:
    app = app_for(welcomed(db))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press(str(number % 10))
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, StepScreen) and screen.step.number == number
        await screen.settled.wait()
        step = app.workbook.step(number)
        for _ in range(50):  # until the settled view is drawn
            if f"Step {number}. {step.title}" in _render(app):
                break
            await pilot.pause(0.05)
        assert f"Step {number} of 10 · {step.title}" in _render(app)
        assert f"Step {number}. {step.title}" in _render(app)  # the heading, not scrolled away
        first_card = screen.query(ExerciseCard).first()
        assert first_card.exercise == step.exercises[0]
        # No field out of sight holds the focus: a key typed now changes no answer.
        if app.focused is not None:
            assert not out_of_sight(app.focused)
        else:
            await pilot.press("tab")
            await pilot.pause()
        assert app.focused is not None and first_card in app.focused.ancestors
        await pilot.press("escape")
        assert app.focused is None or first_card not in app.focused.ancestors
        await pilot.press("escape")
        assert isinstance(app.screen, HomeScreen)


async def test_home_list_opens_a_step_with_arrows_and_enter(db: Path) -> None:
    app = app_for(welcomed(db))
    async with app.run_test(size=(80, 24)) as pilot:
        assert isinstance(app.focused, OptionList)
        await pilot.press("down", "down", "enter")
        await pilot.pause()
        assert isinstance(app.screen, StepScreen) and app.screen.step.number == 3


async def test_next_and_previous_step_keys(db: Path) -> None:
    app = app_for(welcomed(db))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("4")
        await pilot.pause()
        await pilot.press("]")  # a step opens with no field out of sight focused
        await pilot.pause()
        assert app.screen.step.number == 5
        await pilot.press("[", "[")
        await pilot.pause()
        assert app.screen.step.number == 3
        steps = [s for s in app.screen_stack if isinstance(s, StepScreen)]
        assert steps == [app.screen], "stepping through steps must not pile up screens"
        await pilot.press("escape")
        assert isinstance(app.screen, HomeScreen)
        assert app.screen_stack == [app.screen], "escape leaves home alone on screen"


async def test_last_step_leads_to_the_closing_page(db: Path) -> None:
    app = app_for(welcomed(db))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("0")
        await pilot.pause()
        await pilot.press("]")
        await pilot.pause()
        assert isinstance(app.screen, PageScreen)
        assert app.workbook.pages["closing"].title in _render(app)


@pytest.mark.parametrize("key", ["f1", "question_mark"])
async def test_help_lists_every_key(db: Path, key: str) -> None:
    app = app_for(welcomed(db))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press(key)
        await pilot.pause()
        assert isinstance(app.screen, KeysHelpScreen)
        await pilot.press("escape")
        assert isinstance(app.screen, HomeScreen)


async def test_f1_works_even_while_typing_in_a_field(db: Path) -> None:
    app = app_for(welcomed(db))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("1")
        await pilot.pause()
        await pilot.press("f1")
        assert isinstance(app.screen, KeysHelpScreen)


def test_help_text_matches_real_bindings() -> None:
    """Every key the help screen names is bound somewhere, so the list cannot drift."""
    from workbook.tui.app import WorkbookApp

    bound: set[str] = set()
    for cls in (WorkbookApp, HomeScreen, StepScreen):
        for binding in cls.BINDINGS:
            bound.update(binding.key.split(","))  # type: ignore[union-attr]
    for keys, _ in KEYS:
        for key in keys.replace(" or ", " / ").split(" / "):
            key = key.strip()
            if key in ("enter", "tab", "shift+tab", "ctrl+p") or "…" in key:
                continue
            assert key.replace("?", "question_mark") in bound, key


@pytest.mark.parametrize("where", ["home", "step", "help"])
async def test_need_help_is_one_key_from_every_screen(db: Path, where: str) -> None:
    app = app_for(welcomed(db))
    async with app.run_test(size=(80, 24)) as pilot:
        if where == "step":
            await pilot.press("8")
        elif where == "help":
            await pilot.press("f1")
        await pilot.pause()
        await pilot.press("ctrl+g")
        await pilot.pause()
        assert isinstance(app.screen, NeedHelpScreen)
        text = _render(app)
        assert "988" in text and "116 123" in text
        safety = app.workbook.crisis_exercises[0]
        assert app.screen.query_one(f"#exercise-{safety.id}", ExerciseCard)


@pytest.mark.parametrize("key", ["ctrl+b", "f9"])
async def test_quick_hide_covers_everything_until_a_key(db: Path, key: str) -> None:
    app = app_for(welcomed(db))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("9")
        await pilot.pause()
        title = app.workbook.step(9).title
        assert title in _render(app)
        await pilot.press(key)
        hidden = _render(app)
        assert title not in hidden and "Heartbreak" not in hidden
        await pilot.press("x")
        assert title in _render(app)


async def test_palette_offers_each_step_by_name(db: Path) -> None:
    app = app_for(welcomed(db))
    async with app.run_test(size=(80, 24)) as pilot:
        await from_palette(pilot, "forgiveness")
        assert isinstance(app.screen, StepScreen) and app.screen.step.number == 9


async def test_ctrl_q_quits(db: Path) -> None:
    app = app_for(welcomed(db))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("3")
        await pilot.press("ctrl+q")
        await pilot.pause()
    assert app.return_code == 0


async def test_home_shows_progress_after_an_answer(db: Path, workbook) -> None:
    app = app_for(welcomed(db))
    async with app.run_test(size=(80, 24)) as pilot:
        step = next(s for s in workbook.steps if s.exercises[0].kind == "text")
        await pilot.press(str(step.number % 10))
        await pilot.pause()
        await pilot.press("tab", *"a first answer")
        await pilot.press("escape", "escape")
        await pilot.pause()
        text = _render(app)
        row = next(line for line in text.splitlines() if step.title in line)
        assert "written in" in row
        assert "You've written in 1 exercise" in text


async def test_safety_plan_edited_on_need_help_shows_on_step_8(db: Path) -> None:
    """The same exercise on two screens: what is typed on one is there on the other."""
    from textual.widgets import Input

    app = app_for(welcomed(db))
    async with app.run_test(size=(80, 24)) as pilot:
        safety = app.workbook.crisis_exercises[0]
        await pilot.press("8")
        await pilot.pause()
        await pilot.press("ctrl+g")
        await pilot.pause()
        card = app.screen.query_one(f"#exercise-{safety.id}")
        card.query(Input).first().focus()  # the first part's "Add" field
        await pilot.press(*"call my sister", "enter")
        await pilot.press("escape", "escape")
        await pilot.pause()
        assert isinstance(app.screen, StepScreen)
        field = app.screen.query_one(f"#exercise-{safety.id}").query(Input).first()
        assert field.value == "call my sister"
        assert app.store.get(safety.id)[safety.sections[0].id] == ["call my sister"]


async def test_opening_every_step_changes_nothing(tmp_path: Path, workbook) -> None:
    """Reading is not writing: opening steps with saved answers stores nothing."""
    from tests.sample_data import fill_sample

    db = fill_sample(tmp_path / "db.json", workbook, steps=tuple(range(1, 11)))
    before = db.read_bytes()
    app = app_for(db)
    async with app.run_test(size=(80, 24)) as pilot:
        for number in range(1, 11):
            await pilot.press(str(number % 10))
            await pilot.pause()
            await pilot.press("escape", "escape")
            await pilot.pause()
        assert not app.store.dirty
        assert app.save_state == ""
    assert db.read_bytes() == before


async def test_the_palette_names_each_action_as_the_footer_does(app_at) -> None:
    """One wording: "Need help" in the footer is "Need help" in the palette (with its key),
    never "Need help now" in one place and "Need help" in the other."""
    from textual.command import CommandPalette

    from workbook.tui.keys import APP_BINDINGS

    async with app_at() as (app, pilot, _):
        footer = screen_text(app).splitlines()[-1]
        assert "Need help" in footer
        await pilot.press("ctrl+p", *"need")
        await pilot.pause(0.3)
        assert isinstance(app.screen, CommandPalette)
        shown = " ".join(screen_text(app).split())
        assert "Need help Need help now: crisis lines and your safety plan (ctrl+g)" in shown
        await pilot.press("escape")
        for binding in APP_BINDINGS:
            if binding.action in ("export", "save_now", "hide", "search", "quit"):
                await pilot.press("ctrl+p", *binding.description.lower())
                await pilot.pause(0.3)
                assert binding.description in screen_text(app), binding.description
                await pilot.press("escape")
                await pilot.pause()
