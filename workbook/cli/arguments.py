"""The `workbook` command's arguments: every command, flag and its help.

Built only when a command (or `--help`) is asked for: the bare `workbook`
that opens the app reads its few flags without it (see `main.bare_app_args`).
"""

from __future__ import annotations

import argparse

from workbook import __version__


def merge_help() -> str:
    from workbook.core.merge_words import IN_A_SENTENCE

    return IN_A_SENTENCE.replace("%", "%%")


# The one rule for a passphrase in the environment, for the app and every command.
PASSPHRASE_RULE = (
    "An encrypted workbook: the commands (status, export, encrypt...) read the passphrase "
    "from WORKBOOK_PASSPHRASE when it is set, for scripts (and the new one from "
    "WORKBOOK_NEW_PASSPHRASE for 'workbook passphrase'); otherwise they ask. The app itself "
    "('workbook', 'workbook serve') never reads it: it always asks on its own screen."
)


class OneLineParser(argparse.ArgumentParser):
    """Bad arguments get one clear line and exit status 2."""

    def error(self, message: str) -> None:  # type: ignore[override]
        from workbook.core.export.recipients import NEVER_PRIVATE, looks_private

        if looks_private(message):  # argparse repeats what it did not expect: never a secret
            message = (f"a private key was given, so it was not used or kept. {NEVER_PRIVATE} "
                       "(give it with --to)")
        self.exit(2, f"{self.prog}: {message} (see '{self.prog} --help')\n")


def build_parser() -> argparse.ArgumentParser:
    parser = OneLineParser(
        prog="workbook",
        description="Heartbreak Workbook: ten steps from heartbreak to healing, in your terminal.",
        epilog=PASSPHRASE_RULE,
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
    export.add_argument("--to", action="append", metavar="RECIPIENT",
                        help="encrypt the copy for someone you trust: their age public key "
                             "(age1…), SSH public key (ssh-ed25519 …, ssh-rsa …) or a file of "
                             "keys; give it again for more people. Opens with age -d -i KEY")
    export.add_argument("--safety-plan", action="store_true",
                        help="only your safety plan and the crisis lines, to print or keep")
    export.add_argument("--include-urgent", action="store_true",
                        help="also print your answers to the questions about suicide and "
                             "self-harm, each with its date (left out unless you ask)")

    imp = sub.add_parser("import", parents=[common], help="restore a JSON backup made by export")
    imp.add_argument("file", metavar="FILE")
    imp.add_argument("--merge", action="store_true", help=merge_help())
    imp.add_argument("--yes", "-y", action="store_true", help="replace without asking")

    sub.add_parser("sync", parents=[common], help="merge the copies a sync tool left beside "
                   "the workbook (Syncthing, Nextcloud, Dropbox conflict copies)")

    sub.add_parser("backups", parents=[common], help="list the automatic backups")
    restore = sub.add_parser("restore", parents=[common], help="restore an automatic backup")
    restore.add_argument("backup", metavar="BACKUP")
    restore.add_argument("--yes", "-y", action="store_true", help="replace without asking")

    encrypt = sub.add_parser("encrypt", parents=[common], help="encrypt the workbook, its "
                             "backups and every other file holding your words")
    encrypt.add_argument("--yes", "-y", action="store_true",
                         help="remove plain folders your editor left without asking")
    decrypt = sub.add_parser("decrypt", parents=[common], help="store the workbook as plain "
                             "text again")
    decrypt.add_argument("--yes", "-y", action="store_true", help="don't ask first")
    sub.add_parser("passphrase", parents=[common], help="change the passphrase")

    serve = sub.add_parser("serve", parents=[common], help="use the workbook in a web browser")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)
    return parser
