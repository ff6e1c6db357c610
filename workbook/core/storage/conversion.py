"""Turning encryption on and off, and changing the passphrase, safely (no Textual).

A kill at any moment leaves a workbook that opens: in its old form or its new
one, whole, with the passphrase that goes with it. Every file is replaced
atomically (`write_atomic`), and the order makes each moment consistent:

encrypt:  1. write the key file (`NAME.key.age`). A plain workbook ignores
             it, so until step 2 the workbook is still plain and whole.
          2. replace the database with its encryption: the one commit point.
          3. encrypt each plain backup, then every other file of ours that
             holds answers readably (`plaintext.py`): a damaged copy set
             aside, words kept from the editor, an unfinished save. A kill
             here leaves a few plain files beside an encrypted workbook;
             running `encrypt` again finishes them, and `status` names them.
          Each plain file replaced is then overwritten where it lay (see
          `plaintext.ScrubAfterReplace`), the database too.
decrypt:  1. replace the database with its plain form: the commit point.
          2. decrypt each encrypted backup (the key file still opens them), and
             each other file `encrypt` encrypted (`plaintext.encrypted_files`).
          3. remove the key file, last, once nothing needs it.
passphrase: rewrite the key file alone, atomically (same identity, so the
             database and backups are untouched).

Each runs under the database's lock, so never under an open session.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from workbook.core.locations import backups_dir
from workbook.core.storage import files
from workbook.core.storage.atomic import decode, fsync_dir, remove_stale_temp_files, write_atomic
from workbook.core.storage.backups import list_backups
from workbook.core.storage.encryption import (
    BadKeyFile,
    WorkbookKey,
    create_key,
    is_encrypted,
    key_path,
    looks_encrypted,
)
from workbook.core.storage.errors import BadDatabase, StorageError
from workbook.core.storage.lock import WorkbookLock
from workbook.core.storage.plaintext import (
    BACKUP,
    MOVED_ASIDE,
    RECOVERED,
    TEMPORARY,
    ScrubAfterReplace,
    encrypted_files,
    plain_files,
    scrub,
)
from workbook.core.storage.schema import check_document


@dataclass
class Converted:
    """What a conversion did, for the CLI to report."""

    key_file: Path
    already: bool = False  # the workbook was in that form already
    backups: list[Path] = field(default_factory=list)  # backups converted now
    left: list[Path] = field(default_factory=list)  # damaged backups left as they were
    # Every plain file dealt with: (what it was, where it was, where its words are
    # now, or None when it was removed). Backups are here too.
    handled: list[tuple[str, Path, Path | None]] = field(default_factory=list)
    key: WorkbookKey | None = None  # the key it encrypted to (for the editor's folders)


def write_key_file(db: Path, sealed: bytes) -> None:
    """Put the key file in place atomically (0600)."""
    write_atomic(key_path(db), sealed)


def tidy(db: Path) -> None:
    """Remove temporary files a killed run left (one may hold plain words); hold the lock."""
    remove_stale_temp_files(db.parent, db.name)
    remove_stale_temp_files(db.parent, f"{db.stem}.moved-aside-*")
    remove_stale_temp_files(db.parent, key_path(db).name)
    remove_stale_temp_files(backups_dir(db), f"{db.stem}-*.json")


def read_database(db: Path) -> bytes:
    """The database's bytes, which must exist; `BadDatabase` otherwise."""
    try:
        return files.read_database(Path(db))  # a FIFO or device is refused, never read
    except FileNotFoundError:
        raise BadDatabase(db, "there is no workbook here yet: open it once with 'workbook', "
                          "write something, then try again") from None


def check_plain(db: Path, raw: bytes) -> None:
    """Refuse to convert bytes that are not a workbook we can open."""
    check_document(Path(db), decode(Path(db), raw)[0])


def backups_in_form(db: Path, encrypted: bool) -> list[Path]:
    """The backups of `db` that are (or are not) encrypted."""
    return [b.path for b in list_backups(db) if is_encrypted(b.path) == encrypted]


def encrypted_leftovers(db: Path) -> bool:
    """True when encrypted backups (or other files `encrypt` encrypted) remain beside a
    plain workbook (a decrypt was cut short)."""
    return bool(backups_in_form(db, encrypted=True) or encrypted_files(db))


def encrypt_workbook(db: Path, passphrase: str, key: WorkbookKey | None = None) -> Converted:
    """Encrypt the database and every backup (see the module docstring for the order).

    On an encrypted workbook, `key` (from `unlock`) finishes any backups a
    cut-short run left plain. Raises `BadDatabase`, `BadKeyFile`,
    `WorkbookLocked` or `OSError`; nothing is half-done either way.
    """
    db = Path(db)
    with WorkbookLock(db):
        unfinished = _scrub_unfinished(db)
        tidy(db)
        raw = read_database(db)
        if looks_encrypted(raw):
            if key is None:
                raise BadKeyFile(db, f"{db} is already encrypted")
            key.decrypt(db, raw)  # the key must be this workbook's
            return _encrypt_the_rest(db, key, Converted(key.key_file, already=True,
                                                        handled=unfinished))
        check_plain(db, raw)
        if encrypted_leftovers(db):
            raise BadKeyFile(key_path(db), f"some backups of {db} are still encrypted with "
                             f"{key_path(db)}: run 'workbook decrypt' to finish turning "
                             "encryption off first. Nothing was changed")
        key, sealed = create_key(db, passphrase)  # the slow part, before touching the disk
        encrypted = key.encrypt(raw)
        write_key_file(db, sealed)  # 1: a plain workbook ignores it
        with ScrubAfterReplace(db):
            write_atomic(db, encrypted)  # 2: the commit point
        return _encrypt_the_rest(db, key, Converted(key.key_file, handled=unfinished))  # 3


def _scrub_unfinished(db: Path) -> list[tuple[str, Path, Path | None]]:
    """Overwrite and remove the plain temporary files a killed save left (hold the lock:
    then none is being written). They are partial copies of files whole elsewhere."""
    done: list[tuple[str, Path, Path | None]] = []
    for plain in plain_files(db):
        if plain.what == TEMPORARY:
            scrub(plain.path)
            done.append((plain.what, plain.path, None))
    return done


def _encrypt_the_rest(db: Path, key: WorkbookKey, done: Converted) -> Converted:
    """Step 3: every plain file of the workbook's but the database, encrypted in place
    or (words from the editor) beside itself, the plain one then scrubbed."""
    done.key = key
    for plain in plain_files(db):
        try:
            raw = files.read_regular(plain.path)
        except OSError:
            continue  # unreadable to us; `status` keeps naming it
        if looks_encrypted(raw):
            continue
        if plain.what in (BACKUP, MOVED_ASIDE):
            with ScrubAfterReplace(plain.path):
                write_atomic(plain.path, key.encrypt(raw))
            target = plain.path
            if plain.what == BACKUP:
                done.backups.append(plain.path)
        elif plain.what == RECOVERED:
            target = plain.path.with_name(plain.path.name + ".age")
            write_atomic(target, key.encrypt(raw))  # a kill here: both, the next run ends it
            scrub(plain.path)
        else:
            continue
        done.handled.append((plain.what, plain.path, target))
    return done


def decrypt_workbook(db: Path, key: WorkbookKey) -> Converted:
    """Write the database and every backup back as plain JSON, then drop the key file.

    Also finishes a decrypt that was cut short (plain workbook, key file
    still there). Raises `BadDatabase`, `BadKeyFile`, `WorkbookLocked` or `OSError`.
    """
    db = Path(db)
    with WorkbookLock(db):
        tidy(db)
        raw = read_database(db)
        already = not looks_encrypted(raw)
        if not already:
            plain = key.decrypt(db, raw)
            check_plain(db, plain)
            write_atomic(db, plain)  # 1: the commit point
        done, left = [], []
        for path in backups_in_form(db, encrypted=True):  # 2
            try:
                plain = key.decrypt(path, path.read_bytes())
            except (OSError, StorageError):
                left.append(path)  # damaged, or another key's: kept, never lost
                continue
            write_atomic(path, plain)
            done.append(path)
        handled = []
        for found in encrypted_files(db):  # 2b: the damaged copies, the editor's words
            try:
                plain = key.decrypt(found.path, files.read_regular(found.path))
            except (OSError, StorageError):
                left.append(found.path)
                continue
            target = found.path.with_suffix("") if found.what == RECOVERED else found.path
            write_atomic(target, plain)
            if target != found.path:
                os.unlink(found.path)
            handled.append((found.what, found.path, target))
        if not left:
            _remove_key_file(db)  # 3: nothing needs it now
        return Converted(key.key_file, already=already, backups=done, left=left, handled=handled)


def _remove_key_file(db: Path) -> None:
    try:
        os.unlink(key_path(db))
    except FileNotFoundError:
        return
    fsync_dir(db.parent)


def remove_unused_key_file(db: Path) -> bool:
    """Drop a key file a cut-short decrypt left beside a plain workbook with plain backups.

    Returns True if one was removed. Leaves it when anything still needs it.
    """
    db = Path(db)
    with WorkbookLock(db):
        if not key_path(db).exists() or is_encrypted(db) or encrypted_leftovers(db):
            return False
        _remove_key_file(db)
        return True


def change_passphrase(db: Path, key: WorkbookKey, passphrase: str) -> Converted:
    """Seal the same identity with a new passphrase: only the key file changes."""
    db = Path(db)
    with WorkbookLock(db):
        tidy(db)
        key.decrypt(db, read_database(db))  # refuse a key file from another workbook
        write_key_file(db, key.sealed(passphrase))
        return Converted(key.key_file)
