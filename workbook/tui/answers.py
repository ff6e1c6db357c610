"""What the app does with the messages widgets send about answers: record them
(keeping what they replace as an earlier answer), keep drafts, restore or let go
of a merged version, and ask first where a widget wants to. Each ends in a save."""

from __future__ import annotations

from typing import Any


def changed(app: Any, message: Any) -> None:
    from workbook.core.earlier import record_answer

    record_answer(app.store, app.workbook, message.exercise_id, message.value, message.before)
    app.schedule_save()


def earlier_removed(app: Any, message: Any) -> None:
    from workbook.core.earlier import remove_earlier

    remove_earlier(app.store, app.workbook, message.exercise_id)
    app.schedule_save()


def merged_restored(app: Any, message: Any) -> None:
    app.store.restore_earlier(message.version)
    app.schedule_save()
    app.call_later(_redraw, app)


def merged_let_go(app: Any, message: Any) -> None:
    app.store.let_go(message.version)
    app.schedule_save()


async def _redraw(app: Any) -> None:
    # The restored words replace what a widget shows: the step is drawn again.
    recompose = getattr(app.screen, "recompose", None)
    if recompose is not None:
        await recompose()


def draft_changed(app: Any, message: Any) -> None:
    app.store.set_draft(message.exercise_id, message.draft)
    app.schedule_save()


def ask_first(app: Any, message: Any) -> None:
    from workbook.tui.screens.confirm import ask_then

    ask_then(app, message.question, message.then, yes=message.yes, no=message.no)
