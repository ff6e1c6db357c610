"""`workbook sync`, for scripts and cron: conflict copies merged, a clear exit status.

Exit 0 when there was nothing to do or every copy merged; 1 with a message
on stderr when a copy could not be merged, or the workbook is open in the
app (which merges the copies itself).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.cli.test_export_cli import run
from tests.core.test_sync import NAMES, copy_from_desktop, texts, write
from tests.storage_helpers import another_session
from workbook.core.content import Exercise
from workbook.core.storage.backups import list_backups

PASSPHRASE = "correct horse battery"


@pytest.fixture
def journal(workbook) -> Exercise:
    from tests.conftest import first_of_kind

    return first_of_kind(workbook, "journal")


@pytest.fixture
def laptop(tmp_path: Path, journal: Exercise) -> Path:
    db = tmp_path / "Sync" / "workbook.json"
    write(db, journal, {"shared": "the first night"})
    return db


def test_nothing_to_do_says_so_and_exits_0(laptop: Path, tmp_path: Path) -> None:
    before = laptop.read_bytes()
    done = run("sync", "--db", str(laptop), cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "Nothing to merge" in done.stdout
    assert laptop.read_bytes() == before


def test_a_conflict_copy_is_merged_reported_and_moved(laptop: Path, journal: Exercise,
                                                       tmp_path: Path) -> None:
    conflict = copy_from_desktop(laptop, journal, NAMES["syncthing"],
                                 {"desk-1": "at my desk", "desk-2": "a long walk"})
    write(laptop, journal, {"train": "on the train"})
    done = run("sync", "--db", str(laptop), cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "Merged a copy from another machine (Syncthing" in done.stdout
    assert "2 journal entries added" in done.stdout, done.stdout
    assert not conflict.exists()
    assert [b.label for b in list_backups(laptop) if b.label] == ["conflict-copy"]
    assert set(texts(laptop, journal)) == {"shared", "train", "desk-1", "desk-2"}
    again = run("sync", "--db", str(laptop), cwd=tmp_path)
    assert again.returncode == 0 and "Nothing to merge" in again.stdout


def test_a_bad_copy_exits_1_with_a_message_and_is_left_alone(laptop: Path,
                                                              tmp_path: Path) -> None:
    conflict = laptop.parent / NAMES["dropbox"]
    conflict.write_text('{"meta": {"1": {"schema": 2}}}')
    before = laptop.read_bytes()
    done = run("sync", "--db", str(laptop), cwd=tmp_path)
    assert done.returncode == 1
    assert "Not merged: workbook (Laptop's conflicted copy 2026-12-06).json" in done.stderr
    assert "schema 2" in done.stderr and "Traceback" not in done.stderr
    assert conflict.read_text() == '{"meta": {"1": {"schema": 2}}}'
    assert laptop.read_bytes() == before


def test_while_the_workbook_is_open_elsewhere_it_exits_1_and_merges_nothing(
        laptop: Path, journal: Exercise, tmp_path: Path) -> None:
    conflict = copy_from_desktop(laptop, journal, NAMES["nextcloud"], {"desk": "at my desk"})
    with another_session(laptop):
        done = run("sync", "--db", str(laptop), cwd=tmp_path)
    assert done.returncode == 1
    assert "open in another workbook session" in done.stderr
    assert "merges the copies itself" in done.stderr
    assert conflict.exists()


def test_an_encrypted_workbook_asks_for_its_passphrase_and_stays_encrypted(
        laptop: Path, journal: Exercise, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    from workbook.core.storage.conversion import encrypt_workbook
    from workbook.core.storage.encryption import is_encrypted, unlock

    encrypt_workbook(laptop, PASSPHRASE)
    key = unlock(laptop, PASSPHRASE)
    copy_from_desktop(laptop, journal, NAMES["syncthing"], {"desk": "marmalade at my desk"},
                      key)
    without = run("sync", "--db", str(laptop), cwd=tmp_path)
    assert without.returncode == 1 and "passphrase" in without.stderr
    monkeypatch.setenv("WORKBOOK_PASSPHRASE", PASSPHRASE)
    done = run("sync", "--db", str(laptop), cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "1 journal entry added" in done.stdout
    assert is_encrypted(laptop)
    assert texts(laptop, journal, key)["desk"] == "marmalade at my desk"
    for path in laptop.parent.rglob("*"):
        if path.is_file():
            assert b"marmalade" not in path.read_bytes(), path
