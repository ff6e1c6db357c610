"""`workbook sync`: merge the conflict copies a sync tool left beside the workbook (no Textual).

For scripts and cron: exit 0 when there was nothing to do or every copy was
merged, 1 (with a message on stderr) when a copy could not be merged or the
workbook could not be opened or saved. The app does the same by itself.
"""

from __future__ import annotations

import argparse
import sys

from workbook.cli.output import fail, say


def run_sync(args: argparse.Namespace) -> int:
    from workbook.cli.content import load_content
    from workbook.cli.unlock import NoPassphrase, unlock_for_command
    from workbook.core.locations import db_path
    from workbook.core.storage import AnswerStore, HardLinked, StorageError, WorkbookLocked
    from workbook.core.sync import conflict_copies, merge_conflict_copies

    db = db_path(args.db)
    copies = conflict_copies(db)
    if not copies:
        say(f"Nothing to merge: no copies from another machine beside {db}.")
        return 0
    workbook = load_content(args)
    if workbook is None:
        return 1
    kinds = {exercise.id: exercise.kind for exercise in workbook.exercises}
    try:
        key = unlock_for_command(db)
        store = AnswerStore(db, key=key)
    except HardLinked as error:
        return fail(f"{error}; nothing was merged")
    except WorkbookLocked as error:
        return fail(f"{error}: the app there merges the copies itself, or close it and run "
                    "'workbook sync' again")
    except (StorageError, NoPassphrase) as error:
        return fail(f"{error}; nothing was merged")
    try:
        result = merge_conflict_copies(store, kinds)
    finally:
        store.close()
    problems = result.problems()
    for line in result.lines():
        say(line, file=sys.stderr if line in problems else None)
    return 0 if result.ok else 1
