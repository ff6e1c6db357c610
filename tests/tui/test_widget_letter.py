"""Unsent letters (kind `letter`): written, undone, kept, and shown with their prompts."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Input, TextArea

from tests.conftest import first_of_kind, welcomed
from tests.pilot import app_for, open_exercise
from tests.widget_story import shown, with_answer
from workbook.tui.widgets.letter_editor import LetterEditor


async def test_a_letter_written_with_the_keyboard_is_there_after_a_restart(
    app_at, workbook
) -> None:
    exercise = first_of_kind(workbook, "letter")
    async with app_at(exercise=exercise) as (app, pilot, widget):
        screen = await shown(pilot, widget)
        assert exercise.note in screen
        assert exercise.addressee in screen  # the suggestion, as a placeholder
        assert exercise.prompts[0] in screen
        to = widget.query_one("#to", Input)
        assert app.focused is to
        await pilot.press(*"Sam")
        await pilot.press("tab")
        body = widget.query_one("#body", TextArea)
        assert app.focused is body
        await pilot.press(*"I miss you.", "enter", *"I am letting go.")
        screen = await shown(pilot, body)
        assert "I miss you." in screen and "I am letting go." in screen
        await pilot.press("tab")  # tab leaves the letter rather than typing a tab
        assert app.focused is not body and "\t" not in body.text
        await pilot.press("ctrl+q")

    expected = {"to": "Sam", "body": "I miss you.\nI am letting go."}
    async with app_at(exercise=exercise) as (app, pilot, widget):
        assert widget.query_one("#to", Input).value == "Sam"
        assert widget.query_one("#body", TextArea).text == expected["body"]
        assert "I am letting go." in await shown(pilot, widget.query_one("#body"))
        assert app.store.get(exercise.id) == expected
        await pilot.press("ctrl+q")


async def test_undo_and_redo_reach_the_saved_letter(app_at, db: Path, workbook) -> None:
    exercise = first_of_kind(workbook, "letter")
    with_answer(db, exercise.id, {"to": "", "body": "Dear you,"})
    async with app_at(exercise=exercise) as (app, pilot, widget):
        body = widget.query_one("#body", TextArea)
        body.focus()
        assert body.cursor_location == body.document.end  # carry on where you left off
        # A new line closes an undo step, so each key below is one step whatever the timing.
        await pilot.press("enter", "x")
        assert app.store.get(exercise.id) == {"to": "", "body": "Dear you,\nx"}
        await pilot.press("ctrl+z", "ctrl+z")
        assert body.text == "Dear you,"
        assert app.store.get(exercise.id) == {"to": "", "body": "Dear you,"}
        await pilot.press("ctrl+y", "ctrl+y")
        assert body.text == "Dear you,\nx"
        assert app.store.get(exercise.id) == {"to": "", "body": "Dear you,\nx"}
        await pilot.press("ctrl+z", "ctrl+z")
        await pilot.press("ctrl+q")
    async with app_at(exercise=exercise) as (app, pilot, widget):
        assert widget.query_one("#body", TextArea).text == "Dear you,"
        assert app.store.get(exercise.id) == {"to": "", "body": "Dear you,"}
        await pilot.press("ctrl+q")


async def test_prompts_sit_above_the_letter_at_80_columns_and_beside_it_at_120(
    db: Path, workbook
) -> None:
    exercise = first_of_kind(workbook, "letter")
    for size, beside in (((80, 24), False), ((120, 40), True)):
        app = app_for(welcomed(db))
        async with app.run_test(size=size) as pilot:
            widget = await open_exercise(pilot, exercise)
            await pilot.pause()
            prompts = widget.query_one("#prompts").region
            body = widget.query_one("#body").region
            if beside:
                assert widget.has_class("-wide")
                assert prompts.right <= body.x and prompts.y == body.y
            else:
                assert not widget.has_class("-wide")
                assert prompts.bottom <= body.y and prompts.x <= body.x
            # A sensible writing space that fits on a 24-line terminal.
            assert 10 <= body.height <= 16
            await pilot.press("ctrl+q")


async def test_every_prompt_is_readable_at_80x24(app_at, workbook) -> None:
    exercise = first_of_kind(workbook, "letter")
    async with app_at(exercise=exercise) as (app, pilot, widget):
        screen = await shown(pilot, widget.query_one("#prompts"))
        flat = " ".join(screen.split())
        for prompt in exercise.prompts:
            assert " ".join(prompt.split()) in flat
        await pilot.press("ctrl+q")


async def test_read_only_shows_the_letter_but_keys_change_nothing(
    app_at, db: Path, workbook
) -> None:
    exercise = first_of_kind(workbook, "letter")
    saved = {"to": "Sam", "body": "Words I meant."}
    with_answer(db, exercise.id, saved)
    async with app_at(exercise=exercise, read_only=True) as (app, pilot, widget):
        body = widget.query_one("#body", TextArea)
        assert widget.query_one("#to", Input).disabled and body.read_only
        assert app.focused is body  # still focusable, to scroll and read
        await pilot.press(*"more", "backspace", "ctrl+z")
        assert body.text == "Words I meant."
        assert app.store.get(exercise.id) == saved
        await pilot.press("ctrl+q")


async def test_opening_an_unanswered_letter_stores_nothing(app_at, workbook) -> None:
    exercise = first_of_kind(workbook, "letter")
    async with app_at(exercise=exercise) as (app, pilot, widget):
        assert widget.query_one("#to", Input).value == ""
        assert widget.query_one("#body", TextArea).text == ""
        await pilot.press("ctrl+q")
    async with app_at() as (app, pilot, _):
        assert app.store.get(exercise.id) is None
        await pilot.press("ctrl+q")


async def test_a_malformed_saved_letter_opens_as_unanswered(app_at, db: Path, workbook) -> None:
    exercise = first_of_kind(workbook, "letter")
    with_answer(db, exercise.id, {"to": 7, "body": ["old", "shape"]})
    async with app_at(exercise=exercise) as (app, pilot, widget):
        assert isinstance(widget, LetterEditor)
        assert widget.query_one("#body", TextArea).text == ""
        await pilot.press("tab", *"new")
        assert app.store.get(exercise.id) == {"to": "", "body": "new"}
        await pilot.press("ctrl+q")


async def test_each_posted_letter_is_a_new_object(app_at, workbook) -> None:
    """The store saves snapshots from a thread: a value once posted is never changed later."""
    exercise = first_of_kind(workbook, "letter")
    async with app_at(exercise=exercise) as (app, pilot, widget):
        await pilot.press(*"A")
        first = app.store.get(exercise.id)
        await pilot.press("tab", *"B")
        assert first == {"to": "A", "body": ""}
        assert app.store.get(exercise.id) == {"to": "A", "body": "B"}
        assert widget.value is not first
        await pilot.press("ctrl+q")


async def test_escape_leaves_the_letter_and_keeps_every_word(app_at, workbook) -> None:
    exercise = first_of_kind(workbook, "letter")
    async with app_at(exercise=exercise) as (app, pilot, widget):
        widget.query_one("#body", TextArea).focus()
        await pilot.press(*"Enough for tonight.", "escape")
        assert app.focused is None
        assert app.store.get(exercise.id) == {"to": "", "body": "Enough for tonight."}
        await pilot.press("ctrl+q")


async def test_typing_on_keeps_the_top_bar_still_while_quick_saves_happen(
        app_at, workbook, monkeypatch) -> None:
    """Saves come every half second while someone writes: a quick one leaves "Saved 14:02"
    as it was (no "Saving…" flicker, no repaint); a slow one does say "Saving…"."""
    import time

    from workbook.tui.widgets.top_bar import SaveStatus

    monkeypatch.setattr("workbook.tui.autosave.SAVE_DELAY", 0.05)
    shown_texts: list[str] = []
    update = SaveStatus.update

    def recording(self, content="", *, layout=True):  # noqa: ANN001, ANN202
        # Only the step's own line: home's, under it, also turns to the new
        # minute when the clock passes one during the test.
        if self.screen is self.app.screen:
            shown_texts.append(str(content).strip())
        return update(self, content, layout=layout)

    monkeypatch.setattr(SaveStatus, "update", recording)
    exercise = first_of_kind(workbook, "letter")
    async with app_at(exercise=exercise) as (app, pilot, widget):
        body = widget.query_one("#body", TextArea)
        body.focus()

        async def type_and_wait(word: str) -> None:
            await pilot.press(*word)
            while app.store.dirty or not app.save_state.startswith("Saved"):
                await pilot.pause(0.05)
            await pilot.pause(0.4)

        await type_and_wait("one")
        shown_texts.clear()
        await type_and_wait(" two")
        await type_and_wait(" three")
        assert not any(text.startswith("Saving") for text in shown_texts), shown_texts
        assert len(shown_texts) <= 1, "at most the minute changed"
        status = app.screen.query_one(SaveStatus)
        assert str(status.render()).strip().startswith("Saved")

        save = app.store.save

        def slow_save() -> bool:
            time.sleep(0.8)
            return save()

        monkeypatch.setattr(app.store, "save", slow_save)
        await type_and_wait(" four")
        assert any(text.startswith("Saving") for text in shown_texts), shown_texts
