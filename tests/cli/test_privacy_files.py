"""Issue 10, findings 3 to 6: links, planted names, folders, odd files, odd JSON.

Each test does what an attacker (or an unlucky day) did, on real files and,
where the finding was about a command, with the real `workbook` process.
"""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from tests.storage_helpers import another_session
from workbook.core.locations import backups_dir, lock_path
from workbook.core.storage import AnswerStore, BadDatabase, WorkbookLocked
from workbook.core.storage.backups import list_backups
from workbook.core.storage.files import UnsafeFolder, private_dir


def workbook(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """The real command; a hang (a FIFO read) fails the test instead of blocking it."""
    return subprocess.run([sys.executable, "-m", "workbook", *args], cwd=cwd, capture_output=True,
                          text=True, env=dict(os.environ), timeout=60,
                          stdin=subprocess.DEVNULL)


def refused(result: subprocess.CompletedProcess[str], *words: str) -> str:
    assert result.returncode != 0, result.stdout
    assert "Traceback" not in result.stderr
    for word in words:
        assert word in result.stderr
    return result.stderr


def saved(db: Path, answers: dict[str, object]) -> Path:
    store = AnswerStore(db)
    for exercise, value in answers.items():
        store.set(exercise, value)
    store.save()
    store.close()
    return db


def mode(path: Path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


# Finding 3: predictable temporary names, a planted lock link, loose folders


def test_a_link_planted_at_the_old_temporary_name_is_never_followed(db: Path, tmp_path: Path) -> None:
    victim = tmp_path / "victim.txt"
    victim.write_text("someone else's file")
    db.parent.mkdir(mode=0o700)
    planted = db.parent / f".{db.name}.{os.getpid()}.tmp"
    planted.symlink_to(victim)
    saved(db, {"x": {"text": "my words"}})
    assert victim.read_text() == "someone else's file"
    assert AnswerStore(db, read_only=True).get("x") == {"text": "my words"}


def test_a_link_planted_at_the_lock_file_is_refused_and_its_target_kept(db: Path, tmp_path: Path) -> None:
    victim = tmp_path / "victim.txt"
    victim.write_text("someone else's file")
    db.parent.mkdir(mode=0o700)
    lock_path(db).parent.mkdir(parents=True)
    lock_path(db).symlink_to(victim)
    with pytest.raises(BadDatabase, match="lock file .* is a link"):
        AnswerStore(db)
    assert victim.read_text() == "someone else's file"
    backup = tmp_path / "backup.json"
    backup.write_text(json.dumps({"format": "heartbreak-workbook-backup", "version": 1,
                                  "answers": {}}))
    refused(workbook("import", "--yes", str(backup), "--db", str(db)), "is a link")
    assert victim.read_text() == "someone else's file"


def test_loose_data_and_backup_folders_are_tightened_to_0700(db: Path) -> None:
    saved(db, {"x": {"text": "one"}})
    os.chmod(db.parent, 0o777)
    backups_dir(db).mkdir()
    os.chmod(backups_dir(db), 0o777)
    saved(db, {"x": {"text": "two"}})  # the session's first save also makes a backup
    assert mode(db.parent) == 0o700
    assert mode(backups_dir(db)) == 0o700
    assert list_backups(db)


def test_missing_parents_are_made_0700_even_with_umask_000(tmp_path: Path) -> None:
    db = tmp_path / "a" / "b" / "c" / "workbook.json"
    old = os.umask(0)
    try:
        saved(db, {"x": {"text": "hi"}})
    finally:
        os.umask(old)
    for folder in (tmp_path / "a", tmp_path / "a" / "b", tmp_path / "a" / "b" / "c"):
        assert mode(folder) == 0o700, folder


def test_a_folder_owned_by_someone_else_is_refused_with_a_clear_message(tmp_path: Path) -> None:
    if os.geteuid() == 0:
        folder = tmp_path / "theirs"
        folder.mkdir(mode=0o755)
        os.chown(folder, 65534, 65534)  # nobody
    else:
        folder = Path("/")  # root's, not sticky: the same situation for anyone else
    with pytest.raises(UnsafeFolder, match="belongs to another user"):
        private_dir(folder)
    if os.geteuid() == 0:
        with pytest.raises(BadDatabase, match="belongs to another user"):
            AnswerStore(folder / "workbook.json")
        assert mode(folder) == 0o755  # not someone else's to change


def test_a_shared_sticky_folder_is_used_but_never_tightened(tmp_path: Path) -> None:
    shared = tmp_path / "shared"
    shared.mkdir()
    os.chmod(shared, 0o1777)
    saved(shared / "workbook.json", {"x": {"text": "hi"}})
    assert mode(shared) == 0o1777
    assert mode(shared / "workbook.json") == 0o600


# Finding 4: --db as a link


def test_db_through_a_link_writes_the_real_file_and_keeps_the_link(tmp_path: Path) -> None:
    vault = tmp_path / "vault"
    real = saved(vault / "workbook.json", {"x": {"text": "first"}})
    link = tmp_path / "workbook.json"
    link.symlink_to(real)
    saved(link, {"x": {"text": "second"}})
    assert link.is_symlink() and link.resolve() == real
    assert AnswerStore(real, read_only=True).get("x") == {"text": "second"}
    assert not lock_path(link).exists()  # the lock sits by the real file
    assert lock_path(real).exists()
    backup = tmp_path / "backup.json"
    assert workbook("export", "--format", "json", "-o", str(backup), "--db", str(link)).returncode == 0
    result = workbook("import", "--yes", str(backup), "--db", str(link))
    assert result.returncode == 0, result.stderr
    assert link.is_symlink() and link.resolve() == real


def test_two_paths_to_one_file_share_one_writer(tmp_path: Path) -> None:
    real = saved(tmp_path / "vault" / "workbook.json", {"x": {"text": "first"}})
    link = tmp_path / "workbook.json"
    link.symlink_to(real)
    with another_session(real):
        with pytest.raises(WorkbookLocked):
            AnswerStore(link)
    with another_session(link):
        with pytest.raises(WorkbookLocked):
            AnswerStore(real)


def test_a_dangling_link_is_a_clear_error_and_never_replaced(tmp_path: Path) -> None:
    link = tmp_path / "workbook.json"
    link.symlink_to(tmp_path / "unmounted" / "workbook.json")
    with pytest.raises(BadDatabase, match="does not exist"):
        AnswerStore(link)
    refused(workbook("status", "--db", str(link)), "does not exist", "mounted")
    assert link.is_symlink() and not link.exists()
    assert not (tmp_path / "unmounted").exists()


# Finding 5: export onto the workbook


@pytest.mark.parametrize("which", ["database", "lock", "backup", "link to the database"])
def test_export_never_writes_onto_the_workbook_even_with_force(tmp_path: Path, which: str) -> None:
    db = saved(tmp_path / "data" / "workbook.json", {"x": {"text": "first"}})
    saved(db, {"x": {"text": "second"}})  # makes a backup
    link = tmp_path / "shortcut.json"
    link.symlink_to(db)
    target = {"database": db, "lock": lock_path(db), "backup": list_backups(db)[0].path,
              "link to the database": link}[which]
    before = {path: path.read_bytes() for path in (db, list_backups(db)[0].path)}
    result = workbook("export", "--format", "md", "-o", str(target), "--force", "--db", str(db))
    refused(result, "your workbook's own file")
    assert {path: path.read_bytes() for path in before} == before


# Finding 6: odd files


@pytest.fixture
def fifo(tmp_path: Path) -> Path:
    path = tmp_path / "pipe.json"
    os.mkfifo(path)
    return path


def test_a_fifo_or_device_as_db_is_refused_at_once(fifo: Path, tmp_path: Path) -> None:
    refused(workbook("status", "--db", str(fifo)), "named pipe")
    refused(workbook("status", "--short", "--db", str(fifo)), "named pipe")
    refused(workbook("status", "--db", "/dev/zero"), "device")
    refused(workbook("status", "--db", str(tmp_path)), "folder")
    with pytest.raises(BadDatabase, match="named pipe"):
        AnswerStore(fifo)


def test_a_fifo_device_or_folder_as_import_file_is_refused_at_once(fifo: Path, db: Path) -> None:
    saved(db, {"x": {"text": "mine"}})
    before = db.read_bytes()
    refused(workbook("import", "--yes", str(fifo), "--db", str(db)), "named pipe")
    refused(workbook("import", "--yes", "/dev/zero", "--db", str(db)), "device")
    refused(workbook("import", "--yes", str(db.parent), "--db", str(db)), "folder")
    assert db.read_bytes() == before


def test_a_huge_file_is_refused_with_its_size(tmp_path: Path, db: Path) -> None:
    huge = tmp_path / "huge.json"
    with open(huge, "wb") as file:
        file.truncate(300 * 1000 * 1000)  # sparse: costs no disk
    refused(workbook("status", "--db", str(huge)), "300 MB", "larger than any workbook")
    saved(db, {"x": {"text": "mine"}})
    refused(workbook("import", "--yes", str(huge), "--db", str(db)), "300 MB")


def nested(depth: int) -> str:
    return "[" * depth + "]" * depth


def test_deep_nesting_is_a_message_not_a_recursion_error(tmp_path: Path, db: Path) -> None:
    deep = tmp_path / "deep.json"
    deep.write_text('{"answers": {"1": {"exercise": "x", "value": ' + nested(5000) + "}}}")
    refused(workbook("status", "--db", str(deep)), "nested more than")
    with pytest.raises(BadDatabase, match="nested more than"):
        AnswerStore(deep)
    saved(db, {"x": {"text": "mine"}})
    before = db.read_bytes()
    backup = tmp_path / "backup.json"
    backup.write_text('{"format": "heartbreak-workbook-backup", "version": 1, "answers": '
                      '{"x": {"value": ' + nested(5000) + "}}}")
    refused(workbook("import", "--yes", str(backup), "--db", str(db)), "nested more than")
    assert db.read_bytes() == before


def test_deep_nesting_opens_the_app_on_its_problem_screen(tmp_path: Path) -> None:
    from workbook.tui.opening import open_store

    deep = tmp_path / "deep.json"
    deep.write_text('{"answers": {"1": {"exercise": "x", "value": ' + nested(5000) + "}}}")
    store, problem = open_store(deep)
    assert isinstance(problem, BadDatabase) and store.read_only


SURROGATE_DB = ('{"answers": {"1": {"exercise": "x", "value": {"text": "before \\ud83d after"}}},'
                ' "meta": {"1": {"schema": 1}}}')


def test_a_lone_surrogate_becomes_u_fffd_and_the_words_around_it_are_saved(db: Path) -> None:
    db.parent.mkdir(mode=0o700)
    db.write_text(SURROGATE_DB)
    store = AnswerStore(db)
    assert store.get("x") == {"text": "before \ufffd after"}
    assert len(store.notices) == 1 and "\ufffd" in store.notices[0]
    store.set("y", {"text": "typed tonight \udc80 and more"})  # say, pasted
    assert store.save()
    store.close()
    again = AnswerStore(db)
    assert again.get("x") == {"text": "before \ufffd after"}
    assert again.get("y") == {"text": "typed tonight \ufffd and more"}
    assert again.notices == []
    db.read_bytes().decode("utf-8")  # strictly UTF-8 on disk


def test_status_and_export_import_survive_a_lone_surrogate(tmp_path: Path, db: Path) -> None:
    db.parent.mkdir(mode=0o700)
    db.write_text(SURROGATE_DB)
    result = workbook("status", "--db", str(db))
    assert result.returncode == 0 and "\ufffd" in result.stderr
    backup = tmp_path / "backup.json"
    assert workbook("export", "--format", "json", "-o", str(backup), "--db", str(db)).returncode == 0
    backup.read_bytes().decode("utf-8")
    other = tmp_path / "other" / "workbook.json"
    result = workbook("import", "--yes", str(backup), "--db", str(other))
    assert result.returncode == 0, result.stderr
    assert AnswerStore(other, read_only=True).get("x") == {"text": "before \ufffd after"}
    hostile = tmp_path / "hostile.json"
    hostile.write_text('{"format": "heartbreak-workbook-backup", "version": 1, "answers": '
                       '{"x": {"value": {"text": "a \\udfff b"}}}}')
    result = workbook("import", "--yes", str(hostile), "--db", str(other))
    assert result.returncode == 0 and "\ufffd" in result.stderr and "Traceback" not in result.stderr


BACKUP_HEAD = '{"format": "heartbreak-workbook-backup", "version": 1, '


@pytest.mark.parametrize(("body", "words"), [
    ('"answers": {"x": {"value": {"text": NaN}}}}', ['"text" holds NaN']),
    ('"answers": {"x": {"value": {"n": [1, Infinity]}}}}', ['"n" holds Infinity']),
    ('"answers": {"x": {"value": {"n": 1e999}}}}', ['"n" holds 1e999']),
    ('"answers": {"x": {"value": {"text": "a"}}, "x": {"value": {"text": "b"}}}}',
     ['the key "x" appears twice']),
    ('"answers": {"x": {"value": {"n": ' + "9" * 5000 + "}}}}", ["number too long"]),
])
def test_import_refuses_nan_infinity_and_duplicate_keys_naming_the_key(
    tmp_path: Path, db: Path, body: str, words: list[str]
) -> None:
    saved(db, {"x": {"text": "mine"}})
    before = db.read_bytes()
    backup = tmp_path / "backup.json"
    backup.write_text(BACKUP_HEAD + body)
    refused(workbook("import", "--yes", str(backup), "--db", str(db)), *words)
    assert db.read_bytes() == before


def test_a_bom_is_accepted_in_the_database_and_in_a_backup(tmp_path: Path, db: Path) -> None:
    db.parent.mkdir(mode=0o700)
    db.write_bytes(b"\xef\xbb\xbf" + SURROGATE_DB.replace("\\ud83d", "and").encode())
    assert AnswerStore(db, read_only=True).get("x") == {"text": "before and after"}
    backup = tmp_path / "backup.json"
    backup.write_bytes(b"\xef\xbb\xbf" + (BACKUP_HEAD + '"answers": {"x": {"value": '
                                          '{"text": "bom"}}}}').encode())
    result = workbook("import", "--yes", str(backup), "--db", str(db))
    assert result.returncode == 0, result.stderr
    assert AnswerStore(db, read_only=True).get("x") == {"text": "bom"}
