"""An encrypted workbook's text goes to the person's own editor only through memory.

The editor here is a small script that notes where its file is, and on what
filesystem, then writes into it: the file must sit in a RAM-backed folder
($XDG_RUNTIME_DIR, else /dev/shm) and be gone afterwards, or the editor is
never started and the message says why.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from tests.conftest import skip_or_fail
from workbook.tui import editor
from workbook.tui.editor import EditorError, edit_text, filesystem_type

RECORDER = """\
import sys
from pathlib import Path
path = Path(sys.argv[1])
Path({log!r}).write_text(str(path.resolve()))
path.write_text(path.read_text().rstrip(chr(10)) + " and then some" + chr(10), encoding="utf-8")
"""


@pytest.fixture
def recorder(tmp_path: Path) -> tuple[list[str], Path]:
    log = tmp_path / "where.txt"
    script = tmp_path / "recorder.py"
    script.write_text(RECORDER.format(log=str(log)))
    return [sys.executable, str(script)], log


def need_dev_shm() -> None:
    if filesystem_type("/dev/shm") != "tmpfs":
        skip_or_fail("/dev/shm is not a tmpfs on this machine")


def test_the_temp_file_lives_in_memory_and_goes_away(recorder, monkeypatch):
    need_dev_shm()
    command, log = recorder
    monkeypatch.delenv("XDG_RUNTIME_DIR", raising=False)
    result = edit_text("Dear me,", command, in_memory=True)
    assert result.text == "Dear me, and then some"
    used = Path(log.read_text())
    assert filesystem_type(used) == "tmpfs"
    assert str(used).startswith("/dev/shm/")
    assert not used.parent.exists()


def test_a_disk_backed_runtime_dir_is_passed_over(recorder, tmp_path, monkeypatch):
    need_dev_shm()
    command, log = recorder
    disk = tmp_path / "runtime"
    disk.mkdir(mode=0o700)
    assert filesystem_type(disk) != "tmpfs"  # the test's premise: tmp_path is on a disk
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(disk))
    edit_text("Dear me,", command, in_memory=True)
    used = Path(log.read_text())
    assert filesystem_type(used) in editor.RAM_FILESYSTEMS
    assert not str(used).startswith(str(disk))
    assert list(disk.iterdir()) == []


def test_with_no_memory_folder_the_editor_is_refused_saying_why(recorder, tmp_path, monkeypatch):
    command, log = recorder
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(tmp_path))
    monkeypatch.setattr(editor, "filesystem_type", lambda folder: "ext4")  # no RAM anywhere
    before = set(os.listdir(tmp_path))
    with pytest.raises(EditorError, match=r"encrypted.*in memory \(\$XDG_RUNTIME_DIR or /dev/shm\)"):
        edit_text("Dear me,", command, in_memory=True)
    assert not log.exists()  # the editor never ran
    assert set(os.listdir(tmp_path)) == before


def test_a_plain_workbook_keeps_the_usual_temp_folder(recorder, tmp_path, monkeypatch):
    command, log = recorder
    monkeypatch.setenv("TMPDIR", str(tmp_path))
    import tempfile

    monkeypatch.setattr(tempfile, "tempdir", None)  # read TMPDIR afresh
    edit_text("Dear me,", command)
    assert Path(log.read_text()).is_relative_to(tmp_path.resolve())
