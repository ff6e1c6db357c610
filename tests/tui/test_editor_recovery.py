"""Words left in a cut-off editor: kept aside only in a private folder of the person's own.

`recovered/` in the data folder is made 0700 whatever the umask, tightened
when it is already there and loose, and refused (the words stay where they
were, offered again) when it is a link or someone else's. vim's recovery run
never sees the workbook's secrets.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from workbook.tui.editor_recovery import Leftover, keep_aside, recovered_text

WORDS = "What I could not say out loud."


def leftover(tmp_path: Path) -> Leftover:
    folder = tmp_path / "workbook-edit-x"
    folder.mkdir(mode=0o700, exist_ok=True)
    return Leftover(folder, {"exercise": "letter-1"}, WORDS, "as your editor last saved it")


def mode(path: Path) -> int:
    return stat.S_IMODE(os.lstat(path).st_mode)


@pytest.fixture
def data(tmp_path: Path) -> Path:
    folder = tmp_path / "data"
    folder.mkdir(mode=0o700)
    return folder


@pytest.mark.parametrize("umask", [0o000, 0o277], ids=["open", "odd"])
def test_the_words_go_to_a_private_folder_whatever_the_umask(
    tmp_path: Path, data: Path, umask: int
) -> None:
    old = os.umask(umask)
    try:
        kept = keep_aside(leftover(tmp_path), data)
    finally:
        os.umask(old)
    assert kept.parent == data / "recovered"
    assert kept.read_text(encoding="utf-8") == WORDS + "\n"
    assert mode(kept.parent) == 0o700 and mode(kept) & 0o077 == 0
    again = keep_aside(leftover(tmp_path), data)  # the same second: a name of its own
    assert again != kept and again.read_text(encoding="utf-8") == WORDS + "\n"


def test_a_loose_recovered_folder_is_tightened(tmp_path: Path, data: Path) -> None:
    (data / "recovered").mkdir()
    os.chmod(data / "recovered", 0o777)
    keep_aside(leftover(tmp_path), data)
    assert mode(data / "recovered") == 0o700


def test_a_link_in_place_of_recovered_is_refused_and_nothing_goes_through_it(
    tmp_path: Path, data: Path
) -> None:
    elsewhere = tmp_path / "someone-elses"
    elsewhere.mkdir(mode=0o777)
    os.chmod(elsewhere, 0o777)
    (data / "recovered").symlink_to(elsewhere)
    with pytest.raises(OSError) as error:
        keep_aside(leftover(tmp_path), data)
    assert error.value.strerror == (f"{data / 'recovered'} is not a folder of yours (it is a "
                                    "link): move it away and try again")
    assert list(elsewhere.iterdir()) == [] and mode(elsewhere) == 0o777
    assert (data / "recovered").is_symlink(), "what was there is left as it was"


def test_a_file_in_place_of_recovered_is_refused(tmp_path: Path, data: Path) -> None:
    (data / "recovered").write_text("mine")
    with pytest.raises(OSError, match="is not a folder of yours .it is a file."):
        keep_aside(leftover(tmp_path), data)
    assert (data / "recovered").read_text() == "mine"


def test_a_recovered_folder_of_another_user_is_refused(
    tmp_path: Path, data: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (data / "recovered").mkdir(mode=0o700)
    owner = os.lstat(data / "recovered").st_uid
    monkeypatch.setattr(os, "geteuid", lambda: owner + 1)  # as if someone else made it
    with pytest.raises(OSError) as error:
        keep_aside(leftover(tmp_path), data)
    assert "belongs to another user" in error.value.strerror
    assert list((data / "recovered").iterdir()) == []


FAKE_VIM = """\
#!/bin/sh
env > "{log}"
"""


def test_vims_recovery_run_never_sees_the_workbooks_secrets(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    bin_folder = tmp_path / "bin"
    bin_folder.mkdir()
    log = tmp_path / "vim-env"
    vim = bin_folder / "vim"
    vim.write_text(FAKE_VIM.format(log=log))
    vim.chmod(0o700)
    monkeypatch.setenv("PATH", f"{bin_folder}:{os.environ['PATH']}")
    monkeypatch.setenv("WORKBOOK_PASSPHRASE", "set for a script")
    monkeypatch.setenv("WORKBOOK_NEW_PASSPHRASE", "the next one")
    folder = leftover(tmp_path).folder
    (folder / "writing.txt").write_text("As saved.\n")
    (folder / ".writing.txt.swp").write_bytes(b"b0VIM")
    recovered_text(folder, "writing.txt")
    names = {line.split("=", 1)[0] for line in log.read_text().splitlines()}
    assert "PATH" in names
    assert not names & {"WORKBOOK_PASSPHRASE", "WORKBOOK_NEW_PASSPHRASE"}
