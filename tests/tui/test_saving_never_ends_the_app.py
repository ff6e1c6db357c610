"""Saving never ends the app, and a merge's earlier answers can be seen and brought back.

A value that cannot be written (a bug in a widget, say) is named in the top
bar and in a message, kept in memory, and saved as soon as it can be; the
rest of the workbook is saved meanwhile. Versions a merge kept beside an
answer are shown with the exercise, to bring back or let go.
"""

from __future__ import annotations

import math
from datetime import UTC, datetime, timedelta
from pathlib import Path

from textual.widgets import Button

from tests.conftest import first_of_kind, welcomed
from tests.pilot import app_for, open_exercise
from workbook.core import clock
from workbook.core.content import Workbook
from workbook.core.merge import merge
from workbook.core.storage import AnswerStore
from workbook.tui.widgets.base import ExerciseWidget
from workbook.tui.widgets.earlier_answer import MergedAnswer


async def saved(pilot, app) -> None:
    """Save now, as ctrl+s does, and let the top bar catch up."""
    app.save_now()
    await pilot.pause()


async def test_a_value_that_cannot_be_saved_is_named_kept_and_tried_again(
        db: Path, workbook: Workbook) -> None:
    letter = first_of_kind(workbook, "letter")
    text = first_of_kind(workbook, "text")
    app = app_for(welcomed(db))
    async with app.run_test(size=(100, 30)) as pilot:
        widget = await open_exercise(pilot, letter)
        widget.post_message(ExerciseWidget.AnswerChanged(letter.id, {"to": "", "body": math.nan}))
        app.store.set(text.id, {f.id: "saved all the same" for f in text.fields}, kind="text")
        await pilot.pause()
        await saved(pilot, app)
        assert app.is_running, "the app goes on"
        assert app.save_state == f"Not saved: your answer in “{letter.title}”"
        told = [n.message for n in app._notifications]
        assert any(f"Your answer in “{letter.title}” cannot be saved" in m for m in told), told
        assert math.isnan(app.store.get(letter.id)["body"]), "kept in memory"
        assert AnswerStore(db, read_only=True).get(text.id), "the rest is on disk"
        # The person writes again: the next save takes it, and the top bar says so.
        widget.post_message(ExerciseWidget.AnswerChanged(letter.id, {"to": "", "body": "again"}))
        await pilot.pause()
        await saved(pilot, app)
        assert app.save_state.startswith("Saved")
        assert AnswerStore(db, read_only=True).get(letter.id)["body"] == "again"
        await pilot.press("ctrl+q")


async def test_a_save_that_raises_something_unexpected_is_reported_not_fatal(
        db: Path, workbook: Workbook, monkeypatch) -> None:
    app = app_for(welcomed(db))
    async with app.run_test(size=(100, 30)) as pilot:
        letter = first_of_kind(workbook, "letter")
        await open_exercise(pilot, letter)

        def broken() -> bool:
            raise RuntimeError("a bug")

        monkeypatch.setattr(app.store, "save", broken)
        app.store.set(letter.id, {"to": "", "body": "words"}, kind="letter")
        app.schedule_save()
        await pilot.pause(0.8)
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.is_running
        assert "an unexpected problem (RuntimeError: a bug)" in app.save_state
        assert app.store.get(letter.id)["body"] == "words"
        monkeypatch.undo()
        await pilot.press("ctrl+q")


def diverged(db: Path, exercise_id: str) -> None:
    """The same grid row written in two copies of the workbook, then merged here:
    the laptop's words an hour before the desk's."""
    start = datetime.now(UTC) - timedelta(hours=2)
    clock.pin(start)
    common = AnswerStore(db)
    common.set(exercise_id, [{"id": "row-1", "loss": "the flat"}], kind="grid")
    common.set_setting("welcomed", True)
    common.save()
    other = common.replica()
    common.close()
    elsewhere = AnswerStore(db.with_name("elsewhere.json"))
    elsewhere.adopt(other)
    rows = elsewhere.get(exercise_id)
    clock.pin(start + timedelta(hours=1))
    elsewhere.set(exercise_id, [{**rows[0], "loss": "the flat, from the laptop"}], kind="grid",
                  before=rows)
    clock.pin(start + timedelta(hours=2))
    here = AnswerStore(db)
    rows = here.get(exercise_id)
    here.set(exercise_id, [{**rows[0], "loss": "the flat, at my desk"}], kind="grid", before=rows)
    here.adopt(merge(here.replica(), elsewhere.replica()))
    here.save()
    here.close()
    elsewhere.close()
    clock.pin(None)


async def test_a_merged_earlier_version_is_shown_and_can_be_brought_back(
        db: Path, workbook: Workbook) -> None:
    grid = first_of_kind(workbook, "grid")
    diverged(db, grid.id)
    app = app_for(db)
    async with app.run_test(size=(100, 40)) as pilot:
        await open_exercise(pilot, grid)
        card = app.screen.query_one(f"#exercise-{grid.id}")
        (kept,) = card.query(MergedAnswer)
        shown = str(kept.query_one(".earlier-words").render())
        assert "the flat, from the laptop" in shown
        assert app.store.get(grid.id)[0]["loss"] == "the flat, at my desk"
        kept.query_one("#restore-merged", Button).press()
        await pilot.pause()
        await pilot.pause()
        assert app.store.get(grid.id)[0]["loss"] == "the flat, from the laptop"
        (swapped,) = app.store.earlier_versions(grid.id)
        assert swapped.value["loss"] == "the flat, at my desk", "what it replaced is kept"
        card = app.screen.query_one(f"#exercise-{grid.id}")
        (kept,) = card.query(MergedAnswer)
        kept.query_one("#let-go-merged", Button).press()
        await pilot.pause()
        assert app.store.earlier_versions(grid.id) == []
        await pilot.press("ctrl+q")
    store = AnswerStore(db, read_only=True)
    assert store.get(grid.id)[0]["loss"] == "the flat, from the laptop"
    assert store.earlier_versions(grid.id) == []
