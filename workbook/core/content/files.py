"""Reading one content file: a plain file of a sensible size, as UTF-8 text (no Textual).

The shipped files are a few KB each. A file of hundreds of MB (a wrong file
dropped in the folder, a log named 11-notes.md) would cost several times its
size in memory as it is parsed, so anything over `MAX_CONTENT_BYTES` is
refused before a byte is read, as the database is. So is a named pipe or a
device where a file should be: reading one would wait for ever.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Callable
from pathlib import Path

# A hundred times the largest shipped file: room for any authored step.
MAX_CONTENT_BYTES = 1_000_000


class UnusableFile(OSError):
    """A content file refused before reading; `str()` says why and what to do."""


def read_content(path: Path) -> str:
    """The text of the content file `path`, newlines made "\\n" (as `Path.read_text`).

    Raises `UnusableFile` for a file too big or not a plain file, or the
    `OSError` / `UnicodeDecodeError` from opening or decoding it.
    """
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)  # a FIFO cannot hang us
    with os.fdopen(fd, "rb") as file:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise UnusableFile("this is not a plain file (a folder, a pipe or a device): "
                               "move it out of the content folder")
        raw = file.read(MAX_CONTENT_BYTES + 1) if info.st_size <= MAX_CONTENT_BYTES else b""
        if info.st_size > MAX_CONTENT_BYTES or len(raw) > MAX_CONTENT_BYTES:
            size = max(info.st_size, len(raw))
            raise UnusableFile(
                f"this file is {size / 1e6:.1f} MB, more than a content file may be "
                f"({MAX_CONTENT_BYTES // 1_000_000} MB; the shipped ones are a few KB): "
                "is it the right file? Shorten it, or split it into steps"
            )
    return raw.decode("utf-8").replace("\r\n", "\n").replace("\r", "\n")


def read_or_report(path: Path, problem: Callable[[int, str], None]) -> str | None:
    """The text of `path`, or None once `problem(line, message)` was told why not."""
    try:
        return read_content(path)
    except UnusableFile as error:
        problem(0, str(error))  # (line 0: the whole file)
    except (OSError, UnicodeDecodeError) as error:
        problem(1, f"cannot read this file: {error}")
    return None
