"""ctrl+t: long writing in the person's own $VISUAL / $EDITOR, locally and over SSH."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from textual.widgets import TextArea

from tests.conftest import need_tool, welcomed
from tests.e2e.focus import inside, tabs_to
from tests.e2e.sshd import SSHServer, remote
from tests.e2e.tmux import Tmux, wait_for_condition
from tests.storage_helpers import read_stored
from workbook.core.content import Exercise, Workbook
from workbook.tui.editor import EditorError, edit_text, editor_command

# An editor that appends a line and records where it was asked to write, and its environment.
APPEND = """\
#!/bin/sh
env > "{log}/env"
printf '%s\\n' "$1" > "{log}/path"
ls -ld "$(dirname "$1")" > "{log}/folder"
printf 'A line from my editor.\\n' >> "$1"
exit {status}
"""


def letter_body(db: Path, exercise: Exercise) -> str | None:
    value = read_stored(db).get(exercise.id)
    return value["body"] if isinstance(value, dict) else None


def first_letter(book: Workbook) -> tuple[Exercise, int]:
    letter = next(e for e in book.exercises if e.kind == "letter")
    return letter, next(s.number for s in book.steps if letter in s.exercises)


def into_letter(term: Tmux, book: Workbook, db: Path, content: Path,
                tabs: int | None = None) -> Exercise:
    """From home, open the first letter's step and put the cursor in its body
    (`tabs` when already counted, say while the workbook was still plain)."""
    letter, number = first_letter(book)
    if tabs is None:
        tabs = tabs_to(db, content, number, inside(letter.id, TextArea))
    term.wait_for("Press a number to open a step")
    term.send(str(number % 10))
    term.wait_for(f"Step {number} of", book.step(number).title)
    term.settle()
    term.send(*["Tab"] * tabs)
    term.settle()
    return letter


# The module itself, without a terminal


def test_editor_command_prefers_visual_and_splits_like_a_shell() -> None:
    assert editor_command({"VISUAL": "code --wait", "EDITOR": "vi"}) == ["code", "--wait"]
    assert editor_command({"VISUAL": " ", "EDITOR": "'/opt/my editor/ed' -n"}) == [
        "/opt/my editor/ed", "-n"]
    assert editor_command({"PATH": ""}) is None  # nothing set and no system editor found
    with pytest.raises(EditorError, match="EDITOR"):
        editor_command({"EDITOR": "vi 'unclosed"})


def secrets_seen(log: Path) -> set[str]:
    """The workbook's secrets among the names in the environment an editor recorded."""
    names = {line.split("=", 1)[0] for line in (log / "env").read_text().splitlines()}
    assert "PATH" in names, "the editor recorded its environment"
    return names & {"WORKBOOK_PASSPHRASE", "WORKBOOK_NEW_PASSPHRASE"}


def test_edit_text_gives_back_the_text_and_removes_its_private_folder(tmp_path: Path,
                                                                      monkeypatch) -> None:
    monkeypatch.setenv("TMPDIR", str(tmp_path / "tmp"))
    monkeypatch.setenv("WORKBOOK_PASSPHRASE", "set for a script")
    monkeypatch.setenv("WORKBOOK_NEW_PASSPHRASE", "the next one")
    (tmp_path / "tmp").mkdir()
    import tempfile

    monkeypatch.setattr(tempfile, "tempdir", None)  # re-read TMPDIR
    for status in (0, 3):
        script = tmp_path / f"editor-{status}"
        script.write_text(APPEND.format(log=tmp_path, status=status))
        script.chmod(0o700)
        result = edit_text("Dear me,", [str(script)])
        assert result.text == "Dear me,\nA line from my editor."
        assert result.changed
        assert (result.note is None) == (status == 0)
        folder_listing = (tmp_path / "folder").read_text()
        assert folder_listing.startswith("drwx------")
        written_in = Path((tmp_path / "path").read_text().strip()).parent
        assert written_in.parent == tmp_path / "tmp"
        assert not written_in.exists()
        assert secrets_seen(tmp_path) == set(), "the editor never sees the workbook's secrets"
    assert list((tmp_path / "tmp").iterdir()) == []
    with pytest.raises(EditorError, match="no such program"):
        edit_text("x", [str(tmp_path / "missing-editor")])
    assert list((tmp_path / "tmp").iterdir()) == []


# The real app in a real terminal


@pytest.fixture
def editor_run(tmp_path: Path, terminal, app_env, workbook_exe, db: Path) -> Iterator:
    """Start the workbook with EDITOR set (and TMPDIR private, to see what is left)."""
    tmpdir = tmp_path / "tmp"
    tmpdir.mkdir()

    def start(editor: str, **extra: str) -> Tmux:
        welcomed(db)
        term = terminal()
        term.start([workbook_exe], env=app_env(db, EDITOR=editor, TMPDIR=str(tmpdir), **extra))
        return term

    yield start, tmpdir


@pytest.mark.e2e
@pytest.mark.parametrize("status", [0, 3], ids=["editor-ok", "editor-fails"])
def test_ctrl_t_opens_the_editor_and_brings_the_text_back_saved(
    editor_run, tmp_path: Path, book: Workbook, content: Path, db: Path, status: int
) -> None:
    start, tmpdir = editor_run
    script = tmp_path / "append-editor"
    script.write_text(APPEND.format(log=tmp_path, status=status))
    script.chmod(0o700)
    term = start(str(script), WORKBOOK_PASSPHRASE="set for a script")
    letter = into_letter(term, book, db, content)
    term.type("Before.")
    term.wait_for("Before.")
    term.send("C-t")
    term.wait_for("A line from my editor.")
    wait_for_condition(lambda: letter_body(db, letter) == "Before.\nA line from my editor.",
                       "the edited letter to be saved")
    assert (tmp_path / "folder").read_text().startswith("drwx------")
    assert list(tmpdir.iterdir()) == [], "the private folder must be gone"
    assert secrets_seen(tmp_path) == set(), "the editor never sees the workbook's secrets"
    if status:
        term.wait_for("ended with an error")
    # the text is live in the app again: keep typing after it
    term.type(" More.")
    wait_for_condition(lambda: letter_body(db, letter) == "Before.\nA line from my editor. More.",
                       "typing to carry on after the editor")


@pytest.mark.e2e
def test_without_an_editor_ctrl_t_says_how_to_set_one(
    editor_run, book: Workbook, content: Path, db: Path, workbook_exe: str
) -> None:
    start, tmpdir = editor_run
    # No $EDITOR, and no sensible-editor or editor on $PATH either.
    term = start("", PATH=str(Path(workbook_exe).parent))
    into_letter(term, book, db, content)
    term.send("C-t")
    term.wait_for("No editor is set or found")
    assert list(tmpdir.iterdir()) == []


@pytest.fixture
def ssh_server(tmp_path: Path) -> Iterator[SSHServer]:
    server = SSHServer(tmp_path / "sshd").start()
    yield server
    server.stop()


# name -> (what shows the editor is open, keys that write a line, save and quit)
EDITORS = {
    "vi": ("writing.txt", ["G", "o", "-l:Written in vi.", "Escape", ":", "w", "q", "Enter"]),
    "nano": ("^X Exit", ["C-End", "-l:Written in nano.", "C-x", "y", "Enter"]),
}


@pytest.mark.e2e
@pytest.mark.parametrize("editor", sorted(EDITORS))
def test_vi_and_nano_work_over_ssh(
    editor: str, ssh_server: SSHServer, terminal, workbook_exe: str, book: Workbook,
    content: Path, db: Path, tmp_path: Path,
) -> None:
    need_tool(editor)
    welcomed(db)
    tmpdir = tmp_path / "tmp"
    tmpdir.mkdir()
    home = tmp_path / "home"
    home.mkdir()
    env = {
        "WORKBOOK_DB": str(db), "WORKBOOK_CONTENT": str(content), "EDITOR": editor,
        "TMPDIR": str(tmpdir), "HOME": str(home), "LANG": "C.UTF-8",
        "XDG_DATA_HOME": str(tmp_path / "xdg-data"), "XDG_CONFIG_HOME": str(tmp_path / "xdg-config"),
        "XDG_STATE_HOME": str(tmp_path / "xdg-state"),
    }
    term = terminal()
    term.start(ssh_server.ssh_argv(remote(env, [workbook_exe])))
    letter = into_letter(term, book, db, content)
    term.type("Dear you,")
    term.wait_for("Dear you,")
    term.send("C-t")
    shown, keys = EDITORS[editor]
    term.wait_for(shown)
    term.settle()
    for key in keys:
        if key.startswith("-l:"):
            term.type(key[3:])
        else:
            term.send(key, pause=0.15)
    written = f"Written in {editor}."
    term.wait_for(written, "Step")
    wait_for_condition(lambda: letter_body(db, letter) == f"Dear you,\n{written}",
                       f"the letter from {editor} to be saved")
    assert list(tmpdir.iterdir()) == []
    term.send("C-q")
    assert term.wait_exit() == 0


@pytest.mark.e2e
def test_vim_opens_the_letter_as_a_whole_text_file(
    editor_run, book: Workbook, content: Path, db: Path
) -> None:
    """No "[Incomplete last line]": the file ends with a newline, and only that
    one newline is taken off when the text comes back."""
    need_tool("vim")
    start, _ = editor_run
    term = start("vim")
    letter = into_letter(term, book, db, content)
    term.type("Dear you,")
    term.wait_for("Dear you,")
    term.send("C-t")
    screen = term.wait_for('writing.txt"')
    assert "Incomplete last line" not in screen and "noeol" not in screen
    term.send("Escape")
    term.type(":wq")
    term.send("Enter")
    term.wait_for("Step")
    term.type(" again")
    wait_for_condition(lambda: letter_body(db, letter) == "Dear you, again",
                       "the letter to come back whole, without an extra line")
