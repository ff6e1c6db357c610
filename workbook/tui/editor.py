"""Long writing in the person's own editor: $VISUAL, else $EDITOR, else Debian's `sensible-editor` or `editor`.

No Textual here: the app suspends itself around `edit_text`, which hands the
text to the editor through a file in a private folder and removes that folder
afterwards, unless the session is cut off while the editor runs (a hang-up,
SIGTERM): then the folder stays, with whatever the editor left there (vim's
swap file holds the words typed since the last `:w`) and a note saying whose
words they are, for the next start to offer back (see `editor_recovery.py`).
"""

from __future__ import annotations

import json
import os
import shlex
import shutil
import signal
import subprocess
import tempfile
import threading
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from workbook.core.child_env import child_environment

# After a hang-up, how long an editor has to save and go before it is told to
# (SIGTERM), and as long again before it is ended (SIGKILL).
EDITOR_GRACE = 2.0
# How often, while the editor runs, a cut-off is looked for (see `_wait`).
SIGNAL_CHECK = 0.1

FOLDER_PREFIX = "workbook-edit-"
RECORD = "recovery.json"
TEXT_FILE = "writing"

NO_EDITOR = (
    "No editor is set or found. To write here in your own editor, set VISUAL or EDITOR "
    "before starting the workbook, for example: export EDITOR=nano"
)
# When neither variable is set, the system's choice, as Debian and Ubuntu
# programs do (`update-alternatives --config editor`).
SYSTEM_EDITORS = ("sensible-editor", "editor")


class EditorError(Exception):
    """The editor could not be used; the message says why and what to do."""


@dataclass(frozen=True)
class Edited:
    """What came back from the editor."""

    text: str
    changed: bool
    note: str | None = None  # something the person should know, said kindly
    kept: Path | None = None  # the folder kept because the session was cut off


def editor_temp_root(in_memory: bool = False) -> Path:
    """Where the editor's private folders are made (the one place that decides it):
    for an encrypted workbook a folder in memory (see `memory_folder`)."""
    return memory_folder() if in_memory else Path(tempfile.gettempdir())


def editor_temp_roots() -> list[Path]:
    """Every place a cut-off session's folder may be, for the next start to look in."""
    roots = [editor_temp_root()]
    try:
        roots.append(memory_folder())
    except EditorError:
        pass
    return list(dict.fromkeys(roots))


def editor_command(environ: Mapping[str, str] | None = None) -> list[str] | None:
    """The editor to run, split like a shell would: $VISUAL first, then $EDITOR, then
    the system's `sensible-editor` or `editor` found on $PATH.

    None when none is. Raises `EditorError` when a variable cannot be split.
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
    for name in SYSTEM_EDITORS:
        if found := shutil.which(name, path=environ.get("PATH", os.defpath)):
            return [found]
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


def edit_text(
    text: str,
    command: Sequence[str],
    *,
    suffix: str = ".txt",
    record: Mapping[str, Any] | None = None,
    in_memory: bool = False,
) -> Edited:
    """Open `text` in the editor `command` and return what it left in the file.

    The file lives in a fresh 0700 folder that is removed afterwards, whether
    the editor succeeds, fails or crashes, unless the session is cut off
    while it runs: then the folder is kept with `record` (whose words these
    are) written beside the text, and `Edited.kept` names it. An editor that
    exits with an error still gives back what it saved: losing words is
    worse than an odd exit code. `in_memory` (an encrypted workbook) puts the
    folder in `memory_folder()`. Raises `EditorError` when the editor cannot
    be started.
    """
    folder = Path(tempfile.mkdtemp(prefix=FOLDER_PREFIX, dir=editor_temp_root(in_memory)))
    cut_off: list[int] = []
    try:
        os.chmod(folder, 0o700)
        path = folder / f"{TEXT_FILE}{suffix}"
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        # A text file ends with a newline (vim would say "[Incomplete last
        # line]"); the one added here is taken off again on the way back.
        added_newline = not text.endswith("\n")
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            handle.write(text + "\n" if added_newline else text)
        status = _run(list(command) + [str(path)], cut_off)
        if cut_off:
            _keep(folder, path.name, text, record)
        new = read_back(path)
        if new is None:
            return Edited(text, False, "The editor didn't leave the text file behind, "
                          "so the workbook kept your text as it was.",
                          folder if cut_off else None)
        note = None
        if "\ufffd" in new and "\ufffd" not in text:
            note = ("Some characters from the editor weren't UTF-8 and show as �. "
                    "Everything else is back in the workbook.")
        if added_newline and new.endswith("\n"):
            new = new[:-1]  # exactly the one given, so no visit grows the text
        if status != 0:
            note = (f"Your editor ended with an error (status {status}). "
                    + ("What it saved is back in the workbook."
                       if new != text else "Your text in the workbook is unchanged."))
        return Edited(new, new != text, note, folder if cut_off else None)
    finally:
        if not cut_off:
            shutil.rmtree(folder, ignore_errors=True)


def read_back(path: Path) -> str | None:
    """A text file's words (broken bytes shown as �), or None when it is gone."""
    try:
        return path.read_bytes().decode("utf-8", errors="replace")
    except OSError:
        return None


def _keep(folder: Path, name: str, text: str, record: Mapping[str, Any] | None) -> None:
    """Note beside the editor's files whose words they are, for the next start."""
    from datetime import datetime

    note = {**(record or {}), "file": name, "original": text,
            "when": datetime.now().astimezone().isoformat(timespec="seconds")}
    fd = os.open(folder / RECORD, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        json.dump(note, handle, ensure_ascii=False)
        handle.flush()
        os.fsync(handle.fileno())


def _run(argv: list[str], cut_off: list[int] | None = None) -> int:
    """Run the editor in the foreground and return its exit status.

    While it runs, ctrl+c and ctrl+\\ belong to the editor: the workbook
    catches and drops them, so a stray keypress cannot close the workbook
    under the editor. (A Python handler, unlike SIG_IGN, is reset to the
    default in the editor's process by exec.) A hang-up or SIGTERM is noted
    in `cut_off`: the editor gets the hang-up from the terminal itself, and
    a SIGTERM is passed on to it as a hang-up, so it keeps its recovery file.
    An editor that ignores them is not waited for without end (see
    `_wait`). The app's own handler still runs once this returns (the
    signal's byte is already in the event loop's wake-up pipe).
    """
    saved = {}
    editor: list[subprocess.Popen[bytes]] = []

    def note_cut_off(number: int, frame: object) -> None:
        if cut_off is not None:
            cut_off.append(number)
        if number == signal.SIGTERM and editor:
            editor[0].send_signal(signal.SIGHUP)

    if threading.current_thread() is threading.main_thread():
        for number in (signal.SIGINT, signal.SIGQUIT):
            saved[number] = signal.signal(number, _ignore)
        for number in (signal.SIGHUP, signal.SIGTERM):
            saved[number] = signal.signal(number, note_cut_off)
    try:
        with subprocess.Popen(argv, env=child_environment()) as process:
            editor.append(process)
            completed = process
            _wait(process, cut_off)
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


def _wait(process: subprocess.Popen[bytes], cut_off: list[int] | None) -> None:
    """Wait for the editor to end; once cut off, end it after a grace if it does not.

    Never one blocking wait: a signal that another of the app's threads
    receives runs its Python handler only when this thread next runs Python,
    so `cut_off` is looked at every `SIGNAL_CHECK` seconds. An editor still
    there `EDITOR_GRACE` after the cut-off gets SIGTERM, as long again later
    SIGKILL: one deaf to the hang-up would otherwise keep the workbook (and
    its lock) open for ever. Its folder is kept all the same.
    """
    cut_at: float | None = None
    told = 0  # how many of SIGTERM and SIGKILL were sent
    while True:
        try:
            process.wait(timeout=SIGNAL_CHECK)
            return
        except subprocess.TimeoutExpired:
            pass
        if not cut_off:
            continue
        if cut_at is None:
            cut_at = time.monotonic()
        due = int((time.monotonic() - cut_at) // EDITOR_GRACE)  # 1: SIGTERM, 2: SIGKILL
        for number in (signal.SIGTERM, signal.SIGKILL)[told:min(due, 2)]:
            process.send_signal(number)
            told += 1


def _ignore(number: int, frame: object) -> None:
    """A signal meant for the editor: nothing for the workbook to do."""
