"""Files of an encrypted workbook that still hold answers as plain text, and their removal (no Textual).

Encrypting the database is not enough: other files of ours hold the same
words. Each place that writes answers to disk, and what `encrypt` does with it:

- backups (`backups/NAME-….json`, labelled ones too): encrypted in place
  (`conversion.py`);
- a damaged workbook set aside (`NAME.moved-aside-….json`): its bytes,
  damaged or not, encrypted in place, so the `age` tool still opens them;
- words kept from a cut-off editor session (`recovered/*.txt`): encrypted
  to `recovered/*.txt.age`, the plain file then removed;
- temporary files a killed save left (`.NAME.….tmp`): partial copies of a
  file that is whole elsewhere, removed;
- an editor session's folder kept after a cut-off (in the temporary folder,
  found by `workbook.tui.editor_recovery`): the CLI asks before removing it.

Exports (Markdown, HTML, JSON, PDF) are written where the person chose, and
say they are plain text: they are theirs, and never looked for here.

Removal is "overwrite, then unlink" (`scrub`). On an SSD, a journaling or
copy-on-write filesystem, or with snapshots, the old blocks may survive an
overwrite; the README says so. Overwriting is skipped for a file with another
hard link, whose words are someone else's copy to keep.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from workbook.core.locations import backups_dir, recovered_dir
from workbook.core.storage.atomic import fsync_dir, temp_files
from workbook.core.storage.backups import list_backups
from workbook.core.storage.encryption import AGE_HEADER, looks_encrypted

# The kinds of plain file, in the words `status` and `encrypt` use for them.
BACKUP = "a backup"
MOVED_ASIDE = "a copy of a damaged workbook, set aside"
RECOVERED = "words kept from your editor after a session was cut off"
TEMPORARY = "an unfinished save"

_CHUNK = 1 << 16


@dataclass(frozen=True)
class PlainFile:
    """One file of the workbook's that holds answers readably."""

    path: Path
    what: str  # one of the kinds above


def _plain_regular(path: Path) -> bool:
    """A regular file (never a link, FIFO or device) whose bytes are not an age file."""
    try:
        info = os.lstat(path)
    except OSError:
        return False
    if not stat.S_ISREG(info.st_mode) or info.st_size == 0:
        return False
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC)
    except OSError:
        return True  # unreadable to us: say so rather than promise it is safe
    try:
        return not looks_encrypted(os.read(fd, len(AGE_HEADER)))
    except OSError:
        return True
    finally:
        os.close(fd)


def moved_aside(db: Path) -> list[Path]:
    """The copies of a damaged database set aside beside it (`backups.move_aside`)."""
    try:
        return sorted(db.parent.glob(f"{db.stem}.moved-aside-*{db.suffix}"))
    except OSError:
        return []


def recovered_files(db: Path) -> list[Path]:
    """Every file in the data folder's `recovered/` not yet encrypted by name."""
    try:
        return sorted(p for p in recovered_dir(db).iterdir() if not p.name.endswith(".age"))
    except OSError:
        return []


def leftover_temp_files(db: Path) -> list[Path]:
    """Temporary files of our writers beside the database, its backups and `recovered/`."""
    found = temp_files(db.parent, db.name) + temp_files(db.parent, f"{db.stem}.moved-aside-*")
    found += temp_files(backups_dir(db), f"{db.stem}-*.json")
    found += temp_files(recovered_dir(db), "*")
    return found


def _candidates(db: Path) -> Iterator[PlainFile]:
    for backup in list_backups(db):
        yield PlainFile(backup.path, BACKUP)
    for path in moved_aside(db):
        yield PlainFile(path, MOVED_ASIDE)
    for path in recovered_files(db):
        yield PlainFile(path, RECOVERED)
    for path in leftover_temp_files(db):
        yield PlainFile(path, TEMPORARY)


def encrypted_files(db: Path) -> list[PlainFile]:
    """The copies set aside and words kept from the editor that `encrypt` encrypted:
    what `decrypt` must turn back before the key file can go."""
    db = Path(os.path.realpath(db))
    found = [PlainFile(path, MOVED_ASIDE) for path in moved_aside(db)
             if not _plain_regular(path) and os.path.isfile(path)
             and not os.path.islink(path) and os.path.getsize(path)]
    try:
        found += [PlainFile(path, RECOVERED) for path in sorted(recovered_dir(db).glob("*.age"))
                  if not os.path.islink(path) and path.is_file()]
    except OSError:
        pass
    return found


def plain_files(db: Path) -> list[PlainFile]:
    """The files of the workbook at `db` (its real path) that hold answers as plain text.

    Only reads. For an encrypted workbook every one of these undoes part of
    its privacy; for a plain workbook they are as plain as the workbook.
    """
    db = Path(os.path.realpath(db))
    return [found for found in _candidates(db) if _plain_regular(found.path)]


def overwrite(fd: int) -> None:
    """Write zeros over the whole file open at `fd` and flush them to the disk.

    Does nothing when the file has another name (a hard link) that still
    needs its words.
    """
    info = os.fstat(fd)
    if not stat.S_ISREG(info.st_mode) or info.st_nlink > 1:
        return
    zeros = bytes(_CHUNK)
    os.lseek(fd, 0, os.SEEK_SET)
    left = info.st_size
    while left > 0:
        left -= os.write(fd, zeros[:min(left, _CHUNK)])
    os.fsync(fd)


def scrub(path: Path) -> None:
    """Overwrite a file with zeros, then remove it (a link is removed, never followed).

    Raises `OSError` when it cannot be removed.
    """
    try:
        fd = os.open(path, os.O_WRONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC)
    except OSError:
        fd = None  # a link, or not writable: removing the name is all we can do
    if fd is not None:
        try:
            overwrite(fd)
        except OSError:
            pass  # removal still goes ahead
        finally:
            os.close(fd)
    os.unlink(path)
    fsync_dir(path.parent)


def scrub_folder(folder: Path) -> None:
    """Overwrite and remove every file under `folder`, then the folders themselves.

    Links are removed, never followed. Raises `OSError` when something stays.
    """
    for root, dirs, names in os.walk(folder, topdown=False):
        for name in names:
            scrub(Path(root) / name)
        for name in dirs:
            path = Path(root) / name
            if path.is_symlink():
                os.unlink(path)
            else:
                os.rmdir(path)
    os.rmdir(folder)


def keep_encrypted(db: Path, key, name: str, text: str) -> Path:
    """Write `text` encrypted to the workbook's key as `recovered/NAME.age`; its path.

    A name already there gets a number; `recovered/` is made private (0700).
    """
    from workbook.core.storage.atomic import write_atomic

    folder = recovered_dir(Path(os.path.realpath(db)))
    target = folder / f"{name}.age"
    counter = 1
    while os.path.lexists(target):
        target = folder / f"{Path(name).stem}-{counter}{Path(name).suffix}.age"
        counter += 1
    write_atomic(target, key.encrypt(text.encode("utf-8")))
    return target


class ScrubAfterReplace:
    """Hold the old file open across an atomic replace, then overwrite its blocks.

    `write_atomic` renames a new file over the old one, whose bytes stay on
    the disk as free space. With the old file open, they can be zeroed once
    the new one is in place (never before: a kill must leave a whole file).
    """

    def __init__(self, path: Path) -> None:
        try:
            self.fd: int | None = os.open(path, os.O_WRONLY | os.O_NOFOLLOW | os.O_NONBLOCK
                                          | os.O_CLOEXEC)
        except OSError:
            self.fd = None

    def __enter__(self) -> ScrubAfterReplace:
        return self

    def __exit__(self, kind: object, error: object, trace: object) -> None:
        if self.fd is None:
            return
        try:
            if kind is None and os.fstat(self.fd).st_nlink == 0:  # replaced: no name left
                overwrite(self.fd)
        except OSError:
            pass
        finally:
            os.close(self.fd)
