"""Automatic backups beside the database, restoring one, and setting a bad file aside.

Before the first write of each session the store copies the database into
`backups/` (see `locations.backups_dir`): the last 10 copies are kept, and
one a day for 30 days. Nothing here ever deletes a database file; only
old backups are pruned, and a file we cannot read is renamed, not removed.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from workbook.locations import backups_dir
from workbook.storage.atomic import decode, fsync_dir, remove_stale_temp_files, write_atomic
from workbook.storage.errors import BadDatabase
from workbook.storage.files import private_dir, read_database, read_regular, real_path
from workbook.storage.lock import WorkbookLock
from workbook.storage.schema import check_document

KEEP_LAST = 10
KEEP_DAYS = 30
STAMP = "%Y%m%d-%H%M%S"


@dataclass(frozen=True)
class Backup:
    """One backup file: where it is, when it was taken, how big it is."""

    path: Path
    taken: datetime
    size: int

    @property
    def name(self) -> str:
        return self.path.name


def _pattern(db: Path) -> re.Pattern[str]:
    return re.compile(rf"{re.escape(db.stem)}-(\d{{8}}-\d{{6}})(?:-(\d+))?\.json")


def human_size(size: int) -> str:
    """12 bytes, 3.4 KB, 1.2 MB."""
    if size < 1000:
        return f"{size} bytes"
    value = size / 1000
    for unit in ("KB", "MB"):
        if value < 1000:
            return f"{value:.1f} {unit}"
        value /= 1000
    return f"{value:.1f} GB"


def list_backups(db: Path) -> list[Backup]:
    """The database's backups, newest first (reads only)."""
    db = Path(os.path.realpath(db))  # beside the real file (never raises: only lists)
    folder = backups_dir(db)
    pattern = _pattern(db)
    found: list[tuple[datetime, int, Backup]] = []
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return []
    for entry in entries:
        match = pattern.fullmatch(entry.name)
        if not match or not entry.is_file(follow_symlinks=False):
            continue
        try:
            taken = datetime.strptime(match[1], STAMP)
            size = entry.stat(follow_symlinks=False).st_size
        except (ValueError, OSError):
            continue
        found.append((taken, int(match[2] or 0), Backup(Path(entry.path), taken, size)))
    found.sort(key=lambda item: item[:2], reverse=True)
    return [backup for _, _, backup in found]


def back_up(db: Path, now: datetime | None = None) -> Backup | None:
    """Copy the database into its backups folder, then prune old copies.

    The copy is written atomically and is private (0600 in a 0700 folder).
    Returns None when there is no database file yet. Call while holding the
    database's lock. Raises `OSError` when the copy cannot be written.
    """
    db = real_path(Path(db))
    try:
        data = read_regular(db)
    except FileNotFoundError:
        return None
    folder = backups_dir(db)
    private_dir(folder)
    remove_stale_temp_files(folder, f"{db.stem}-*.json")
    when = (now or datetime.now()).replace(microsecond=0)
    base = f"{db.stem}-{when.strftime(STAMP)}"
    target = folder / f"{base}.json"
    counter = 1
    while target.exists():
        target = folder / f"{base}-{counter}.json"
        counter += 1
    write_atomic(target, data)
    prune(db, now=when)
    return Backup(target, when, len(data))


def prune(db: Path, now: datetime | None = None) -> list[Path]:
    """Delete backups beyond the last `KEEP_LAST` and one a day for `KEEP_DAYS` days."""
    today = (now or datetime.now()).date()
    backups = list_backups(db)
    keep = {backup.path for backup in backups[:KEEP_LAST]}
    days_seen: set[object] = set()
    for backup in backups:  # newest first, so each day keeps its latest copy
        day = backup.taken.date()
        if (today - day).days < KEEP_DAYS and day not in days_seen:
            days_seen.add(day)
            keep.add(backup.path)
    removed = []
    for backup in backups:
        if backup.path not in keep:
            try:
                backup.path.unlink()
            except OSError:
                continue
            removed.append(backup.path)
    return removed


def find_backup(db: Path, name: str) -> Path:
    """A backup by its name in `workbook backups`, or by path; raise `LookupError`."""
    listed = {backup.name: backup.path for backup in list_backups(db)}
    if name in listed:
        return listed[name]
    path = Path(name).expanduser()
    if path.is_file():
        return path.absolute()
    raise LookupError(f"there is no backup called {name} (see 'workbook backups' for the list)")


def read_valid(path: Path) -> bytes:
    """A database file's bytes, after checking they form a workbook we can open."""
    try:
        raw = read_database(Path(path))
    except FileNotFoundError:
        raise BadDatabase(path, "the file does not exist") from None
    check_document(Path(path), decode(Path(path), raw)[0])
    return raw


def _set_aside(db: Path, now: datetime | None = None) -> Path:
    when = (now or datetime.now()).strftime(STAMP)
    target = db.with_name(f"{db.stem}.moved-aside-{when}{db.suffix}")
    counter = 1
    while target.exists():
        target = db.with_name(f"{db.stem}.moved-aside-{when}-{counter}{db.suffix}")
        counter += 1
    os.rename(db, target)  # a rename: the bytes are never touched
    fsync_dir(db.parent)
    return target


def move_aside(db: Path) -> Path:
    """Rename an unusable database (never delete it) so a fresh one can start.

    Returns the new name. Raises `WorkbookLocked` when another session has
    the database, `OSError` when the rename fails.
    """
    db = Path(db)
    if os.path.islink(db) and not os.path.exists(db):
        return _set_aside(db)  # a link to nothing: the link itself is renamed, never replaced
    db = real_path(db)
    with WorkbookLock(db):
        return _set_aside(db)


def restore_backup(db: Path, source: Path) -> Path | None:
    """Put a backup's bytes in place of the database, keeping the current file first.

    A usable current file is backed up; an unusable one is moved aside (a
    backup could be pruned, a moved-aside file never is). Returns where the
    current file went, or None if there was none. Raises `BadDatabase` when
    the backup itself is unusable, `WorkbookLocked` when the workbook is open
    in another session, `OSError` when writing fails.
    """
    db = real_path(Path(db))
    raw = read_valid(source)
    with WorkbookLock(db):
        kept: Path | None = None
        if os.path.lexists(db):
            try:
                read_valid(db)
            except BadDatabase:
                kept = _set_aside(db)
            else:
                backup = back_up(db)
                kept = backup.path if backup else None
        write_atomic(db, raw)
    return kept
