"""An encrypted workbook in the app: the unlock screen, wrong tries, help, hide, and ctrl+l.

The key files are sealed at test strength (tests/quick_scrypt.py), so a try
takes milliseconds, not age's second; the tests wait on what the screen shows.
"""

from __future__ import annotations

import threading
import time
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import pytest
from textual.widgets import Input

from tests.conftest import first_of_kind
from tests.pilot import app_for, drawn_lines_holding, open_exercise, screen_text
from tests.storage_helpers import folder_state
from workbook.core.storage import AnswerStore, unlocker
from workbook.core.storage.conversion import encrypt_workbook
from workbook.core.storage.encryption import unlock
from workbook.tui.screens.hide import HideScreen
from workbook.tui.screens.home import HomeScreen
from workbook.tui.screens.need_help import NeedHelpScreen
from workbook.tui.screens.step import StepScreen
from workbook.tui.screens.unlock import UnlockScreen, pause_after

PASSPHRASE = "the kettle is on"
WORD = "lighthouse"


@pytest.fixture
def encrypted(db: Path, workbook) -> Path:
    """An encrypted workbook, welcome page seen, one answer holding WORD."""
    exercise = first_of_kind(workbook, "text")
    store = AnswerStore(db)
    store.set_setting("welcomed", True)
    store.set(exercise.id, {exercise.fields[0].id: f"the {WORD} at night"})
    store.save()
    store.close()
    encrypt_workbook(db, PASSPHRASE)
    return db


# Generous: a wait this long only ever runs out when something hangs.
async def until(pilot, condition: Callable[[], bool], what: str, timeout: float = 180) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        await pilot.pause(0.05)


def on_a_settled_step(app) -> bool:
    """A step screen is current and composed: its widgets exist and its first
    focus and scroll are done (`settled`). Being current alone is too early to
    query it: the screen is pushed before it mounts its children."""
    return isinstance(app.screen, StepScreen) and app.screen.settled.is_set()


async def type_passphrase(pilot, passphrase: str) -> None:
    await pilot.press(*passphrase)
    await pilot.press("enter")


def test_pauses_grow_after_a_few_wrong_tries():
    assert [pause_after(n) for n in range(1, 9)] == [0, 0, 2, 4, 8, 16, 30, 30]


async def test_it_opens_on_the_unlock_screen_and_the_passphrase_opens_it(encrypted, workbook):
    app = app_for(encrypted)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, UnlockScreen)
        field = app.screen.query_one("#passphrase", Input)
        assert field.password and app.focused is field
        assert app.store.answers() == {}  # nothing is read before the passphrase
        await type_passphrase(pilot, PASSPHRASE)
        await until(pilot, lambda: isinstance(app.screen, HomeScreen), "the home screen")
        assert app.store.encrypted and not app.store.read_only
        assert any(WORD in str(value) for value in app.store.answers().values())
        assert PASSPHRASE not in screen_text(app)


async def test_a_wrong_passphrase_is_met_calmly_and_changes_nothing(encrypted):
    before = folder_state(encrypted.parent)
    app = app_for(encrypted)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        note = app.screen.query_one("#unlock-note")
        for attempt in range(1, 4):
            await type_passphrase(pilot, f"not it {attempt}")
            await until(pilot, lambda: "didn't open" in str(note.render()), "the calm message")
            if attempt < 3:
                assert not app.screen.query_one("#passphrase", Input).disabled
                await until(pilot, lambda: "Opening" not in str(note.render()), "ready")
                note.update("")
        assert "pause for 2 seconds" in str(note.render())
        field = app.screen.query_one("#passphrase", Input)
        assert field.disabled  # a short pause before the next try
        await until(pilot, lambda: not field.disabled, "the pause to end", timeout=10)
        assert "Ready when you are" in str(note.render())
        assert isinstance(app.screen, UnlockScreen)
    after = folder_state(encrypted.parent)
    assert {k: v for k, v in after.items() if not k.endswith(".lock")} == {
        k: v for k, v in before.items() if not k.endswith(".lock")}


async def test_need_help_and_quick_hide_work_while_locked(encrypted):
    app = app_for(encrypted)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+g")
        await pilot.pause()
        assert isinstance(app.screen, NeedHelpScreen)
        assert WORD not in screen_text(app)
        assert app.screen.query_one("#help-locked")  # the plan waits for the passphrase
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, UnlockScreen)
        await pilot.press("f9")
        await pilot.pause()
        assert isinstance(app.screen, HideScreen)
        assert "locked" not in screen_text(app).lower()
        await pilot.press("x")
        await pilot.pause()
        assert isinstance(app.screen, UnlockScreen)


async def test_quick_hide_while_it_opens_stays_until_a_key(encrypted, monkeypatch):
    # The key work goes on until the cover is up, however quick this machine is.
    cover_up = threading.Event()
    unlock_elsewhere = unlocker.unlock_elsewhere

    def after_the_cover(db, passphrase):
        assert cover_up.wait(timeout=60), "the test never put the cover up"
        return unlock_elsewhere(db, passphrase)

    monkeypatch.setattr(unlocker, "unlock_elsewhere", after_the_cover)
    app = app_for(encrypted)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        unlock_screen = app.screen
        await type_passphrase(pilot, PASSPHRASE)
        await pilot.press("f9")  # the app answers at once: the key work is in another process
        await pilot.pause()
        assert isinstance(app.screen, HideScreen)
        cover_up.set()
        await until(pilot, lambda: unlock_screen.opened is not None, "it to open behind the cover")
        await pilot.pause()
        assert isinstance(app.screen, HideScreen)  # still covered
        assert WORD not in screen_text(app)
        await pilot.press("x")
        await until(pilot, lambda: isinstance(app.screen, HomeScreen), "the home screen")
        assert any(WORD in str(value) for value in app.store.answers().values())


@asynccontextmanager
async def unlocked(encrypted: Path) -> AsyncIterator[tuple[Any, Any]]:
    """The app on the encrypted workbook, its passphrase typed: at home."""
    app = app_for(encrypted)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await type_passphrase(pilot, PASSPHRASE)
        await until(pilot, lambda: isinstance(app.screen, HomeScreen), "the home screen")
        yield app, pilot


async def test_ctrl_l_saves_drops_the_answers_and_asks_again(encrypted, workbook):
    exercise = first_of_kind(workbook, "text")
    async with unlocked(encrypted) as (app, pilot):
        await pilot.press("ctrl+p", *"lock after 5", "enter")  # the palette sets the idle lock
        await until(pilot, lambda: app.store.setting("lock_minutes") == 5, "the setting")
        await until(pilot, lambda: isinstance(app.screen, HomeScreen), "the palette to close")
        widget = await open_exercise(pilot, exercise)
        field = widget.query(Input).first()
        field.focus()
        await pilot.press("end", *" and the harbour")
        await pilot.press("ctrl+l")
        await until(pilot, lambda: isinstance(app.screen, UnlockScreen), "the unlock screen")
        assert not any(isinstance(s, StepScreen | HomeScreen) for s in app.screen_stack)
        assert app.store.answers() == {} and not app.store.encrypted
        assert WORD not in screen_text(app)
        # What was typed just before the lock is on disk, encrypted.
        raw = encrypted.read_bytes()
        assert b"harbour" not in raw
        plain = unlock(encrypted, PASSPHRASE).decrypt(encrypted, raw)
        assert b"and the harbour" in plain
        await type_passphrase(pilot, PASSPHRASE)
        # Back on the step they were on, not home.
        await until(pilot, lambda: on_a_settled_step(app), "the step again")
        assert exercise in app.screen.step.exercises
        assert isinstance(app.screen_stack[-2], HomeScreen)  # escape still goes home
        assert "and the harbour" in str(app.store.get(exercise.id))


async def test_the_lock_leaves_no_drawn_line_of_their_words_in_memory(encrypted, workbook):
    """Lines drawn on a step closed before the lock are not kept by Textual's drawing
    cache once it locks (they were, in up to 1,024 gone widgets' last lines)."""
    exercise = first_of_kind(workbook, "text")
    async with unlocked(encrypted) as (app, pilot):
        widget = await open_exercise(pilot, exercise)
        widget.query(Input).first().focus()
        del widget
        await pilot.press("end", *" and the harbour")
        assert drawn_lines_holding("harbour") and drawn_lines_holding(WORD), "drawn"
        await pilot.press("escape", "escape")  # home: the step is closed
        await until(pilot, lambda: isinstance(app.screen, HomeScreen), "home")
        await pilot.press("ctrl+l")
        await until(pilot, lambda: isinstance(app.screen, UnlockScreen), "the unlock screen")
        assert not drawn_lines_holding("harbour")
        assert not drawn_lines_holding(WORD)


async def test_ctrl_l_on_a_plain_workbook_says_how_to_encrypt(db, workbook):
    from tests.conftest import welcomed

    app = app_for(welcomed(db))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+l")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert any("workbook encrypt" in str(n.message) for n in app._notifications)


async def test_the_app_never_reads_the_passphrase_from_the_environment(
        encrypted, workbook, monkeypatch):
    """The one rule: WORKBOOK_PASSPHRASE is for the commands; the app asks, and says so."""
    monkeypatch.setenv("WORKBOOK_PASSPHRASE", PASSPHRASE)
    app = app_for(encrypted)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, UnlockScreen)
        assert app.store.answers() == {}
        text = screen_text(app)
        assert "WORKBOOK_PASSPHRASE is set, but the app always asks" in text
        assert PASSPHRASE not in text


async def test_unlock_returns_to_the_step_scrolled_as_it_was(encrypted, workbook):
    step = max(workbook.steps, key=lambda s: len(s.exercises))
    app = app_for(encrypted)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await type_passphrase(pilot, PASSPHRASE)
        await until(pilot, lambda: isinstance(app.screen, HomeScreen), "the home screen")
        app.open_step(step.number)
        await until(pilot, lambda: on_a_settled_step(app), "the step")
        await pilot.press("pagedown", "pagedown")
        await pilot.pause()
        scrolled = app.screen.query_one("#step-body").scroll_y
        assert scrolled > 0
        await pilot.press("ctrl+l")
        await until(pilot, lambda: isinstance(app.screen, UnlockScreen), "the unlock screen")
        await type_passphrase(pilot, PASSPHRASE)
        await until(pilot, lambda: on_a_settled_step(app), "the step again")
        await until(pilot, lambda: app.screen.query_one("#step-body").scroll_y == scrolled,
                    "the scroll as it was", timeout=10)
        assert app.screen.step.number == step.number
