"""`workbook encrypt`, `decrypt` and `passphrase`: encryption on, off, a new passphrase (no Textual).

The passphrase is asked for in `unlock.py`; the conversions themselves, safe
against a kill at any moment, are `workbook.core.storage.conversion`.
"""

from __future__ import annotations

import argparse
import sys
from functools import partial
from pathlib import Path

from workbook.cli.ask import ask_first
from workbook.cli.output import fail, say
from workbook.cli.unlock import NEW_PASSPHRASE_ENV, NoPassphrase, ask_passphrase, unlock_for_command


def _converting(action):
    """Run a conversion step, turning every failure into one line and exit 1."""
    from workbook.core.storage import HardLinked, StorageError, WorkbookLocked
    from workbook.core.storage.store import describe_os_error

    try:
        return action(), 0
    except HardLinked as error:
        return None, fail(f"{error}; nothing was changed")
    except WorkbookLocked as error:
        where = f" ({error.holder})" if error.holder else ""
        return None, fail(f"the workbook is open in another session{where}; nothing was "
                          "changed. Quit it there (ctrl+q), then try again.")
    except (StorageError, NoPassphrase) as error:
        return None, fail(str(error))
    except OSError as error:
        return None, fail(f"could not finish: {describe_os_error(error)}. The workbook "
                          "still opens as before; run the command again once that is fixed.")


def _database(args: argparse.Namespace):
    """The real database file behind `--db`: through a link, as the store saves, so the
    key file sits beside the file it opens; a link to nothing is one clear line."""
    from workbook.core.locations import db_path
    from workbook.core.storage.files import real_path

    return _converting(lambda: real_path(db_path(args.db)))


def _say_handled(done) -> None:
    """One line for each plain file `encrypt` dealt with besides the database."""
    from workbook.core.storage.plaintext import BACKUP, MOVED_ASIDE, RECOVERED

    for what, path, now in done.handled:
        if now is None:
            say(f"Removed {path}: an unfinished save that held plain text "
                "(everything in it is already in your workbook).")
        elif what == BACKUP:
            say(f"Encrypted the backup {path}.")
        elif what == MOVED_ASIDE:
            say(f"Encrypted {path}, the copy of a damaged workbook that was set aside "
                "(the age tool opens it, as the README shows).")
        elif what == RECOVERED:
            say(f"Encrypted the words kept from your editor into {now}; the plain "
                f"{path.name} was overwritten and removed (on some drives traces can "
                "remain: see the README).")


def _settle_editor_folders(db, args: argparse.Namespace, key) -> int:
    """Offer to keep, encrypted, the words of editor sessions cut off before encrypting,
    and remove their plain folders (after asking); 0 either way: the workbook is encrypted."""
    from workbook.core.storage.plaintext import keep_encrypted, scrub_folder
    from workbook.tui.editor_recovery import find_leftovers

    leftovers = find_leftovers(db, on_disk_only=True)
    if not leftovers:
        return 0
    say(f"{len(leftovers)} folder{'s' if len(leftovers) != 1 else ''} your own editor left "
        "when a session was cut off still hold your words as plain text:")
    for leftover in leftovers:
        say(f"  {leftover.folder}")
    question = ("Keep their words, encrypted, in the workbook's recovered folder, and "
                "overwrite and remove these folders?")
    if not args.yes:
        from workbook.cli.ask import confirm

        if not sys.stdin.isatty() or not confirm(question):
            say("They stay as they are. Open the workbook ('workbook') to bring their words "
                "back, or run 'workbook encrypt --yes' to keep them encrypted and remove "
                "the folders.")
            return 0
    def settle(leftover) -> Path:
        name = f"editor-{leftover.exercise_id or 'text'}-{leftover.folder.name}.txt"
        kept = keep_encrypted(db, key, name, leftover.text + "\n")
        scrub_folder(leftover.folder)  # only once the words are safe
        return kept

    for leftover in leftovers:
        kept, code = _converting(partial(settle, leftover))
        if code:
            return code
        say(f"Kept the words from {leftover.folder} encrypted in {kept}, and overwrote and "
            "removed the folder.")
    return 0


def _say_backups(count: int, done: str) -> None:
    if count:
        say(f"{count} backup{' was' if count == 1 else 's were'} {done} too.")


def run_encrypt(args: argparse.Namespace) -> int:
    from workbook.core.storage.conversion import encrypt_workbook
    from workbook.core.storage.encryption import is_encrypted

    db, code = _database(args)
    if code:
        return code
    if not db.exists():
        return fail(f"there is no workbook at {db} yet: open it once with 'workbook', "
                    "then encrypt it")
    if is_encrypted(db):  # already: finish any backups a cut-short run left plain
        key, code = _converting(lambda: unlock_for_command(db))
        if code:
            return code
        done, code = _converting(lambda: encrypt_workbook(db, "", key))
        if code:
            return code
        say(f"{db} is already encrypted; its key file is {done.key_file}.")
        _say_handled(done)
        _say_backups(len(done.backups), "encrypted now")
        return _settle_editor_folders(db, args, done.key)
    say("Choose a passphrase. It opens your workbook; if it is lost, nobody can open "
          "the workbook, not even you. Saving stays as fast as before.")
    passphrase, code = _converting(
        lambda: ask_passphrase("New passphrase", twice=True))
    if code:
        return code
    done, code = _converting(lambda: encrypt_workbook(db, passphrase))
    if code:
        return code
    say(f"Encrypted {db}.")
    _say_handled(done)
    _say_backups(len(done.backups), "encrypted")
    say(f"Its key file is {done.key_file}: keep it beside the workbook (and with any copy "
          "of it). It opens only with your passphrase.")
    return _settle_editor_folders(db, args, done.key)


def run_decrypt(args: argparse.Namespace) -> int:
    from workbook.core.storage.conversion import (
        decrypt_workbook,
        encrypted_leftovers,
        remove_unused_key_file,
    )
    from workbook.core.storage.encryption import is_encrypted, key_path, unlock

    db, code = _database(args)
    if code:
        return code
    encrypted = is_encrypted(db)
    if not encrypted and not (key_path(db).exists() and encrypted_leftovers(db)):
        removed, code = _converting(lambda: remove_unused_key_file(db))
        if code:
            return code
        say(f"{db} is not encrypted; nothing to do"
              + (f" (an unused {key_path(db).name} was removed)." if removed else "."))
        return 0
    if code := ask_first(f"Store {db} and its backups as plain text again? Anyone who can "
                         "read the files could then read your answers.", yes=args.yes,
                         needs_yes="turning encryption off needs a yes: run again with --yes"):
        return code
    key, code = _converting(lambda: unlock(db, ask_passphrase(f"Passphrase for {db.name}")))
    if code:
        return code
    done, code = _converting(lambda: decrypt_workbook(db, key))
    if code:
        return code
    for _, path, now in done.handled:
        say(f"Decrypted {path}" + (f" into {now}." if now != path else "."))
    _say_backups(len(done.backups), "decrypted")
    if done.left:
        say(f"{db} is plain again{' (it already was)' if done.already else ''}. "
              f"{len(done.left)} damaged file(s) could not be decrypted and stay as they were, "
              f"so {done.key_file.name} stays beside them: {', '.join(p.name for p in done.left)}")
        return 0
    say(f"{db} is plain again{' (it already was)' if done.already else ''}; "
          f"{done.key_file.name} was removed.")
    return 0


def run_passphrase(args: argparse.Namespace) -> int:
    from workbook.core.storage.conversion import change_passphrase
    from workbook.core.storage.encryption import is_encrypted

    db, code = _database(args)
    if code:
        return code
    if not is_encrypted(db):
        return fail(f"{db} is not encrypted: 'workbook encrypt' turns encryption on")
    key, code = _converting(lambda: unlock_for_command(db))
    if code:
        return code
    new, code = _converting(
        lambda: ask_passphrase("New passphrase", env=NEW_PASSPHRASE_ENV, twice=True))
    if code:
        return code
    done, code = _converting(lambda: change_passphrase(db, key, new))
    if code:
        return code
    say(f"Passphrase changed: only {done.key_file} was rewritten.")
    return 0
