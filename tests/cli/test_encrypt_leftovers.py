"""`workbook encrypt` leaves no answer readable anywhere of ours, and `status` names what is left.

A marker word goes into the answers, a backup, a damaged copy set aside, the
words kept from a cut-off editor session, an unfinished save and an editor's
kept folder; after `encrypt` no file under the test's folder (the data,
config, cache and temporary folders all live there) holds it, and every
word can still be opened with the workbook's key.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest

from workbook.cli import main
from workbook.core.storage import AnswerStore
from workbook.core.storage.backups import list_backups
from workbook.core.storage.conversion import encrypt_workbook
from workbook.core.storage.encryption import unlock
from workbook.tui.editor import RECORD, _keep
from workbook.tui.editor_recovery import Leftover, keep_aside

PASSPHRASE = "slow mornings, kinder evenings"
MARKER = "quillfeather"


@pytest.fixture(autouse=True)
def setting(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The passphrase from the environment, and the temporary folder inside tmp_path."""
    monkeypatch.setenv("WORKBOOK_PASSPHRASE", PASSPHRASE)
    temp = tmp_path / "tmp"
    temp.mkdir(mode=0o700)
    monkeypatch.setattr(tempfile, "tempdir", str(temp))
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "xdg-state"))


def holding(folder: Path, word: str) -> list[Path]:
    """Every file under `folder` whose bytes hold `word`."""
    return [path for path in folder.rglob("*")
            if path.is_file() and not path.is_symlink() and word.encode() in path.read_bytes()]


def write_marked_answers(db: Path, workbook) -> str:
    """Two sessions with the marker (the second backs up the first), and an exercise id."""
    exercise = next(e for e in workbook.exercises if e.kind == "text")
    for session in range(2):
        store = AnswerStore(db)
        store.set(exercise.id, {exercise.fields[0].id: f"{MARKER} {session}: I let it go"})
        store.save()
        store.close()
    assert list_backups(db), "a backup holds the marker too"
    return exercise.id


def moved_aside(db: Path) -> Path:
    """A damaged workbook set aside, as the app does (its bytes never touched)."""
    path = db.with_name(f"{db.stem}.moved-aside-20261201-101500{db.suffix}")
    path.write_bytes(b'{"answers": {"1": {"words": "' + MARKER.encode() + b' cut off')
    os.chmod(path, 0o600)
    return path


def recovered(db: Path, tmp_path: Path) -> Path:
    """Words kept aside from a cut-off editor session, as the app keeps them."""
    folder = tmp_path / "gone-editor"
    folder.mkdir(mode=0o700)
    return keep_aside(Leftover(folder, {"exercise": "letter-1"}, f"{MARKER} kept aside",
                               "as your editor last saved it"), db.parent)


def unfinished_save(db: Path) -> Path:
    """A temporary file a killed save left beside the workbook."""
    path = db.parent / f".{db.name}.k1ll3d.tmp"
    path.write_bytes(b'{"answers": "' + MARKER.encode())
    return path


def editor_folder(db: Path, exercise_id: str) -> Path:
    """A folder kept because the session was cut off while the editor ran."""
    folder = Path(tempfile.mkdtemp(prefix="workbook-edit-"))
    (folder / "writing.txt").write_text(f"{MARKER} typed in my editor\n")
    _keep(folder, "writing.txt", "before", {"db": os.path.realpath(db), "exercise": exercise_id})
    return folder


def test_encrypt_leaves_the_marker_nowhere_and_keeps_every_word(
        tmp_path: Path, db: Path, workbook, capsys) -> None:
    exercise_id = write_marked_answers(db, workbook)
    aside, kept, temp = moved_aside(db), recovered(db, tmp_path), unfinished_save(db)
    editor = editor_folder(db, exercise_id)
    aside_bytes = aside.read_bytes()
    assert len(holding(tmp_path, MARKER)) >= 6  # the test can see every one

    assert main(["encrypt", "--db", str(db), "--yes"]) == 0

    assert holding(tmp_path, MARKER) == []
    out = capsys.readouterr().out
    assert f"Encrypted {aside}, the copy of a damaged workbook" in out
    assert f"Encrypted the words kept from your editor into {kept}.age" in out
    assert f"Removed {temp}: an unfinished save" in out
    assert f"Encrypted the backup {list_backups(db)[0].path}." in out
    assert f"Kept the words from {editor} encrypted in" in out
    assert not kept.exists() and not temp.exists() and not editor.exists()
    # Nothing was lost: each opens with the workbook's key.
    key = unlock(db, PASSPHRASE)
    assert key.decrypt(aside, aside.read_bytes()) == aside_bytes
    assert key.decrypt(kept, Path(f"{kept}.age").read_bytes()) == f"{MARKER} kept aside\n".encode()
    from_editor = [p for p in (db.parent / "recovered").iterdir() if exercise_id in p.name]
    assert [key.decrypt(p, p.read_bytes()) for p in from_editor] == [
        f"{MARKER} typed in my editor\n".encode()]
    # And the workbook says nothing more is plain.
    assert main(["status", "--db", str(db)]) == 0
    assert "plain text" not in capsys.readouterr().out


def test_the_old_plain_bytes_are_overwritten_where_they_lay(db: Path, workbook) -> None:
    """A replaced file's old blocks are zeroed once the encrypted one is in place."""
    write_marked_answers(db, workbook)
    old_db = os.open(db, os.O_RDONLY)  # the old file, as the disk still holds it
    old_backup = os.open(list_backups(db)[0].path, os.O_RDONLY)
    try:
        encrypt_workbook(db, PASSPHRASE)
        for fd in (old_db, old_backup):
            size = os.fstat(fd).st_size
            assert size and os.pread(fd, size, 0) == bytes(size)
    finally:
        os.close(old_db)
        os.close(old_backup)


def test_status_names_each_plain_file_left_and_what_to_do(
        tmp_path: Path, db: Path, workbook, capsys) -> None:
    exercise_id = write_marked_answers(db, workbook)
    assert main(["encrypt", "--db", str(db)]) == 0
    aside, kept, editor = moved_aside(db), recovered(db, tmp_path), editor_folder(db, exercise_id)
    capsys.readouterr()

    assert main(["status", "--db", str(db)]) == 0

    out = capsys.readouterr().out
    assert "still hold your words as plain text" in out
    for path in (aside, kept, editor):
        assert str(path) in out
    assert "Run 'workbook encrypt' to encrypt them" in out


def test_without_a_yes_the_editor_folder_stays_and_it_says_how(
        db: Path, workbook, capsys, monkeypatch) -> None:
    editor = editor_folder(db, write_marked_answers(db, workbook))
    monkeypatch.setattr("sys.stdin.isatty", lambda: False)

    assert main(["encrypt", "--db", str(db)]) == 0

    out = capsys.readouterr().out
    assert f"  {editor}" in out and "They stay as they are" in out
    assert (editor / RECORD).exists()
    assert main(["status", "--db", str(db)]) == 0
    assert str(editor) in capsys.readouterr().out
    assert main(["encrypt", "--db", str(db), "--yes"]) == 0  # again, to finish
    assert not editor.exists()


def test_decrypt_brings_every_encrypted_leftover_back_before_the_key_goes(
        tmp_path: Path, db: Path, workbook, capsys) -> None:
    """Else a copy set aside or words from the editor would be locked for good."""
    write_marked_answers(db, workbook)
    aside, kept = moved_aside(db), recovered(db, tmp_path)
    aside_bytes, kept_bytes = aside.read_bytes(), kept.read_bytes()
    assert main(["encrypt", "--db", str(db)]) == 0
    assert not kept.exists()

    assert main(["decrypt", "--db", str(db), "--yes"]) == 0

    out = capsys.readouterr().out
    assert f"Decrypted {kept}.age into {kept}." in out and f"Decrypted {aside}." in out
    assert aside.read_bytes() == aside_bytes and kept.read_bytes() == kept_bytes
    assert not Path(f"{kept}.age").exists()
    assert "was removed" in out  # the key file: nothing needs it now
