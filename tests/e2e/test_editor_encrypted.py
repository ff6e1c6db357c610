"""ctrl+t on an encrypted workbook, in a real terminal: the editor's file lives only in memory.

$XDG_RUNTIME_DIR points at a disk folder here and TMPDIR at another: both
must stay empty, and the file the editor got must sit on a tmpfs.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import TextArea

from tests.conftest import skip_or_fail, welcomed
from tests.e2e.focus import inside, tabs_to
from tests.e2e.test_editor import APPEND, first_letter, into_letter
from tests.e2e.tmux import wait_for_condition
from workbook.core.storage.conversion import encrypt_workbook
from workbook.core.storage.encryption import unlock
from workbook.tui.editor import filesystem_type

PASSPHRASE = "the long way home"

pytestmark = pytest.mark.e2e


def test_the_editor_file_of_an_encrypted_workbook_never_touches_a_disk(
        tmp_path, terminal, app_env, workbook_exe, book, content, db):
    if filesystem_type("/dev/shm") != "tmpfs":
        skip_or_fail("/dev/shm is not a tmpfs on this machine")
    welcomed(db)
    letter, number = first_letter(book)
    tabs = tabs_to(db, content, number, inside(letter.id, TextArea))  # counted while plain
    encrypt_workbook(db, PASSPHRASE)
    script = tmp_path / "append-editor"
    script.write_text(APPEND.format(log=tmp_path, status=0))
    script.chmod(0o700)
    tmpdir, runtime = tmp_path / "tmp", tmp_path / "runtime-on-disk"
    for folder in (tmpdir, runtime):
        folder.mkdir(mode=0o700)

    term = terminal()
    term.start([workbook_exe], env=app_env(db, EDITOR=str(script), TMPDIR=str(tmpdir),
                                          XDG_RUNTIME_DIR=str(runtime)))
    term.wait_for("Passphrase")
    term.type(PASSPHRASE)
    term.send("Enter")
    term.wait_for("Press a number to open a step", timeout=180)  # scrypt, maybe on a busy machine
    into_letter(term, book, db, content, tabs)
    term.type("Before.")
    term.wait_for("Before.")
    term.send("C-t")
    term.wait_for("A line from my editor.")

    used = Path((tmp_path / "path").read_text().strip())
    assert filesystem_type(used.parent.parent) == "tmpfs", used
    assert not used.parent.exists(), "the private folder must be gone"
    assert list(tmpdir.iterdir()) == [] and list(runtime.iterdir()) == []
    key = unlock(db, PASSPHRASE)

    def saved() -> bool:
        raw = db.read_bytes()
        return b"A line from my editor." in key.decrypt(db, raw) and b"editor" not in raw

    wait_for_condition(saved, "the edited letter to be saved, encrypted")
