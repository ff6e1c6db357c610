"""Automatic backups beside the database, restoring one, and setting a bad file aside.

Before the first write of each session the store copies the database into
`backups/` (see `locations.backups_dir`): the last 10 copies are kept, and
one a day for the last 30 days on which a copy was made. Nothing here ever
deletes a database file; only old backups are pruned, and a file we cannot
read is renamed, not removed.

Clocks jump (a wrong date, a trip, `faketime`), so the order of backups is a
sequence number in the name (`workbook-20261130-021500-n42.json`), never the
time: "the last 10" are the last 10 made. The daily copies count days that
have a backup, never the calendar, and a copy dated after today's clock is
never counted at all: a future-dated backup cannot make older ones go.
A backup with a label (`…-n43-other-writer.json`) was kept for a reason the
person was told about, and is never pruned.
"""

from __future__ import annotations

import errno
import os
import re
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from workbook.core.locations import backups_dir
from workbook.core.storage.atomic import (
    FILE_MODE,
    decode,
    fsync_dir,
    remove_stale_temp_files,
    write_atomic,
)
from workbook.core.storage.document import read_document
from workbook.core.storage.errors import BadDatabase
from workbook.core.storage.files import private_dir, read_database, read_regular, real_path
from workbook.core.storage.lock import WorkbookLock

KEEP_LAST = 10
KEEP_DAYS = 30
STAMP = "%Y%m%d-%H%M%S"


@dataclass(frozen=True)
class Backup:
    """One backup file: where it is, when it was taken, how big it is."""

    path: Path
    taken: datetime
    size: int
    sequence: int = 0  # order of creation (0: made before backups were numbered)
    label: str = ""  # why it was kept ("other-writer"); labelled ones are never pruned

    @property
    def name(self) -> str:
        return self.path.name


def _pattern(db: Path) -> re.Pattern[str]:
    # stamp, then the old same-second counter or the sequence number, then a label
    return re.compile(
        rf"{re.escape(db.stem)}-(\d{{8}}-\d{{6}})(?:-(\d+))?(?:-n(\d+))?(?:-([a-z][a-z-]*))?\.json"
    )


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
    found: list[tuple[int, datetime, int, Backup]] = []
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
        sequence = int(match[3] or 0)
        backup = Backup(Path(entry.path), taken, size, sequence, match[4] or "")
        # Numbered ones by number; the few from before numbering, older, by time.
        found.append((sequence, taken, int(match[2] or 0), backup))
    found.sort(key=lambda item: item[:3], reverse=True)
    return [item[3] for item in found]


def _next_sequence(db: Path) -> int:
    # The newest backup is never pruned, so the highest number only grows.
    return max((backup.sequence for backup in list_backups(db)), default=0) + 1


def back_up(
    db: Path, now: datetime | None = None, *, label: str = "", data: bytes | None = None
) -> Backup | None:
    """Copy the database (or `data`, bytes read from it) into its backups folder,
    then prune old copies.

    The copy is written atomically and is private (0600 in a 0700 folder).
    Returns None when there is no database file yet. Call while holding the
    database's lock. Raises `OSError` when the copy cannot be written.
    """
    db = real_path(Path(db))
    if data is None:
        try:
            data = read_regular(db)
        except FileNotFoundError:
            return None
    folder = backups_dir(db)
    private_dir(folder)
    remove_stale_temp_files(folder, f"{db.stem}-*.json")
    when = (now or datetime.now()).replace(microsecond=0)
    sequence = _next_sequence(db)
    target = folder / f"{db.stem}-{when.strftime(STAMP)}-n{sequence}{'-' + label if label else ''}.json"
    write_atomic(target, data)
    prune(db, now=when)
    return Backup(target, when, len(data), sequence, label)


def keep_aside(db: Path, source: Path, label: str, now: datetime | None = None) -> Backup:
    """Move `source` (a file beside the database, such as a sync tool's conflict copy)
    into the backups folder under a labelled backup name, never pruned. A rename:
    its bytes are never rewritten (an encrypted copy stays encrypted). Raises `OSError`."""
    db = real_path(Path(db))
    folder = backups_dir(db)
    private_dir(folder)
    when = (now or datetime.now()).replace(microsecond=0)
    sequence = _next_sequence(db)
    target = folder / f"{db.stem}-{when.strftime(STAMP)}-n{sequence}-{label}.json"
    if os.path.lexists(target):
        raise FileExistsError(errno.EEXIST, "a backup of that name is already there")
    os.rename(source, target)
    os.chmod(target, FILE_MODE)
    fsync_dir(folder)
    fsync_dir(source.parent)
    return Backup(target, when, os.stat(target).st_size, sequence, label)


def prune(db: Path, now: datetime | None = None) -> list[Path]:
    """Delete backups beyond the last `KEEP_LAST` made and the newest of each of
    the last `KEEP_DAYS` days that have one (a day after `now` is not counted)."""
    today = (now or datetime.now()).date()
    backups = list_backups(db)  # newest first, by order of creation
    keep = {backup.path for backup in [b for b in backups if not b.label][:KEEP_LAST]}
    keep |= {backup.path for backup in backups if backup.label or backup.taken.date() > today}
    days = sorted({b.taken.date() for b in backups if b.taken.date() <= today}, reverse=True)
    kept_days = set(days[:KEEP_DAYS])
    for backup in backups:  # newest first, so each day keeps its latest copy
        day = backup.taken.date()
        if day in kept_days:
            kept_days.discard(day)
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


def drop_oldest_backup(db: Path) -> bool:
    """Delete the oldest backup (never a labelled one), to make room for the words
    themselves on a full disk: today's words matter more than a copy of
    yesterday's, which the file itself still holds. False when none can go."""
    for backup in reversed(list_backups(db)):
        if backup.label:
            continue
        try:
            backup.path.unlink()
        except OSError:
            continue
        return True
    return False


def find_backup(db: Path, name: str) -> Path:
    """A backup by its name in `workbook backups`, or by path; raise `LookupError`."""
    listed = {backup.name: backup.path for backup in list_backups(db)}
    if name in listed:
        return listed[name]
    path = Path(name).expanduser()
    if path.is_file():
        return path.absolute()
    raise LookupError(f"there is no backup called {name} (see 'workbook backups' for the list)")


def read_valid(path: Path, key=None) -> bytes:
    """A database file's (plain) bytes, after checking they form a workbook we can open.

    An encrypted file needs the workbook's `key` (else `NeedsPassphrase`).
    """
    from workbook.core.storage.encryption import read_plain

    try:
        raw = read_database(Path(path))
    except FileNotFoundError:
        raise BadDatabase(path, "the file does not exist") from None
    raw = read_plain(Path(path), raw, key)
    read_document(Path(path), decode(Path(path), raw)[0])  # every document checked
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


def restore_backup(db: Path, source: Path, key=None) -> Path | None:
    """Put a backup's bytes in place of the database, keeping the current file first.

    A usable current file is backed up; an unusable one is moved aside (a
    backup could be pruned, a moved-aside file never is). Returns where the
    current file went, or None if there was none. Raises `BadDatabase` when
    the backup itself is unusable, `WorkbookLocked` when the workbook is open
    in another session, `OSError` when writing fails. With an encrypted
    workbook's `key` the restored file is encrypted, whatever the backup's form.
    """
    db = real_path(Path(db))
    raw = read_valid(source, key)
    with WorkbookLock(db):
        kept: Path | None = None
        if os.path.lexists(db):
            try:
                read_valid(db, key)
            except BadDatabase:
                kept = _set_aside(db)
            else:
                backup = back_up(db)
                kept = backup.path if backup else None
        write_atomic(db, key.encrypt(raw) if key is not None else raw)
    return kept
