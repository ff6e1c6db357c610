"""`workbook export` and `workbook import`: files to keep, print or move (no Textual).

Every refusal is one line on stderr and a non-zero exit, and happens before
anything is written or replaced.
"""

from __future__ import annotations

import argparse
import sys

from workbook.cli.ask import ask_first
from workbook.cli.content import load_content
from workbook.cli.output import USAGE, fail, say
from workbook.core.export.common import (
    ExportError,
    default_filename,
    parse_steps,
    target_problem,
    write_export,
)


def render(fmt: str, workbook, store, *, steps, include_unanswered: bool, blank: bool,
           include_urgent: bool = False) -> str:
    """The export as text, in one of the formats (a PDF is the HTML, printed by `run_export`).

    Answers to the questions about suicide and self-harm are printed only with
    `include_urgent`, each dated (the JSON backup always holds everything)."""
    if fmt == "json":
        from workbook.core.export.backup import export_json

        return export_json(store, workbook)
    if fmt in ("html", "pdf"):
        from workbook.core.export.html import export_html as export
    else:
        from workbook.core.export.markdown import export_markdown as export
    from workbook.core.export.urgent import with_dates

    answers = {} if blank else with_dates(workbook, store.answers(), store.updated)
    return export(workbook, answers, steps=steps, include_unanswered=include_unanswered,
                  blank=blank, include_urgent=include_urgent,
                  updated={ex_id: store.updated(ex_id) for ex_id in answers})


# An encrypted workbook's plain exports say so once, so no copy goes around unnoticed.
NOT_ENCRYPTED = ("Note: {what} is not encrypted (only you can read it on this computer, "
                 "but anyone with the file can): keep it safe, delete it when done.")


def run_export(args: argparse.Namespace) -> int:
    from workbook.core.locations import db_path, plain_path
    from workbook.core.storage import StorageError

    if args.safety_plan and (args.steps or args.all):
        return fail("--safety-plan exports only the safety plan: "
                    "leave out --steps and --all", 2)
    if args.format == "json" and not args.safety_plan and (args.steps or args.all or args.blank):
        return fail("a JSON backup always holds the whole workbook: "
                    "--steps, --all and --blank are for md and html", USAGE)
    if args.include_urgent and (args.format == "json" or args.safety_plan or args.blank):
        return fail("--include-urgent is for md, html and pdf exports of your answers "
                    "(a JSON backup always holds them; the safety plan and a blank "
                    "workbook have none)", USAGE)
    if args.encrypt and args.format != "json":
        return fail("only a JSON backup can be encrypted (--format json --encrypt); "
                    "Markdown and HTML are for reading and printing", USAGE)
    workbook = load_content(args)
    if workbook is None:
        return 1
    try:
        steps = parse_steps(args.steps or "", workbook)
    except ExportError as error:
        return fail(str(error), USAGE)
    to_stdout = args.output == "-"
    name = default_filename(args.format, blank=args.blank, what="safety-plan" if args.safety_plan else "")
    path = plain_path(args.output or name)
    if not to_stdout and (problem := target_problem(path, force=args.force,
                                                     protected=db_path(args.db))):
        return fail(problem)
    from workbook.cli.unlock import NoPassphrase, open_for_reading

    try:
        store, key = open_for_reading(db_path(args.db))
    except (StorageError, NoPassphrase) as error:
        return fail(str(error))
    if args.encrypt and key is None:
        return fail("--encrypt uses the workbook's own key, and this workbook is not encrypted: "
                    "run 'workbook encrypt' first, or export without --encrypt")
    if args.safety_plan:
        from workbook.core.export.safety_plan import render_safety_plan

        text = render_safety_plan(args.format, workbook, {} if args.blank else store.answers(),
                                  blank=args.blank)
    else:
        text = render(args.format, workbook, store, steps=steps, include_unanswered=args.all,
                      blank=args.blank, include_urgent=args.include_urgent)
    data = key.encrypt(text.encode("utf-8")) if args.encrypt else text.encode("utf-8")
    if args.format == "pdf":
        from workbook.core.export.pdf import print_pdf

        if to_stdout and sys.stdout.isatty():
            return fail("a PDF is not for reading in the terminal: "
                        "give --output FILE, or pipe it to a file or a printer")
        try:
            data = print_pdf(text)
        except ExportError as error:
            return fail(str(error))
    plain_copy = key is not None and not args.encrypt
    if to_stdout:
        if plain_copy:
            print(NOT_ENCRYPTED.format(what="This export"), file=sys.stderr)
        if sys.stdout.isatty() and not args.encrypt:  # read on screen: the terminal must not obey the answers
            from workbook.core.safe_text import visible

            data = visible(text, multiline=True).encode("utf-8")
        # A reader that leaves early (`| head`) ends it quietly: cli/main.py.
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
        return 0
    if problem := write_export(path, data):
        return fail(problem)
    say(f"Saved to {path}")
    if plain_copy:
        say(NOT_ENCRYPTED.format(what=path.name))
    elif args.encrypt:
        say(f"{path.name} is encrypted: it opens with your key file and passphrase.")
    return 0


def run_import(args: argparse.Namespace) -> int:
    from workbook.core.export.backup import BackupError, merge_backup, read_backup, write_document
    from workbook.core.locations import db_path, plain_path
    from workbook.core.storage import AnswerStore, StorageError, WorkbookLocked
    from workbook.core.storage.backups import back_up
    from workbook.core.storage.files import NotAFile, TooLarge, read_regular
    from workbook.core.storage.jsontext import notice
    from workbook.core.storage.lock import WorkbookLock, is_locked

    source = plain_path(args.file)
    try:
        raw = read_regular(source)
    except FileNotFoundError:
        return fail(f"{source}: there is no such file")
    except NotAFile as error:
        return fail(f"{error}: give the backup file made by 'workbook export --format json'")
    except TooLarge as error:
        return fail(str(error))
    except OSError as error:
        return fail(f"{source} cannot be read ({error.strerror})")
    workbook = load_content(args)
    if workbook is None:
        return 1
    from workbook.cli.unlock import NoPassphrase, open_for_reading
    from workbook.core.storage.encryption import looks_encrypted

    db = db_path(args.db)
    try:
        current, key = open_for_reading(db)
        if looks_encrypted(raw):
            if key is None:
                return fail(f"{source} is encrypted, and only an encrypted workbook's key "
                            "opens it; nothing was imported")
            raw = key.decrypt(source, raw)
    except (StorageError, NoPassphrase) as error:
        return fail(f"{error}; nothing was imported")
    try:
        backup, replaced = read_backup(raw, str(source), workbook)
    except BackupError as error:
        return fail(str(error))
    if replaced:
        say(notice(replaced, str(source)), file=sys.stderr)
    holder = is_locked(db)
    if holder is not None:
        return fail(str(WorkbookLocked(db, holder)) + ": close it there, then import again")
    from workbook.core.progress import holds_line

    incoming = {ex_id: doc.get("value") for ex_id, doc in backup["answers"].items()}
    if not args.merge and current.raw_answers() and (code := ask_first(
            f"Replace your workbook at {db} ({holds_line(workbook, current.answers())}) "
            f"with {source} ({holds_line(workbook, incoming)})? "
            "(A copy of the current one is kept.)", yes=args.yes,
            needs_yes="replacing your answers needs a yes: run again with --yes, "
                      "or with --merge to keep whichever answer is newer")):
        return code
    try:
        with WorkbookLock(db):
            current = AnswerStore(db, read_only=True, key=key)  # re-read: it is ours now
            kinds = {exercise.id: exercise.kind for exercise in workbook.exercises}
            kept = back_up(db)  # first: whatever the merge replaces stays here
            document, report = merge_backup(backup, current if args.merge else None, kinds)
            write_document(db, document, key)
    except StorageError as error:
        return fail(f"{error}; nothing was imported")
    except OSError as error:
        from workbook.core.storage.store import describe_os_error

        return fail(f"cannot write {db}: {describe_os_error(error)}; nothing was imported")
    if args.merge:
        say(f"Merged {source} into {db}:")
        for line in report.lines():
            say(f"  {line}")
    else:
        say(f"Restored {source} into {db}: {holds_line(workbook, incoming)}.")
    if kept is not None:
        say(f"The workbook as it was before is kept in {kept.path}")
    return 0
