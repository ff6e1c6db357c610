"""Where things live: data, backups and content, each overridable (no Textual).

Precedence: a command-line flag, then an environment variable, then the
platform's per-user folder.
"""

from __future__ import annotations

import os
from pathlib import Path

from workbook.core.digest import sha256_hex

APP_NAME = "heartbreak-workbook"
DB_ENV = "WORKBOOK_DB"
CONTENT_ENV = "WORKBOOK_CONTENT"
DB_FILENAME = "workbook.json"

# workbook/core/locations.py: the package is two folders up.
_PACKAGE_DIR = Path(__file__).resolve().parents[1]


def plain_path(path: str | os.PathLike[str]) -> Path:
    """`path` as a person should read it: absolute, `~` expanded, no `.` or `..`.

    The folders are resolved (so `..` after a link means what the system takes
    it to mean); the last part is kept as given, a link included: the store
    follows a link to the database itself and keeps it.
    """
    path = Path(path).expanduser().absolute()
    if path.name in ("", ".", ".."):
        return path.resolve()
    return path.parent.resolve() / path.name


def data_dir() -> Path:
    """The per-user data folder (not created here)."""
    from platformdirs import user_data_path

    return user_data_path(APP_NAME, appauthor=False)


def cache_dir() -> Path:
    """The per-user cache folder: parsed content, safe to delete at any time."""
    from platformdirs import user_cache_path

    return user_cache_path(APP_NAME, appauthor=False)


def state_dir() -> Path:
    """The per-user state folder of this machine (locks): never synced, never backed up."""
    from platformdirs import user_state_path

    return user_state_path(APP_NAME, appauthor=False)


def db_path(flag: str | os.PathLike[str] | None = None) -> Path:
    """The database file: `--db`, else `$WORKBOOK_DB`, else the data folder."""
    chosen = flag or os.environ.get(DB_ENV)
    if chosen:
        return plain_path(chosen)
    return data_dir() / DB_FILENAME


def backups_dir(db: Path) -> Path:
    """Backups sit in a folder beside the database they protect."""
    return db.parent / "backups"


def recovered_dir(db: Path) -> Path:
    """Where words from a cut-off editor session are kept aside, beside the database."""
    return db.parent / "recovered"


# What a lock file's name keeps of the database's name; any other character is "_".
_LOCK_NAME_CHARS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._-")


def lock_path(db: Path) -> Path:
    """The lock file that keeps one writer per database (`db`: its real path).

    It lives in this machine's state folder, never beside the database: in a
    folder a sync tool keeps in step it would travel to the other machine and
    lock it out (or be ignored there). It is named after the identity of the
    database's folder (its device and inode) and the file's name, so every
    path to the file (a link to its folder, a bind mount) finds one lock, and
    a save, which puts a new file (a new inode) in place of the old, keeps it.
    Raises `OSError` when the folder does not exist.
    """
    folder = os.stat(db.parent)
    name = "".join(c if c in _LOCK_NAME_CHARS else "_" for c in db.name[:48])
    digest = sha256_hex(os.fsencode(db.name))[:8]
    return state_dir() / "locks" / f"{name}-{folder.st_dev:x}-{folder.st_ino:x}-{digest}.lock"


def default_content_dir() -> Path:
    """The content shipped with the app: inside the package once installed,
    the repository's `exercises/` folder when running from a checkout."""
    installed = _PACKAGE_DIR / "exercises"
    if installed.is_dir():
        return installed
    return _PACKAGE_DIR.parent / "exercises"


def content_dir(flag: str | os.PathLike[str] | None = None) -> Path:
    """The content folder: `--content`, else `$WORKBOOK_CONTENT`, else the shipped one."""
    chosen = flag or os.environ.get(CONTENT_ENV)
    if chosen:
        return plain_path(chosen)
    return default_content_dir()
