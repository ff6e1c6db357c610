"""What every command prints: lines for the person, one-line failures, and the usage exit code.

Everything goes through the safe-text gate: answers, titles, file names and
errors may hold escape sequences, and the terminal must never obey them.
"""

from __future__ import annotations

import sys
from typing import TextIO

# Exit status for a command used the wrong way (as argparse does): a bad
# option value, or a replacement asked for without a terminal or --yes.
USAGE = 2


def say(text: object = "", *, file: TextIO | None = None) -> None:
    """Print a line for the person, through the gate that makes control characters
    visible: answers, titles, file names and errors may hold escape sequences."""
    from workbook.core.safe_text import visible

    print(visible(str(text), multiline=True), file=file or sys.stdout)


def fail(message: str, code: int = 1) -> int:
    """Print one line to stderr and return the exit code."""
    say(f"workbook: {message}", file=sys.stderr)
    return code
