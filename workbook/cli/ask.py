"""Ask first, or --yes: the one way restore, import and decrypt ask before replacing anything."""

from __future__ import annotations

import sys

from workbook.cli.output import USAGE, fail, say


def confirm(question: str) -> bool:
    """A y/N question on the terminal; anything but yes keeps things as they are."""
    try:
        answer = input(f"{question} [y/N] ")
    except EOFError:
        return False
    return answer.strip().lower() in ("y", "yes")


def ask_first(question: str, *, yes: bool, needs_yes: str) -> int:
    """0 to go on: given --yes, or the person said yes on the terminal.

    Otherwise the exit code, after one line: a script without a terminal is
    told `needs_yes` (a usage error), and a no on the terminal changes nothing.
    """
    if yes:
        return 0
    if not sys.stdin.isatty():
        return fail(needs_yes, USAGE)
    if not confirm(question):
        say("Nothing was changed.")
        return 1
    return 0
