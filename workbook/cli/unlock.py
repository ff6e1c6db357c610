"""Asking for the passphrase, and unlocking an encrypted workbook for a command (no Textual).

A passphrase is read without echo from the terminal, or from
`WORKBOOK_PASSPHRASE` when it is set (for scripts; the README says why that
is weaker). `workbook passphrase` reads the new one from `WORKBOOK_NEW_PASSPHRASE`.
"""

from __future__ import annotations

import os
import sys
from getpass import getpass
from pathlib import Path

# Both names live with the rule that keeps them from every child process.
from workbook.core.child_env import NEW_PASSPHRASE_ENV as NEW_PASSPHRASE_ENV
from workbook.core.child_env import PASSPHRASE_ENV


class NoPassphrase(Exception):
    """No passphrase could be had; `str()` says why and what to do."""


def ask_passphrase(prompt: str, *, env: str = PASSPHRASE_ENV, twice: bool = False) -> str:
    """The passphrase from `env`, else typed without echo (twice for a new one)."""
    given = os.environ.get(env)
    if given:
        return given
    if not sys.stdin.isatty():
        raise NoPassphrase(f"a passphrase is needed: run this in a terminal, or set {env}")
    try:
        first = getpass(f"{prompt}: ")
        if not first:
            raise NoPassphrase("a passphrase can't be empty; nothing was changed")
        if twice and getpass("Once more, to be sure: ") != first:
            raise NoPassphrase("the two passphrases differ; nothing was changed. Try again")
    except (EOFError, KeyboardInterrupt):
        print(file=sys.stderr)
        raise NoPassphrase("no passphrase given; nothing was changed") from None
    return first


def unlock_for_command(db: Path):
    """The key for an encrypted `db` (asking for the passphrase), or None if it is plain.

    Raises `NoPassphrase` or an `EncryptionProblem` whose message names the file.
    """
    from workbook.core.storage.encryption import is_encrypted, unlock

    if not is_encrypted(db):
        return None
    return unlock(db, ask_passphrase(f"Passphrase for {db.name}"))


def open_for_reading(db: Path):
    """A read-only store of `db` and its key (None when plain), asking for the passphrase.

    Raises `NoPassphrase` or a `StorageError` whose message names the file.
    """
    from workbook.core.storage import AnswerStore

    key = unlock_for_command(db)
    return AnswerStore(db, read_only=True, key=key), key
