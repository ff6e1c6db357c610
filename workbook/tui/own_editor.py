"""ctrl+t: write the focused letter or journal entry in the person's own `$VISUAL` / `$EDITOR`."""

from __future__ import annotations

import os
from typing import Any

from textual.app import SuspendNotSupported

from workbook.tui.widgets.base import ExerciseWidget


def edit_in_own_editor(app: Any) -> None:
    """Suspend the app, run the editor on the focused text, and bring its words back."""
    from textual.widgets import TextArea

    from workbook.tui.editor import (
        NO_EDITOR,
        EditorError,
        edit_text,
        editor_command,
        memory_folder,
    )

    area = app.focused
    if not isinstance(area, TextArea):
        app.notify("Move into a letter or a journal entry first, then press ctrl+t "
                   "to write it in your own editor.")
        return
    if area.read_only:
        app.notify("This text can't be changed here.")
        return
    try:
        command = editor_command()
    except EditorError as error:
        app.notify(str(error), severity="warning", timeout=12)
        return
    if command is None:
        app.notify(NO_EDITOR, title="Your own editor", severity="warning", timeout=12)
        return
    if app.store.encrypted:
        try:
            memory_folder()  # refuse before the screen goes away, saying why
        except EditorError as error:
            app.notify(str(error), title="Your own editor", severity="warning", timeout=12)
            return
    app.save_now()  # what is typed is on disk before the screen goes away
    owner = next((w for w in area.ancestors if isinstance(w, ExerciseWidget)), None)
    # Whose words these are, kept with the editor's folder if the session is cut off.
    record = {"db": os.path.realpath(app.store.path), "area": area.id,
              "exercise": owner.exercise.id if owner is not None else ""}
    result = failure = None
    try:
        with app.suspend():
            try:
                result = edit_text(area.text, command, record=record,
                                   in_memory=app.store.encrypted)
            except EditorError as error:  # caught inside: the app must resume
                failure = str(error)
    except SuspendNotSupported:
        app.notify("Your own editor can't open in the browser; "
                   "keep writing here, everything is saved.")
        return
    app.idle_lock.touched()  # time in the editor is not time away
    if failure:
        app.notify(failure, severity="error", timeout=12)
        return
    assert result is not None
    if result.changed:
        # An edit (not `text =`) so it posts Changed and ctrl+z can undo it.
        area.replace(result.text, (0, 0), area.document.end)
    area.focus()
    if result.note:
        app.notify(result.note, severity="warning", timeout=12)
