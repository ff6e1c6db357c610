"""Encryption at rest in the standard age format (no Textual).

An encrypted workbook is two files:

- `NAME.key.age` beside the database: a fresh X25519 identity (an age secret
  key, one line of text), encrypted with the person's passphrase (age's
  scrypt recipient). Only this file ever meets the slow key derivation.
- the database itself: the same TinyDB JSON document as a plain workbook,
  encrypted to that identity's public recipient. Backups are too.

So a save is one fast X25519 encryption (no scrypt), opening costs one
scrypt, changing the passphrase rewrites only the key file, and anyone can
open their workbook with the `age` tool alone (see the README).

This module reads and seals but writes no file: the storage that reads
through it (`atomic.py`) and the conversions that put the key file in place
(`conversion.py`) stand above it, so it never imports them back.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from workbook.core.storage.errors import BadDatabase, StorageError

# Every age file (binary form) starts with this line.
AGE_HEADER = b"age-encryption.org/v1\n"
PASSPHRASE_ENV = "WORKBOOK_PASSPHRASE"


class EncryptionProblem(StorageError):
    """A passphrase or key file problem; `str()` names the file and what to do."""

    def __init__(self, path: Path, message: str) -> None:
        self.path = Path(path)
        super().__init__(message)


class NeedsPassphrase(EncryptionProblem):
    """The workbook is encrypted and no key was given: ask for the passphrase."""

    def __init__(self, db: Path) -> None:
        super().__init__(db, f"{db} is encrypted: it opens with your passphrase")


class WrongPassphrase(EncryptionProblem):
    """The passphrase does not open the key file."""

    def __init__(self, key_file: Path) -> None:
        super().__init__(key_file, f"that passphrase does not open {key_file}; "
                         "nothing was changed. Check it and try again")


class BadKeyFile(EncryptionProblem):
    """The key file is missing, damaged, or belongs to another workbook."""


def key_path(db: Path) -> Path:
    """The passphrase-protected key file that opens `db`.

    It sits beside the real file: through a `--db` link, saves go to the link's
    target, so the key must be found there whichever path opened it.
    """
    db = Path(os.path.realpath(db))
    return db.with_name(f"{db.stem}.key.age")


def looks_encrypted(raw: bytes) -> bool:
    """True when bytes are an age file rather than a JSON document."""
    return raw.startswith(AGE_HEADER)


def is_encrypted(path: Path) -> bool:
    """True when the file at `path` is an age file (False if absent or unreadable)."""
    from workbook.core.storage.files import open_regular

    try:
        fd = open_regular(Path(path))  # never blocks on a FIFO or reads a device
    except OSError:
        return False
    try:
        return looks_encrypted(os.read(fd, len(AGE_HEADER)))
    except OSError:
        return False
    finally:
        os.close(fd)


class WorkbookKey:
    """The unlocked identity: decrypts the workbook, and encrypts saves to it."""

    def __init__(self, secret: str, key_file: Path) -> None:
        from pyrage import x25519

        self.key_file = Path(key_file)
        self._identity = x25519.Identity.from_str(secret)
        self._recipient = self._identity.to_public()

    @classmethod
    def generate(cls, key_file: Path) -> WorkbookKey:
        from pyrage import x25519

        return cls(str(x25519.Identity.generate()), key_file)

    @property
    def secret(self) -> str:
        """The identity as age writes it (`AGE-SECRET-KEY-1...`)."""
        return str(self._identity)

    @property
    def recipients(self) -> list[Any]:
        """Whom a save encrypts to (see `atomic.stage_encrypted`)."""
        return [self._recipient]

    def encrypt(self, data: bytes) -> bytes:
        """`data` encrypted to this workbook (fast: no key derivation)."""
        import pyrage

        return pyrage.encrypt(data, [self._recipient])

    def decrypt(self, path: Path, raw: bytes) -> bytes:
        """The plain bytes of an encrypted file at `path`; a clear error if they are not ours."""
        import pyrage

        try:
            return pyrage.decrypt(raw, [self._identity])
        except pyrage.DecryptError as error:
            if "No matching keys" in str(error):
                raise BadKeyFile(path, f"{path} was not encrypted with the key in {self.key_file} "
                                 "(that key file may belong to another workbook); nothing was "
                                 "changed") from None
            raise BadDatabase(path, f"it is encrypted but damaged ({error})") from None

    def sealed(self, passphrase: str) -> bytes:
        """The key file's bytes: this identity, encrypted with `passphrase` (slow: scrypt)."""
        from pyrage import passphrase as age_passphrase

        text = f"# Heartbreak Workbook key: opens {self.key_file.stem.removesuffix('.key')}\n"
        return age_passphrase.encrypt(f"{text}{self.secret}\n".encode(), passphrase)


def read_key_file(db: Path) -> bytes:
    """The key file's bytes, or `BadKeyFile` saying plainly what is wrong."""
    from workbook.core.storage.files import read_regular

    path = key_path(db)
    try:
        raw = read_regular(path, limit=1 << 16)  # a key file is a few hundred bytes
    except FileNotFoundError:
        raise BadKeyFile(path, f"{path} is missing: it holds the key that opens {db}. "
                         "Put it back beside the workbook (from wherever you keep copies); "
                         "nothing was changed") from None
    except OSError as error:
        raise BadKeyFile(path, f"{path} cannot be read ({error.strerror or error}); "
                         "nothing was changed") from None
    if not looks_encrypted(raw):
        raise BadKeyFile(path, f"{path} is damaged: it is not an age file. Put back a copy "
                         "of it; nothing was changed")
    return raw


# age refuses a key file whose scrypt work it estimates at over ~16 times what
# this machine does in a second; the estimate is measured, so a busy moment can
# trip it. Asking again costs nothing when it is fine.
BUSY_RETRIES = 2


def unlock(db: Path, passphrase: str) -> WorkbookKey:
    """The key for `db`, from its key file and the passphrase (about a second: scrypt).

    Raises `WrongPassphrase` or `BadKeyFile`; nothing on disk changes.
    """
    import pyrage
    from pyrage import passphrase as age_passphrase

    path = key_path(db)
    raw = read_key_file(db)
    for attempt in range(BUSY_RETRIES + 1):
        try:
            plain = age_passphrase.decrypt(raw, passphrase)
            break
        except pyrage.DecryptError as error:
            message = " ".join(str(error).split())
            if "No matching keys" in message or message == "Decryption failed":
                raise WrongPassphrase(path) from None
            if "Excessive work" not in message:
                raise BadKeyFile(path, f"{path} is damaged ({message}); put back a copy of it. "
                                 "Nothing was changed") from None
            if attempt == BUSY_RETRIES:
                raise BadKeyFile(path, f"this computer is too busy, or much slower than the one "
                                 f"that made {path}, to open it now (age says: {message}). "
                                 "Nothing was changed: try again in a moment, or open it with "
                                 "the age tool as the README shows") from None
    secrets = [line.strip() for line in plain.decode("utf-8", "replace").splitlines()
               if line.startswith("AGE-SECRET-KEY-")]
    try:
        return WorkbookKey(secrets[0], path)
    except (IndexError, pyrage.IdentityError):
        raise BadKeyFile(path, f"{path} opens, but holds no workbook key; put back a copy "
                         "of it. Nothing was changed") from None


def create_key(db: Path, passphrase: str) -> tuple[WorkbookKey, bytes]:
    """A new identity for `db` and its sealed key-file bytes (not written yet)."""
    key = WorkbookKey.generate(key_path(db))
    return key, key.sealed(passphrase)


def read_plain(path: Path, raw: bytes, key: WorkbookKey | None) -> bytes:
    """A database or backup file's JSON bytes, decrypting if it is an age file.

    Raises `NeedsPassphrase` for an encrypted file when no key is given.
    """
    if not looks_encrypted(raw):
        return raw
    if key is None:
        raise NeedsPassphrase(path)
    return key.decrypt(path, raw)
