"""`workbook status [--short]` and `workbook where`: progress and paths (no Textual).

`status --short` runs at every login, so it imports only what it needs and
never asks for anything.
"""

from __future__ import annotations

import argparse
import sys

from workbook.cli.content import load_content
from workbook.cli.output import fail, say


def run_status(args: argparse.Namespace) -> int:
    from workbook.core import clock
    from workbook.core.locations import db_path
    from workbook.core.progress import last_written, since_words, workbook_progress, written_line
    from workbook.core.storage import StorageError
    from workbook.core.storage.encryption import is_encrypted

    db = db_path(args.db)
    if args.short and is_encrypted(db):
        # A login line never asks for anything, and says nothing of the answers.
        print("Heartbreak Workbook: locked. Type 'workbook' to open it.")
        return 0
    workbook = load_content(args)
    if workbook is None:
        return 1
    if is_encrypted(db):
        warn_plain_files(db)
    from workbook.cli.unlock import NoPassphrase, open_for_reading

    try:
        store, _ = open_for_reading(db)
    except (StorageError, NoPassphrase) as error:
        return fail(str(error))
    for notice in store.notices:
        say(notice, file=sys.stderr)
    answers = store.answers()
    progress = workbook_progress(workbook, answers)
    last = last_written(workbook, answers, store.updated)
    when = since_words(last, clock.now()) if last else ""
    if args.short:
        # One plain line under 80 columns: it greets the person at login, with
        # when they last wrote, never a score.
        if not when:
            say("Heartbreak Workbook: ready when you are. Type 'workbook' to begin.")
        else:
            say(f"Heartbreak Workbook: you last wrote {when}. Type 'workbook' to go on.")
        return 0
    width = max(len(p.step.title) for p in progress)
    for p in progress:
        mark = "written in" if p.written_in else ""
        say(f"{p.step.number:>2}. {p.step.title:<{width}}  {mark}".rstrip())
    if when:
        say(f"{written_line(progress)}; you last wrote {when}.")
    else:
        say(written_line(progress))
    from workbook.core.earlier import TITLE, earlier_in

    earlier = earlier_in(workbook, store)
    if earlier:
        say(f"\n{TITLE} (kept; 'workbook export' includes them):")
        for answer in earlier:
            say(f"  {answer.title}: {answer.why}")
    return 0


def warn_plain_files(db) -> None:
    """Name each file of an encrypted workbook that still holds answers as plain text,
    and what to do (before the passphrase is asked for: the names say nothing of the words)."""
    from workbook.core.storage.files import real_path
    from workbook.core.storage.plaintext import plain_files
    from workbook.tui.editor_recovery import on_disk_folders

    try:
        db = real_path(db)
    except OSError:
        return
    found = [(plain.path, plain.what) for plain in plain_files(db)]
    found += [(folder, "your own editor's folder, kept when a session was cut off")
              for folder in on_disk_folders(db)]
    if not found:
        return
    say("Your workbook is encrypted, but these files still hold your words as plain text, "
        "readable by anyone who can read them:")
    for path, what in found:
        say(f"  {path} ({what})")
    say("Run 'workbook encrypt' to encrypt them (it asks before removing anything).\n")


def run_where(args: argparse.Namespace) -> int:
    from workbook.core.locations import backups_dir, content_dir, db_path, state_dir

    db = db_path(args.db)
    say(f"data:    {db}")
    say(f"backups: {backups_dir(db)}")
    say(f"locks:   {state_dir() / 'locks'} (this machine's: never in a synced folder)")
    say(f"content: {content_dir(args.content)}")
    return 0
