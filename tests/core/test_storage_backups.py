"""Automatic backups: one before each session's first write, pruned, listed, restored."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

from tests.storage_helpers import another_session, workbook_cmd
from workbook.core.locations import backups_dir
from workbook.core.storage import AnswerStore
from workbook.core.storage.backups import KEEP_DAYS, KEEP_LAST, list_backups, prune


def session(db: Path, **answers: object) -> None:
    """One session of the app: open, change answers, save (maybe twice), close."""
    store = AnswerStore(db)
    for exercise, value in answers.items():
        store.set(exercise, value)
        store.save()
    store.close()


def test_each_session_backs_up_what_was_there_before_its_first_write(db: Path) -> None:
    session(db, letter="first night")
    assert list_backups(db) == []  # nothing existed before: nothing to keep
    before = db.read_bytes()
    session(db, letter="second night", scale=3)  # two saves, one backup
    backups = list_backups(db)
    assert len(backups) == 1
    assert backups[0].path.read_bytes() == before
    assert backups[0].size == len(before)

    AnswerStore(db, read_only=True).close()  # reading makes no backup
    store = AnswerStore(db)
    store.close()  # nor does a session that changes nothing
    assert len(list_backups(db)) == 1


def make_backup(db: Path, when: datetime) -> Path:
    folder = backups_dir(db)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{db.stem}-{when:%Y%m%d-%H%M%S}.json"
    path.write_text("{}", encoding="utf-8")
    return path


def test_pruning_keeps_the_last_ten_and_one_a_day_for_thirty_days(db: Path) -> None:
    now = datetime(2025, 3, 1, 12, 0, 0)
    made = [make_backup(db, now - timedelta(days=day, hours=hour))
            for day in range(45) for hour in (0, 1, 2)]
    unrelated = backups_dir(db) / "notes.txt"
    unrelated.write_text("mine")
    prune(db, now=now)
    kept = {backup.path for backup in list_backups(db)}
    newest_ten = set(made[:KEEP_LAST])
    latest_each_day = {made[3 * day] for day in range(KEEP_DAYS)}
    assert kept == newest_ten | latest_each_day
    # The newest 10 are days 0-2 (three each) and day 3's latest: 6 beyond one a day.
    assert len(kept) == KEEP_DAYS + 6
    assert unrelated.exists()  # only our own backups are ever pruned


def test_a_busy_day_keeps_only_the_last_ten(db: Path) -> None:
    now = datetime(2025, 3, 1, 23, 0, 0)
    made = [make_backup(db, now - timedelta(minutes=minute)) for minute in range(25)]
    prune(db, now=now)
    assert [backup.path for backup in list_backups(db)] == made[:KEEP_LAST]


def test_workbook_backups_lists_names_dates_and_sizes(db: Path) -> None:
    empty = workbook_cmd("backups", "--db", str(db))
    assert empty.returncode == 0 and "No backups" in empty.stdout
    session(db, letter="one")
    session(db, letter="two")
    session(db, letter="three")
    result = workbook_cmd("backups", "--db", str(db))
    assert result.returncode == 0, result.stderr
    for backup in list_backups(db):
        row = next(line for line in result.stdout.splitlines() if backup.name in line)
        assert f"{backup.taken:%Y-%m-%d %H:%M:%S}" in row and "bytes" in row
    assert "workbook restore NAME" in result.stdout


def test_restore_by_name_keeps_the_current_file_first(db: Path) -> None:
    session(db, letter="the version I want back")
    wanted = db.read_bytes()
    session(db, letter="a version I regret")
    current = db.read_bytes()
    name = list_backups(db)[0].name
    result = workbook_cmd("restore", name, "--db", str(db), "--yes")
    assert result.returncode == 0, result.stderr
    assert db.read_bytes() == wanted
    assert any(b.path.read_bytes() == current for b in list_backups(db))  # kept first
    assert "kept as" in result.stdout


def test_restore_by_path(db: Path, tmp_path: Path) -> None:
    session(db, letter="kept elsewhere")
    copy = tmp_path / "my-copy.json"
    copy.write_bytes(db.read_bytes())
    session(db, letter="changed")
    assert workbook_cmd("restore", str(copy), "--db", str(db), "--yes").returncode == 0
    assert AnswerStore(db, read_only=True).get("letter") == "kept elsewhere"


def test_restore_is_refused_while_the_workbook_is_open_elsewhere(db: Path) -> None:
    session(db, letter="one")
    session(db, letter="two")
    before = db.read_bytes()
    with another_session(db):
        result = workbook_cmd("restore", list_backups(db)[0].name, "--db", str(db), "--yes")
    assert result.returncode == 1
    assert len(result.stderr.strip().splitlines()) == 1
    assert "open in another session" in result.stderr
    assert db.read_bytes() == before


def test_restore_refuses_a_bad_backup_or_an_unknown_name(db: Path, tmp_path: Path) -> None:
    session(db, letter="one")
    before = db.read_bytes()
    bad = tmp_path / "cut.json"
    bad.write_bytes(before[: len(before) // 2])
    for argument, problem in ((str(bad), "not valid JSON"), ("nope.json", "no backup called")):
        result = workbook_cmd("restore", argument, "--db", str(db), "--yes")
        assert result.returncode == 1
        assert len(result.stderr.strip().splitlines()) == 1 and problem in result.stderr
        assert "Traceback" not in result.stderr
    assert db.read_bytes() == before


def test_restore_over_a_bad_file_moves_it_aside(db: Path) -> None:
    session(db, letter="one")
    session(db, letter="two")
    db.write_bytes(b"\x00" * 100)
    result = workbook_cmd("restore", list_backups(db)[0].name, "--db", str(db), "--yes")
    assert result.returncode == 0, result.stderr
    moved = [p for p in db.parent.iterdir() if ".moved-aside-" in p.name]
    assert len(moved) == 1 and moved[0].read_bytes() == b"\x00" * 100
    assert AnswerStore(db, read_only=True).get("letter") == "one"
