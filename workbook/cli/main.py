"""The `workbook` command: the dispatch to each command, and opening the app.

The arguments are in `arguments`, built only when a command is asked for:
the bare `workbook` reads its few flags itself (`bare_app_args`). Each command lives in its own module, imported by name only when it runs
(`HANDLERS`), so `workbook status --short` stays quick enough for a login
message. Only `workbook` itself (and `serve`) imports Textual.
"""

from __future__ import annotations

import gc
import os
import sys
from collections.abc import Sequence
from importlib import import_module
from types import SimpleNamespace
from typing import Any

from workbook.cli.output import say

# subcommand -> "module:function" taking the parsed arguments, returning an exit code
HANDLERS = {
    "check": "workbook.cli.check:run_check",
    "status": "workbook.cli.status:run_status",
    "where": "workbook.cli.status:run_where",
    "export": "workbook.cli.export:run_export",
    "import": "workbook.cli.export:run_import",
    "backups": "workbook.cli.backups:run_backups",
    "restore": "workbook.cli.backups:run_restore",
    "serve": "workbook.cli.serve:run_serve",
    "sync": "workbook.cli.sync:run_sync",
    "encrypt": "workbook.cli.encryption:run_encrypt",
    "decrypt": "workbook.cli.encryption:run_decrypt",
    "passphrase": "workbook.cli.encryption:run_passphrase",
}


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point for `workbook` and `python -m workbook`."""
    argv = sys.argv[1:] if argv is None else list(argv)
    args = bare_app_args(argv)
    if args is None:
        from workbook.cli.arguments import build_parser

        args = build_parser().parse_args(argv)
    try:
        if args.command is None:
            return run_app(args)
        module_name, function = HANDLERS[args.command].split(":")
        code = getattr(import_module(module_name), function)(args)
        sys.stdout.flush()
        return code
    except BrokenPipeError:
        # `workbook status | head -1`: the reader has all it wanted. Exit
        # quietly as a C tool killed by SIGPIPE would (status 128 + 13), and
        # point stdout at /dev/null so the flush at exit finds no pipe either.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return SIGPIPE_EXIT


# What a shell reports for a command ended by SIGPIPE (128 + signal 13).
SIGPIPE_EXIT = 141


def bare_app_args(argv: Sequence[str]) -> Any:
    """The flags of a bare `workbook` (the app, no command), read without building
    the full parser and its dozen commands (a few milliseconds of every start-up).

    None for anything else (a command, `--help`, a misspelt or shortened flag, a
    value that looks like a flag): the full parser reads those, and says what is wrong.
    """
    args = SimpleNamespace(command=None, db=None, content=None, read_only=False)
    words = iter(argv)
    for word in words:
        name, has_value, value = word.partition("=")
        if name in ("--db", "--content"):
            if not has_value:
                value = next(words, None)
                if value is None or value.startswith("-"):
                    return None
            setattr(args, name.removeprefix("--"), value)
        elif word == "--read-only":
            args.read_only = True
        else:
            return None
    return args


def run_app(args: Any) -> int:
    """The bare `workbook`: the app in this terminal until it is quit."""
    from workbook.core.content import ContentError

    # Start-up allocates much and frees little, so cycle collections until the
    # first frame are wasted time: `WorkbookApp.on_ready` turns them back on.
    gc.disable()
    from workbook.tui.app import make_app

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
