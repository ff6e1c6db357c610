"""Long writing in the person's own editor: $VISUAL, else $EDITOR.

No Textual here: the app suspends itself around `edit_text`, which hands the
text to the editor through a file in a private folder and always removes that
folder afterwards.
"""

from __future__ import annotations

import os
import shlex
import shutil
import signal
import subprocess
import tempfile
import threading
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

NO_EDITOR = (
    "No editor is set. To write here in your own editor, set VISUAL or EDITOR "
    "before starting the workbook, for example: export EDITOR=nano"
)


class EditorError(Exception):
    """The editor could not be used; the message says why and what to do."""


@dataclass(frozen=True)
class Edited:
    """What came back from the editor."""

    text: str
    changed: bool
    note: str | None = None  # something the person should know, said kindly


def editor_command(environ: Mapping[str, str] | None = None) -> list[str] | None:
    """The editor to run, split like a shell would: $VISUAL first, then $EDITOR.

    None when neither is set. Raises `EditorError` when the value cannot be split.
    """
    environ = os.environ if environ is None else environ
    for name in ("VISUAL", "EDITOR"):
        value = environ.get(name, "").strip()
        if not value:
            continue
        try:
            words = shlex.split(value)
        except ValueError as error:
            raise EditorError(
                f"${name} is set to {value!r}, which can't be read as a command "
                f"({error}). Fix it in your shell settings and start the workbook again."
            ) from error
        if words:
            return words
    return None


# Filesystems that live in memory: an encrypted workbook's words never reach a disk.
RAM_FILESYSTEMS = frozenset({"tmpfs", "ramfs"})


def filesystem_type(folder: str | os.PathLike[str]) -> str:
    """The filesystem type holding `folder` ("tmpfs", "ext4"...), or "" if unknown."""
    target = os.path.realpath(folder)
    best, kind = "", ""
    try:
        with open("/proc/self/mounts", encoding="utf-8") as mounts:
            for line in mounts:
                fields = line.split()
                if len(fields) < 3:
                    continue
                point = fields[1].replace("\\040", " ")
                inside = target == point or target.startswith(point.rstrip("/") + "/")
                if inside and len(point) >= len(best):
                    best, kind = point, fields[2]
    except OSError:
        return ""
    return kind


def memory_folder(environ: Mapping[str, str] | None = None) -> Path:
    """A RAM-backed folder for an encrypted workbook's temp file: $XDG_RUNTIME_DIR, else /dev/shm.

    Raises `EditorError` saying why when neither is in memory and writable.
    """
    environ = os.environ if environ is None else environ
    for candidate in (environ.get("XDG_RUNTIME_DIR", ""), "/dev/shm"):
        if (candidate and os.path.isdir(candidate) and os.access(candidate, os.W_OK)
                and filesystem_type(candidate) in RAM_FILESYSTEMS):
            return Path(candidate)
    raise EditorError(
        "Your workbook is encrypted, so your own editor may only use a temporary file kept "
        "in memory ($XDG_RUNTIME_DIR or /dev/shm), and neither is available here. Keep "
        "writing in the workbook: everything is saved, encrypted."
    )


def edit_text(text: str, command: Sequence[str], *, suffix: str = ".txt",
              in_memory: bool = False) -> Edited:
    """Open `text` in the editor `command` and return what it left in the file.

    The file lives in a fresh 0700 folder that is removed afterwards, whether
    the editor succeeds, fails or crashes. An editor that exits with an error
    still gives back what it saved: losing words is worse than an odd exit code.
    `in_memory` (an encrypted workbook) puts the folder in `memory_folder()`.
    Raises `EditorError` when the editor cannot be started.
    """
    parent = memory_folder() if in_memory else None
    folder = Path(tempfile.mkdtemp(prefix="workbook-edit-", dir=parent))  # mkdtemp makes it 0700
    try:
        os.chmod(folder, 0o700)
        path = folder / f"writing{suffix}"
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
        status = _run(list(command) + [str(path)])
        try:
            raw = path.read_bytes()
        except OSError:
            return Edited(text, False, "The editor didn't leave the text file behind, "
                          "so the workbook kept your text as it was.")
        new = raw.decode("utf-8", errors="replace")
        note = None
        if "\ufffd" in new and "\ufffd" not in text:
            note = ("Some characters from the editor weren't UTF-8 and show as �. "
                    "Everything else is back in the workbook.")
        if not text.endswith("\n") and new.endswith("\n"):
            new = new[:-1]  # editors add a final newline; don't grow one per visit
        if status != 0:
            note = (f"Your editor ended with an error (status {status}). "
                    + ("What it saved is back in the workbook."
                       if new != text else "Your text in the workbook is unchanged."))
        return Edited(new, new != text, note)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _run(argv: list[str]) -> int:
    """Run the editor in the foreground and return its exit status.

    While it runs, ctrl+c and ctrl+\\ belong to the editor: the workbook
    catches and drops them, so a stray keypress cannot close the workbook
    under the editor. (A Python handler, unlike SIG_IGN, is reset to the
    default in the editor's process by exec.)
    """
    saved = {}
    if threading.current_thread() is threading.main_thread():
        for number in (signal.SIGINT, signal.SIGQUIT):
            saved[number] = signal.signal(number, _ignore)
    try:
        completed = subprocess.run(argv)
    except FileNotFoundError as error:
        raise EditorError(
            f"Couldn't start your editor {argv[0]!r}: there is no such program. "
            "Check VISUAL or EDITOR in your shell settings."
        ) from error
    except OSError as error:
        raise EditorError(
            f"Couldn't start your editor {argv[0]!r}: {error.strerror or error}."
        ) from error
    finally:
        for number, handler in saved.items():
            signal.signal(number, handler)
    return completed.returncode


def _ignore(number: int, frame: object) -> None:
    """A signal meant for the editor: nothing for the workbook to do."""
