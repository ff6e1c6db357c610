"""Never lose a word, part two: each case on real processes and files (tmux, signals)."""

from __future__ import annotations

import os
import signal
from pathlib import Path
from typing import Any

import pytest
from textual.widgets import Input

from tests.conftest import first_of_kind, need_tool, step_number_of, welcomed
from tests.e2e.focus import inside, tabs_to
from tests.e2e.tmux import process_alive, wait_for_condition
from tests.storage_helpers import read_stored
from workbook.core.content import Workbook

pytestmark = pytest.mark.e2e


def stored(db: Path) -> dict[str, Any]:
    """Every stored answer by exercise id, read from the file as it is now."""
    return read_stored(db).answers()


def draft(db: Path, exercise_id: str) -> Any:
    """The draft stored for an exercise, read from the file as it is now."""
    return read_stored(db).draft(exercise_id)


def test_a_check_in_draft_survives_the_terminal_going_away(
    terminal, app_env, workbook_exe, book: Workbook, db: Path, content: Path
) -> None:
    checkin = first_of_kind(book, "checkin")
    number = step_number_of(book, checkin)
    welcomed(db)
    term = terminal(100, 50)
    term.start([workbook_exe], env=app_env(db))
    term.wait_for("Press a number to open a step")
    term.send(str(number % 10))
    term.wait_for(f"Step {number} of")
    term.settle(quiet=1.0)  # the step's first focus has landed
    # Their own word (ticked with it), made stronger, then a note: never saved as a check-in.
    term.send(*["Tab"] * tabs_to(db, content, number, inside(checkin.id, Input, "own"),
                                     size=(100, 50)))
    term.settle(quiet=1.0)  # the focus has walked there (a loaded machine lags)
    term.type("hollow")
    term.send("Enter")
    term.wait_for("hollow          ■■■■■·····  5/10")
    term.send("Tab")
    term.wait_for("← Weaker")  # the strength has the focus
    term.send("8")
    term.wait_for("8/10")
    term.send("Tab")
    term.settle(quiet=1.0)
    term.type("could not sleep")
    try:
        wait_for_condition(
            lambda: (draft(db, checkin.id) or {}).get("note") == "could not sleep",
            "the check-in draft to be saved as it is typed",
        )
    except AssertionError as error:
        raise AssertionError(f"{error}: {stored(db)}\n{term.screen()}") from None
    saved = draft(db, checkin.id)
    assert saved["feelings"] == [{"name": "hollow", "intensity": 8}]
    assert saved["own"] == ["hollow"]
    assert checkin.id not in stored(db), "a draft is not a dated check-in"
    pid = term.pid
    term.kill()  # the terminal goes away: the app is hung up on
    wait_for_condition(lambda: not process_alive(pid), "the hung-up app to end")

    again = terminal(100, 50)
    again.start([workbook_exe], env=app_env(db))
    again.wait_for("Press a number to open a step")
    again.send(str(number % 10))
    again.wait_for(f"Step {number} of")
    again.settle(quiet=1.0)
    again.send(*["Tab"] * tabs_to(db, content, number, inside(checkin.id, Input, "note"),
                                      size=(100, 50)))
    screen = again.wait_for("could not sleep", "8/10")
    assert "[x] hollow" in screen.replace("▐x▌", "[x]") or "x hollow" in screen, screen


def vim_command() -> str:
    """vim, or vim.tiny (what CI installs), without the person's settings."""
    import shutil

    for name in ("vim", "vim.tiny"):
        if shutil.which(name):
            return f"{name} -u NONE -i NONE -N"
    need_tool("vim")
    return ""


def into_own_editor(terminal, env: dict[str, str], workbook_exe: str, book: Workbook,
                    db: Path, content: Path) -> tuple[Any, Any]:
    """Start the app (`env` names the editor and a TMPDIR to make), write the first
    words of a letter and press ctrl+t: the terminal, and the letter."""
    from tests.e2e.test_editor import into_letter, letter_body

    Path(env["TMPDIR"]).mkdir()
    welcomed(db)
    term = terminal()
    term.start([workbook_exe], env=env)
    letter = into_letter(term, book, db, content)
    term.type("Dear you,")
    wait_for_condition(lambda: letter_body(db, letter) == "Dear you,", "the first words saved")
    term.send("C-t")
    return term, letter


def test_words_typed_in_vim_come_back_after_the_connection_drops(
    terminal, app_env, workbook_exe, book: Workbook, db: Path, content: Path, tmp_path: Path
) -> None:
    from tests.e2e.test_editor import letter_body

    tmpdir = tmp_path / "tmp"
    env = app_env(db, EDITOR=vim_command(), TMPDIR=str(tmpdir))
    term, letter = into_own_editor(terminal, env, workbook_exe, book, db, content)
    term.wait_for("writing.txt")  # vim's status line names the file
    term.send("o")
    term.type("I miss you.")
    term.send("Escape")
    term.type(":w")
    term.send("Enter")  # this line is in the file vim was given
    term.wait_for("written")
    term.send("o")
    term.type("I never said this out loud.")
    term.send("Escape")
    term.wait_for("I never said this out loud.")
    pid = term.pid
    term.kill()  # the connection drops while vim runs; the last line was never written
    wait_for_condition(lambda: not process_alive(pid), "the hung-up app to end")

    kept = list(tmpdir.glob("workbook-edit-*"))
    assert len(kept) == 1, "the editor's folder is kept, vim's swap file in it"
    assert oct(kept[0].stat().st_mode & 0o777) == "0o700"
    assert (kept[0] / "recovery.json").exists()
    assert list(kept[0].glob(".writing.txt.sw?")), sorted(p.name for p in kept[0].iterdir())
    assert letter_body(db, letter) == "Dear you,\nI miss you.", (
        "what vim had written to its file was saved into the letter as the app left")

    again = terminal()
    again.start([workbook_exe], env=env)
    screen = again.wait_for("Words from your own editor", "I never said this out loud.")
    assert "swap file" in screen
    again.send("Enter")  # "Bring them back" has the focus
    wait_for_condition(
        lambda: letter_body(db, letter) == "Dear you,\nI miss you.\nI never said this out loud.",
        "the words from vim's swap file to be back in the letter and saved",
    )
    again.wait_for("Your words are back")
    assert not kept[0].exists(), "the folder goes once the person has chosen"


# An editor deaf to the hang-up (and to SIGTERM): it writes, notes its pid, then waits for ever.
DEAF_EDITOR = """\
#!/bin/sh
trap '' HUP TERM
echo $$ > "{log}/editor-pid"
printf 'Written before the line dropped.\\n' >> "$1"
exec sleep 600
"""


def test_an_editor_that_ignores_the_hang_up_does_not_hold_the_workbook(
    terminal, app_env, workbook_exe, book: Workbook, db: Path, content: Path, tmp_path: Path
) -> None:
    """Issue 24, item 8: after a short grace the editor is ended (SIGTERM, then
    SIGKILL), the app leaves and lets go of the workbook, and the editor's
    folder is kept for the next start to offer its words back."""
    from tests.e2e.test_editor import letter_body

    tmpdir = tmp_path / "tmp"
    script = tmp_path / "deaf-editor"
    script.write_text(DEAF_EDITOR.format(log=tmp_path))
    script.chmod(0o700)
    env = app_env(db, EDITOR=str(script), TMPDIR=str(tmpdir))
    term, letter = into_own_editor(terminal, env, workbook_exe, book, db, content)
    pid_file = tmp_path / "editor-pid"
    wait_for_condition(pid_file.exists, "the editor to start")
    editor = int(pid_file.read_text())
    app = term.pid
    try:
        term.kill()  # the connection drops; the editor takes no notice
        wait_for_condition(lambda: not process_alive(app), "the hung-up app to end",
                           timeout=20)
        wait_for_condition(lambda: not process_alive(editor), "the deaf editor to be ended",
                           timeout=5)
    finally:
        if process_alive(editor):
            os.kill(editor, signal.SIGKILL)
    kept = list(tmpdir.glob("workbook-edit-*"))
    assert len(kept) == 1, "the editor's folder is kept for the next start"
    assert (kept[0] / "recovery.json").exists()
    assert letter_body(db, letter) == "Dear you,\nWritten before the line dropped."

    again = terminal()
    again.start([workbook_exe], env=env)
    again.wait_for("Words from your own editor", "Written before the line dropped.")
    again.send("Enter")  # "Bring them back": the workbook is ours to write again
    again.wait_for("Your words are back")
    assert not kept[0].exists()
