"""Words left in the editor's folder when a session was cut off (no Textual).

`editor.edit_text` keeps its private folder when the app must leave while the
editor runs. The next start finds those folders for its database and offers
the words back. What can be recovered, honestly:

- vim (and vi, vim.tiny): the swap file holds what was typed since the last
  `:w`, up to vim's last sync of it (on a hang-up vim syncs it before it
  goes); `vim -r` turns it back into text, run here without a terminal.
- nano writes what it held to `writing.txt.save` when it is hung up on.
- emacs keeps an auto-save file, `#writing.txt#`, every 300 characters.
- Any editor: the text file itself, as it was last saved (`:w`).
"""

from __future__ import annotations

import errno
import json
import os
import shutil
import stat
import subprocess
import tempfile
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from workbook.core.child_env import child_environment
from workbook.tui.editor import FOLDER_PREFIX, RECORD, editor_temp_roots, read_back

VIM_RECOVERY_TIMEOUT = 10.0
# Where words the person chose to keep aside go, in the data folder (as
# `locations.recovered_dir`, where `workbook encrypt` looks for them).
RECOVERED = "recovered"


@dataclass(frozen=True)
class Leftover:
    """One cut-off editor session: its folder, whose words, and the words found."""

    folder: Path
    record: dict[str, Any]
    text: str
    source: str  # where the words came from, in plain words

    @property
    def exercise_id(self) -> str:
        return str(self.record.get("exercise", ""))

    @property
    def original(self) -> str:
        return str(self.record.get("original", ""))


def _ours(folder: Path) -> bool:
    """A private folder of this user's, not a link: the only kind we read from."""
    try:
        info = os.lstat(folder)
    except OSError:
        return False
    return (stat.S_ISDIR(info.st_mode) and info.st_uid == os.geteuid()
            and stat.S_IMODE(info.st_mode) & 0o077 == 0)


def _folders(db: Path, roots: list[Path]) -> list[tuple[Path, dict[str, Any]]]:
    """The kept editor folders of `db` in `roots`, with their records (reads only)."""
    db_path = os.path.realpath(db)
    folders = []
    for root in roots:
        try:
            folders += sorted(root.glob(f"{FOLDER_PREFIX}*"))
        except OSError:
            continue
    found = []
    for folder in folders:
        if not _ours(folder):
            continue
        try:
            record = json.loads((folder / RECORD).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        if isinstance(record, dict) and record.get("db") == db_path:
            found.append((folder, record))
    return found


def find_leftovers(db: Path, *, on_disk_only: bool = False) -> list[Leftover]:
    """Cut-off editor sessions of the database `db`, oldest first (`on_disk_only`:
    those outside the in-memory folder, see `on_disk_folders`)."""
    roots = _disk_roots() if on_disk_only else editor_temp_roots()
    found = []
    for folder, record in _folders(db, roots):
        text, source = recovered_text(folder, str(record.get("file", "writing.txt")))
        found.append(Leftover(folder, record, text, source))
    return sorted(found, key=lambda leftover: str(leftover.record.get("when", "")))


def _disk_roots() -> list[Path]:
    return [root for root in editor_temp_roots() if root != _memory_root()]


def _memory_root() -> Path | None:
    from workbook.tui.editor import EditorError, memory_folder

    try:
        return memory_folder()
    except EditorError:
        return None


def on_disk_folders(db: Path) -> list[Path]:
    """Kept editor folders of `db` outside memory: plain words on the disk, which an
    encrypted workbook must not leave (`workbook status` names them). Cheap: reads
    only each folder's note, never runs the editor's recovery."""
    return [folder for folder, _ in _folders(db, _disk_roots())]


def _vim_recover(folder: Path, name: str) -> str | None:
    """The text vim's swap file holds, recovered by vim itself without a terminal."""
    vim = next((found for found in map(shutil.which, ("vim", "vim.tiny", "vi")) if found), None)
    if vim is None:
        return None
    with tempfile.TemporaryDirectory(dir=folder) as out:
        target = Path(out) / "recovered.txt"
        try:
            subprocess.run(
                [vim, "-u", "NONE", "-i", "NONE", "-N", "-n", "-es", "-r", name,
                 "-c", f"w! {target}", "-c", "qa!"],
                cwd=folder, env=child_environment(), stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=VIM_RECOVERY_TIMEOUT, check=False,
            )
        except (OSError, subprocess.TimeoutExpired):
            return None
        return read_back(target)


def recovered_text(folder: Path, name: str) -> tuple[str, str]:
    """The newest words the folder holds, and where they came from."""
    if any(folder.glob(f".{name}.sw?")):
        text = _vim_recover(folder, name)
        if text is not None:
            return _trimmed(text), "recovered from your editor's swap file"
    for other, source in ((f"{name}.save", "saved by nano as the connection dropped"),
                          (f"#{name}#", "from your editor's auto-save file")):
        text = read_back(folder / other)
        if text is not None:
            return _trimmed(text), source
    text = read_back(folder / name)
    return _trimmed(text or ""), "as your editor last saved it"


def _trimmed(text: str) -> str:
    return text[:-1] if text.endswith("\n") else text  # the final newline editors add


def keep_aside(leftover: Leftover, data_folder: Path) -> Path:
    """Write the words to a private file in the data folder's `recovered/`; where it went.

    Raises `OSError` (its `strerror` says why, for the person) when the words
    cannot go there, among them a `recovered` that is a link or not ours.
    """
    folder = data_folder / RECOVERED
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    base = f"editor-{leftover.exercise_id or 'text'}-{stamp}"
    inside = _open_recovered(folder)
    try:
        for counter in range(1000):
            name = f"{base}-{counter}.txt" if counter else f"{base}.txt"
            try:
                fd = os.open(name, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW
                             | os.O_CLOEXEC, 0o600, dir_fd=inside)
                break
            except FileExistsError:
                continue
        else:
            raise OSError(errno.EEXIST, f"{folder} is full of files with this name")
    finally:
        os.close(inside)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(leftover.text + "\n")
        handle.flush()
        os.fsync(handle.fileno())
    return folder / name


def _open_recovered(folder: Path) -> int:
    """`folder` opened, made 0700 whatever the umask or tightened to it, and checked to
    be a real folder of ours (never a link someone put there): its descriptor."""
    try:
        os.mkdir(folder, 0o700)
    except FileExistsError:
        pass
    try:
        # O_NOFOLLOW: a link in its place is refused here, not followed elsewhere.
        fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | os.O_CLOEXEC)
    except OSError as error:
        if error.errno in (errno.ELOOP, errno.ENOTDIR):
            raise OSError(error.errno, f"{folder} is not a folder of yours (it is "
                          f"{'a link' if folder.is_symlink() else 'a file'}): move it "
                          "away and try again") from None
        raise
    try:
        info = os.fstat(fd)
        if info.st_uid != os.geteuid():
            raise OSError(errno.EPERM, f"{folder} belongs to another user, who could read "
                          "these words: move it away and try again")
        if stat.S_IMODE(info.st_mode) != 0o700:
            os.fchmod(fd, 0o700)  # an odd umask, by hand, or by an older version: private again
    except BaseException:
        os.close(fd)
        raise
    return fd


def remove(leftover: Leftover) -> None:
    """Delete the cut-off session's folder (only once the person has chosen)."""
    shutil.rmtree(leftover.folder, ignore_errors=True)
