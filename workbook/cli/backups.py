"""`workbook backups` and `workbook restore BACKUP` (no Textual)."""

from __future__ import annotations

import argparse

from workbook.cli.ask import ask_first
from workbook.cli.output import fail, say


def run_backups(args: argparse.Namespace) -> int:
    from workbook.cli.unlock import NoPassphrase, unlock_for_command
    from workbook.core.locations import backups_dir, db_path
    from workbook.core.storage import StorageError
    from workbook.core.storage.backups import KEEP_DAYS, KEEP_LAST, human_size, list_backups

    db = db_path(args.db)
    try:
        unlock_for_command(db)  # an encrypted workbook's list is for its owner too
    except (StorageError, NoPassphrase) as error:
        return fail(str(error))
    backups = list_backups(db)
    if not backups:
        say(f"No backups of {db} yet: one is made each time a session first saves.")
        return 0
    say(f"Backups of {db}, newest first (in {backups_dir(db)}):")
    width = max(len(backup.name) for backup in backups)
    for backup in backups:
        say(f"  {backup.name:<{width}}  {backup.taken:%Y-%m-%d %H:%M:%S}  {human_size(backup.size):>10}")
    say(f"The last {KEEP_LAST} are kept, and one a day for {KEEP_DAYS} days. "
          "Restore one with: workbook restore NAME")
    return 0


def run_restore(args: argparse.Namespace) -> int:
    from workbook.cli.unlock import NoPassphrase, unlock_for_command
    from workbook.core.locations import db_path
    from workbook.core.storage import BadDatabase, HardLinked, StorageError, WorkbookLocked
    from workbook.core.storage.backups import find_backup, restore_backup
    from workbook.core.storage.store import describe_os_error

    db = db_path(args.db)
    try:
        source = find_backup(db, args.backup)
    except LookupError as error:
        return fail(str(error))
    if db.exists() and (code := ask_first(
            f"Replace {db} with the backup {source.name}? (The file it replaces is kept.)",
            yes=args.yes, needs_yes="replacing your workbook needs a yes: run again with --yes")):
        return code
    try:
        key = unlock_for_command(db)
    except (StorageError, NoPassphrase) as error:
        return fail(str(error))
    try:
        kept = restore_backup(db, source, key=key)
    except HardLinked as error:
        return fail(f"{error}; nothing was changed")
    except WorkbookLocked as error:
        where = f" ({error.holder})" if error.holder else ""
        return fail(f"the workbook is open in another session{where}; nothing was changed. "
                    "Quit it there (ctrl+q), then restore again.")
    except BadDatabase as error:
        return fail(f"{error.path} cannot be restored: {error.problem}. Nothing was changed.")
    except OSError as error:
        return fail(f"could not restore {source.name}: {describe_os_error(error)}. "
                    f"{db} is as it was.")
    say(f"Restored {source.name} into {db}.")
    if kept is not None:
        say(f"The file it replaced is kept as {kept}.")
    return 0
