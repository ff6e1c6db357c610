"""The `workbook` command: open the app, or check, report, export and restore.

Only `workbook` itself (and `serve`) imports Textual; the other commands stay
quick enough for a login message.
"""

from __future__ import annotations

import argparse
import gc
import sys
from collections.abc import Sequence
from importlib import import_module
from pathlib import Path
from typing import TextIO

from workbook import __version__

# subcommand -> "module:function" taking the parsed arguments, returning an exit code
HANDLERS = {
    "check": "workbook.cli:run_check",
    "status": "workbook.cli:run_status",
    "where": "workbook.cli:run_where",
    "export": "workbook.cli_export:run_export",
    "import": "workbook.cli_export:run_import",
    "backups": "workbook.cli_backups:run_backups",
    "restore": "workbook.cli_backups:run_restore",
    "serve": "workbook.cli_serve:run_serve",
    "encrypt": "workbook.cli_encrypt:run_encrypt",
    "decrypt": "workbook.cli_encrypt:run_decrypt",
    "passphrase": "workbook.cli_encrypt:run_passphrase",
}


class OneLineParser(argparse.ArgumentParser):
    """Bad arguments get one clear line and exit status 2."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.exit(2, f"{self.prog}: {message} (see '{self.prog} --help')\n")


def build_parser() -> argparse.ArgumentParser:
    parser = OneLineParser(
        prog="workbook",
        description="Heartbreak Workbook: ten steps from heartbreak to healing, in your terminal.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    # SUPPRESS: a command's own --db, when not given, keeps the one given before it.
    common = argparse.ArgumentParser(add_help=False, argument_default=argparse.SUPPRESS)
    common.add_argument("--db", metavar="PATH", help="the answers file (default: $WORKBOOK_DB, "
                        "else workbook.json in your data folder)")
    common.add_argument("--content", metavar="DIR", help="another workbook's content folder "
                        "(default: $WORKBOOK_CONTENT, else the one shipped)")
    # Also before the command (`workbook --db PATH export ...`), and listed in --help.
    parser.add_argument("--db", metavar="PATH", help="the answers file (default: $WORKBOOK_DB, "
                        "else workbook.json in your data folder)")
    parser.add_argument("--content", metavar="DIR", help="another workbook's content folder "
                        "(default: $WORKBOOK_CONTENT, else the one shipped)")
    parser.add_argument("--read-only", action="store_true", help="open without saving anything")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=OneLineParser)

    check = sub.add_parser("check", parents=[common], help="validate a content folder")
    check.add_argument("dir", nargs="?", metavar="DIR", help="the folder (default: the shipped content)")

    status = sub.add_parser("status", parents=[common], help="print progress per step")
    status.add_argument("--short", action="store_true", help="one short line, for a login message")

    sub.add_parser("where", parents=[common], help="print the data, backup and content paths")

    export = sub.add_parser("export", parents=[common], help="export your workbook to a file")
    export.add_argument("--format", choices=("md", "html", "json", "pdf"), default="md",
                        help="pdf needs the optional WeasyPrint extra")
    export.add_argument("--output", "-o", metavar="FILE", help="where to write ('-' for stdout)")
    export.add_argument("--steps", metavar="LIST", help="only these steps, e.g. 1,2,9")
    export.add_argument("--all", action="store_true", help="include unanswered exercises")
    export.add_argument("--blank", action="store_true", help="a blank workbook to fill by hand")
    export.add_argument("--force", action="store_true", help="overwrite an existing file")
    export.add_argument("--encrypt", action="store_true",
                        help="JSON only: encrypt it with the workbook's key (an encrypted workbook)")
    export.add_argument("--safety-plan", action="store_true",
                        help="only your safety plan and the crisis lines, to print or keep")
    export.add_argument("--include-urgent", action="store_true",
                        help="also print your answers to the questions about suicide and "
                             "self-harm, each with its date (left out unless you ask)")

    imp = sub.add_parser("import", parents=[common], help="restore a JSON backup made by export")
    imp.add_argument("file", metavar="FILE")
    imp.add_argument("--merge", action="store_true", help="keep the newer answer of each exercise")
    imp.add_argument("--yes", "-y", action="store_true", help="replace without asking")

    sub.add_parser("backups", parents=[common], help="list the automatic backups")
    restore = sub.add_parser("restore", parents=[common], help="restore an automatic backup")
    restore.add_argument("backup", metavar="BACKUP")
    restore.add_argument("--yes", "-y", action="store_true", help="replace without asking")

    sub.add_parser("encrypt", parents=[common], help="encrypt the workbook and its backups "
                   "with a passphrase")
    decrypt = sub.add_parser("decrypt", parents=[common], help="store the workbook as plain "
                             "text again")
    decrypt.add_argument("--yes", "-y", action="store_true", help="don't ask first")
    sub.add_parser("passphrase", parents=[common], help="change the passphrase")

    serve = sub.add_parser("serve", parents=[common], help="use the workbook in a web browser")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point for `workbook` and `python -m workbook`."""
    args = build_parser().parse_args(argv)
    if args.command is None:
        return run_app(args)
    module_name, function = HANDLERS[args.command].split(":")
    return getattr(import_module(module_name), function)(args)


def say(text: object = "", *, file: TextIO | None = None) -> None:
    """Print a line for the person, through the gate that makes control characters
    visible: answers, titles, file names and errors may hold escape sequences."""
    from workbook.safe_text import visible

    print(visible(str(text), multiline=True), file=file or sys.stdout)


# Exit status for a command used the wrong way (as argparse does): a bad
# option value, or a replacement asked for without a terminal or --yes.
USAGE = 2


def fail(message: str, code: int = 1) -> int:
    """Print one line to stderr and return the exit code."""
    say(f"workbook: {message}", file=sys.stderr)
    return code


def load_content(args: argparse.Namespace):
    """The workbook content, or None after printing each problem."""
    from workbook.content import ContentError
    from workbook.content.cache import load_workbook_cached
    from workbook.locations import cache_dir, content_dir

    try:
        return load_workbook_cached(content_dir(args.content), cache_dir())
    except ContentError as error:
        for problem in error.problems:
            say(problem, file=sys.stderr)
        return None


def run_app(args: argparse.Namespace) -> int:
    from workbook.content import ContentError

    # Start-up allocates much and frees little, so cycle collections until the
    # first frame are wasted time: `WorkbookApp.on_ready` turns them back on.
    gc.disable()
    from workbook.app import make_app

    try:
        # A locked or unusable database opens on a screen that explains it.
        app = make_app(args.db, args.content, read_only=args.read_only)
    except ContentError as error:
        for problem in error.problems:
            say(problem, file=sys.stderr)
        return 1
    # Modules and years of answers live until exit; freezing them keeps the
    # cycle collector from walking them again and again once it runs (plain
    # data without cycles is still freed as usual).
    gc.freeze()
    try:
        app.run()
    finally:
        app.store.close()
    return app.return_code or 0


def run_check(args: argparse.Namespace) -> int:
    from workbook.content import check_content
    from workbook.locations import content_dir

    folder = Path(args.dir) if args.dir else content_dir(args.content)
    problems = check_content(folder)
    for problem in problems:
        say(problem, file=sys.stderr)
    if problems:
        say(f"{len(problems)} problem(s) in {folder}", file=sys.stderr)
        return 1
    from workbook.content import load_workbook

    workbook = load_workbook(folder)
    count = len(workbook.exercises)
    say(f"{folder}: {len(workbook.steps)} steps, {count} exercises, all fine")
    return 0


def run_status(args: argparse.Namespace) -> int:
    from workbook import clock
    from workbook.locations import db_path
    from workbook.progress import last_written, since_words, workbook_progress, written_line
    from workbook.storage import StorageError
    from workbook.storage.encryption import is_encrypted

    db = db_path(args.db)
    if args.short and is_encrypted(db):
        # A login line never asks for anything, and says nothing of the answers.
        print("Heartbreak Workbook: locked. Type 'workbook' to open it.")
        return 0
    workbook = load_content(args)
    if workbook is None:
        return 1
    from workbook.cli_encrypt import NoPassphrase, open_for_reading

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
    from workbook.earlier import TITLE, earlier_answers

    earlier = earlier_answers(workbook, store.answers())
    if earlier:
        say(f"\n{TITLE} (kept; 'workbook export' includes them):")
        for answer in earlier:
            say(f"  {answer.title}: {answer.why}")
    return 0


def run_where(args: argparse.Namespace) -> int:
    from workbook.locations import backups_dir, content_dir, db_path

    db = db_path(args.db)
    say(f"data:    {db}")
    say(f"backups: {backups_dir(db)}")
    say(f"content: {content_dir(args.content)}")
    return 0
