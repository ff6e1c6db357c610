"""Words left in the person's own editor when a session was cut off, offered back at the next start."""

from __future__ import annotations

from typing import Any


def offer_editor_leftovers(app: Any) -> None:
    """Ask what to do with the first leftover found (the others come at the next start)."""
    from workbook.tui.editor_recovery import find_leftovers

    leftovers = find_leftovers(app.store.path)
    if not leftovers:
        return
    from workbook.tui.screens.recover_editor import RecoverEditorScreen

    leftover = leftovers[0]
    exercise = app.workbook.exercise(leftover.exercise_id)
    where = f"“{exercise.title}”" if exercise is not None else "a text"
    screen = RecoverEditorScreen(where, leftover.text, leftover.source)
    app.push_screen(screen, lambda choice: app.run_worker(
        settle_leftover(app, leftover, choice), group="recover", exit_on_error=False))


async def settle_leftover(app: Any, leftover: Any, choice: str | None) -> None:
    """Bring the words back into their field, let them go, or keep them aside in a file."""
    from textual.widgets import TextArea

    from workbook.tui.editor_recovery import keep_aside, remove
    from workbook.tui.screens.recover_editor import BRING_BACK, DISCARD

    exercise = app.workbook.exercise(leftover.exercise_id)
    number = next((step.number for step in app.workbook.steps
                   if exercise is not None and exercise in step.exercises), None)
    if choice == BRING_BACK and exercise is not None and number is not None:
        app.open_step(number)
        await app.screen.settled.wait()
        card = app.screen.query_one(f"#exercise-{exercise.id}")
        areas = [a for a in card.query(TextArea) if not a.read_only]
        area = next((a for a in areas if a.id == leftover.record.get("area")),
                    areas[0] if areas else None)
        if area is not None:
            area.replace(leftover.text, (0, 0), area.document.end)
            area.focus()
            remove(leftover)
            app.notify("Your words are back. They are saved as usual.")
            return
    if choice == DISCARD:
        remove(leftover)
        app.notify("Those words are gone, as you chose.")
        return
    if app.store.encrypted:
        # A plain file beside an encrypted workbook would undo its privacy:
        # the words stay in memory where they are, offered again next start.
        app.notify("Your words stay where they are, in memory, and are offered again "
                   "the next time you open the workbook.", timeout=15)
        return
    try:
        kept = keep_aside(leftover, app.store.path.parent)
    except OSError as error:
        app.notify(f"Couldn't keep the words aside ({error.strerror}); they stay "
                   "where they were and are offered again next time.", severity="error")
        return
    remove(leftover)
    app.notify(f"Your words are kept in {kept}", timeout=15)
