"""Every choice reads by its shape, not its colour: (•)/( ) and [x]/[ ]."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Input

from tests.conftest import first_of_kind, welcomed
from tests.pilot import app_for, open_exercise, screen_text
from workbook.core.content import Workbook


def plain(app) -> str:
    return " ".join(screen_text(app).split())


async def test_the_export_screen_shows_the_chosen_format_and_ticks_by_shape(db: Path) -> None:
    app = app_for(welcomed(db))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("ctrl+o")
        await pilot.pause()
        text = plain(app)
        assert "(•) Markdown" in text and "( ) HTML" in text and "( ) JSON" in text
        assert "[ ] Include exercises not answered yet" in text
        assert "[ ] A blank workbook" in text
        await pilot.press("down", "enter")  # the format list: the next one, chosen
        await pilot.pause()
        text = plain(app)
        assert "( ) Markdown" in text and "(•) HTML" in text and "( ) JSON" in text
        await pilot.press("tab", "tab", "tab", "space")  # past the steps and file, onto the first box
        await pilot.pause()
        text = plain(app)
        assert "[x] Include exercises not answered yet" in text
        assert "[ ] A blank workbook" in text


async def test_a_feeling_in_their_own_words_gets_the_same_tick_box(
    db: Path, workbook: Workbook
) -> None:
    exercise = first_of_kind(workbook, "checkin")
    app = app_for(welcomed(db))
    async with app.run_test(size=(80, 24)) as pilot:
        widget = await open_exercise(pilot, exercise)
        await pilot.press("space")  # ticks the first of the content's feelings
        widget.query_one("#own", Input).focus()
        await pilot.press(*"heartbroken", "enter")
        await pilot.pause()
        text = plain(app)
        assert f"[x] {exercise.emotions[0]}" in text
        assert f"[ ] {exercise.emotions[1]}" in text
        assert "[x] heartbroken" in text


async def test_the_linux_console_starts_in_a_theme_made_of_its_colours(
        db: Path, monkeypatch) -> None:
    """TERM=linux (8 colours, 16 with bold): the high-contrast theme, not remembered;
    a theme the person chose still wins."""
    from workbook.core.storage import AnswerStore
    from workbook.tui.app import WorkbookApp

    monkeypatch.setattr(WorkbookApp, "STEADY", False)  # no theme pinned for a picture
    monkeypatch.delenv("TEXTUAL_THEME", raising=False)
    monkeypatch.setenv("TERM", "linux")
    app = app_for(welcomed(db))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert app.theme == "workbook-high-contrast"
        assert app.has_class("-high-contrast")
        assert app.store.setting("theme") is None, "the console's theme is not the person's"
    store = AnswerStore(db)
    store.set_setting("theme", "textual-light")
    store.save()
    store.close()
    app = app_for(db)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert app.theme == "textual-light"
    monkeypatch.setenv("TERM", "xterm-256color")
    AnswerStore(db).close()
    app = app_for(welcomed(db.with_name("other.json")))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert app.theme != "workbook-high-contrast"
