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
    from workbook.core.earlier import earlier_in
    from workbook.core.export.urgent import with_dates

    answers = {} if blank else with_dates(workbook, store.answers(), store.updated)
    earlier = [] if blank else earlier_in(workbook, store)
    return export(workbook, answers, steps=steps, include_unanswered=include_unanswered,
                  blank=blank, include_urgent=include_urgent, earlier=earlier,
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
    if args.encrypt and args.to:
        return fail("choose one: --encrypt seals a backup with your workbook's own key, "
                    "--to seals a copy for the keys you name", USAGE)
    if args.encrypt and args.format != "json":
        return fail("only a JSON backup can be encrypted (--format json --encrypt); "
                    "Markdown and HTML are for reading and printing", USAGE)
    recipients = []
    if args.to:
        from workbook.core.export.recipients import RecipientProblem, parse_recipients

        try:  # before any passphrase is asked: a typo is found at once
            recipients = parse_recipients(args.to)
        except RecipientProblem as error:
            return fail(str(error), USAGE)
    workbook = load_content(args)
    if workbook is None:
        return 1
    try:
        steps = parse_steps(args.steps or "", workbook)
    except ExportError as error:
        return fail(str(error), USAGE)
    to_stdout = args.output == "-"
    if to_stdout and recipients and sys.stdout.isatty():
        return fail("an encrypted copy is not for reading in the terminal: "
                    "give --output FILE, or pipe it to a file")
    name = default_filename(args.format, blank=args.blank, what="safety-plan" if args.safety_plan else "")
    if recipients:
        from workbook.core.export.recipients import for_recipients

        name = for_recipients(name)
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
    data = text.encode("utf-8")
    if args.format == "pdf":
        from workbook.core.export.pdf import print_pdf

        if to_stdout and sys.stdout.isatty():
            return fail("a PDF is not for reading in the terminal: "
                        "give --output FILE, or pipe it to a file or a printer")
        try:
            data = print_pdf(text, progress=lambda line: say(line, file=sys.stderr))
        except ExportError as error:
            return fail(str(error))
    # Sealed in memory: the plain copy is never written anywhere.
    if args.encrypt:
        data = key.encrypt(data)
    elif recipients:
        from workbook.core.export.recipients import encrypt_for

        data = encrypt_for(data, recipients)
    sealed = args.encrypt or bool(recipients)
    plain_copy = key is not None and not sealed
    if to_stdout:
        if plain_copy:
            print(NOT_ENCRYPTED.format(what="This export"), file=sys.stderr)
        if sys.stdout.isatty() and not sealed:  # read on screen: the terminal must not obey the answers
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
    elif recipients:
        say(f"{path.name} is encrypted for {shared_with(recipients)}: only their owners can "
            f"open it (age --decrypt --identity KEY {path.name})")
    return 0


def shared_with(recipients) -> str:
    """ "1 key" or "3 keys (2 SSH, 1 age)", for the line after an encrypted export."""
    count = f"{len(recipients)} key{'s' if len(recipients) != 1 else ''}"
    ssh = sum(1 for recipient in recipients if recipient.kind != "age")
    if len(recipients) == 1 or ssh in (0, len(recipients)):
        return count
    return f"{count} ({ssh} SSH, {len(recipients) - ssh} age)"


def run_import(args: argparse.Namespace) -> int:
    from workbook.core.export.backup import BackupError, import_backup, read_backup
    from workbook.core.locations import db_path, plain_path
    from workbook.core.storage import AnswerStore, HardLinked, StorageError, WorkbookLocked
    from workbook.core.storage.files import NotAFile, TooLarge, read_regular
    from workbook.core.storage.jsontext import notice
    from workbook.core.storage.lock import is_locked

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

    document = backup["document"]
    incoming = {ex_id: document.value(ex_id) for ex_id in document.exercises()}
    if not args.merge and current.raw_answers() and (code := ask_first(
            f"Replace your workbook at {db} ({holds_line(workbook, current.answers())}) "
            f"with {source} ({holds_line(workbook, incoming)})? "
            "(A copy of the current one is kept.)", yes=args.yes,
            needs_yes="replacing your answers needs a yes: run again with --yes, "
                      "or with --merge to join them entry by entry")):
        return code
    kinds = {exercise.id: exercise.kind for exercise in workbook.exercises}
    try:
        store = AnswerStore(db, key=key)  # holds the lock until closed
    except WorkbookLocked as error:
        if isinstance(error, HardLinked):
            return fail(f"{error}; nothing was imported")
        return fail(f"{error}: close it there, then import again")
    except StorageError as error:
        return fail(f"{error}; nothing was imported")
    try:
        before = store.replica().docs()
        report = import_backup(backup, store, merge=args.merge, kinds=kinds)
        if args.merge and store.replica().docs() == before:
            say(f"Merged {source} into {db}:")
            for line in report.lines():
                say(f"  {line}")
            return 0  # nothing new: the file is left exactly as it was
        store.save()
    except StorageError as error:
        return fail(f"{error}; nothing was imported")
    finally:
        store.close()
    if args.merge:
        say(f"Merged {source} into {db}:")
        for line in report.lines():
            say(f"  {line}")
    else:
        say(f"Restored {source} into {db}: {holds_line(workbook, incoming)}.")
    if store.last_backup is not None:
        say(f"The workbook as it was before is kept in {store.last_backup.path}")
    elif store.backup_skipped:
        say(f"No copy of the workbook as it was could be kept ({store.backup_skipped}).")
    return 0
