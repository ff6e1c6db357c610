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


# A new passphrase shorter than this is refused: the key file can be copied
# and guessed at offline, and a short passphrase falls quickly to that.
SHORTEST_PASSPHRASE = 8
# How many times a new passphrase is asked for before giving up.
TRIES = 3


def ask_passphrase(prompt: str, *, env: str = PASSPHRASE_ENV, twice: bool = False) -> str:
    """The passphrase from `env`, else typed without echo.

    A new one (`twice`) is typed twice and must be at least
    `SHORTEST_PASSPHRASE` characters; a short or mismatched one is asked for
    again, up to `TRIES` times."""
    given = os.environ.get(env)
    if given:
        if twice and (problem := _too_short(given)):
            raise NoPassphrase(f"{env}: {problem}; nothing was changed")
        return given
    if not sys.stdin.isatty():
        raise NoPassphrase(f"a passphrase is needed: run this in a terminal, or set {env}")
    try:
        if not twice:
            return _typed(prompt)
        for left in range(TRIES - 1, -1, -1):
            first = _typed(prompt)
            if problem := _too_short(first):
                why = problem
            elif getpass("Once more, to be sure: ") == first:
                return first
            else:
                why = "the two passphrases differ"
            if not left:
                raise NoPassphrase(f"{why}; nothing was changed. Run the command again "
                                   "when you are ready")
            print(f"{why[0].upper()}{why[1:]}. Let's try again "
                  f"({left} more {'try' if left == 1 else 'tries'}).", file=sys.stderr)
    except (EOFError, KeyboardInterrupt):
        print(file=sys.stderr)
        raise NoPassphrase("no passphrase given; nothing was changed") from None
    raise AssertionError("unreachable")  # pragma: no cover


def _typed(prompt: str) -> str:
    typed = getpass(f"{prompt}: ")
    if not typed:
        raise NoPassphrase("a passphrase can't be empty; nothing was changed")
    return typed


def _too_short(passphrase: str) -> str:
    """Why a new passphrase is too short, or ''."""
    if len(passphrase) >= SHORTEST_PASSPHRASE:
        return ""
    return (f"a passphrase needs at least {SHORTEST_PASSPHRASE} characters (this one has "
            f"{len(passphrase)}): a few words you will remember are best")


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
