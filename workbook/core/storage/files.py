"""Opening and making files safely: private folders, real paths, regular files only.

A workbook holds someone's most private words, so every path is treated as
possibly hostile: a link planted where we write, a folder others can enter,
a FIFO or a device where a file should be (reading one would hang forever).
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from workbook.core.storage.errors import BadDatabase

DIR_MODE = 0o700
# Far beyond any workbook (years of daily journal entries are a few MB), and
# small enough that a wrong file is refused before it fills the memory.
MAX_FILE_BYTES = 256 * 1000 * 1000

KINDS = {
    stat.S_IFIFO: "a named pipe (FIFO)",
    stat.S_IFCHR: "a device",
    stat.S_IFBLK: "a device",
    stat.S_IFSOCK: "a socket",
    stat.S_IFDIR: "a folder",
    stat.S_IFLNK: "a symbolic link",
}


class UnsafeFolder(PermissionError):
    """A folder we would keep private words in belongs to someone else."""

    def __init__(self, folder: Path, owner: int) -> None:
        super().__init__(
            f"the folder {folder} belongs to another user (uid {owner}), who could read "
            "or replace your answers: use a folder of your own (--db)"
        )


class NotAFile(OSError):
    """A path that is a FIFO, device, folder or socket where a file should be."""

    def __init__(self, path: Path, kind: str) -> None:
        self.kind = kind
        super().__init__(f"{path} is {kind}, not a file")


def kind_of(mode: int) -> str:
    """A person's word for what a non-regular file is."""
    return KINDS.get(stat.S_IFMT(mode), "not a regular file")


def private_dir(folder: Path) -> None:
    """Make `folder` and any missing parents 0700 (whatever the umask), or tighten it.

    An existing folder we own is tightened to 0700, except a shared sticky
    folder such as /tmp (tightening it would break everyone else). One that
    belongs to another user raises `UnsafeFolder`, unless it is such a
    sticky folder, where others cannot replace our files.
    """
    folder = Path(folder)
    missing: list[Path] = []
    probe = folder
    while not os.path.lexists(probe) and probe != probe.parent:
        missing.append(probe)
        probe = probe.parent
    for path in reversed(missing):  # parents first, each made private itself
        try:
            os.mkdir(path, DIR_MODE)
        except FileExistsError:
            continue  # another process made it just now: checked below like any other
        os.chmod(path, DIR_MODE)  # mkdir's mode is filtered by the umask
    info = os.stat(folder)
    if not stat.S_ISDIR(info.st_mode):
        raise NotADirectoryError(f"{folder} is not a folder")
    sticky = bool(info.st_mode & stat.S_ISVTX)
    if info.st_uid != os.geteuid():
        if not sticky:
            raise UnsafeFolder(folder, info.st_uid)
        return
    if not sticky and stat.S_IMODE(info.st_mode) & 0o077 and folder != Path.home():
        os.chmod(folder, DIR_MODE)


def real_path(path: Path) -> Path:
    """Where a database path really points: a link is followed to its file.

    Saving to the real file keeps the link working, and two paths to one
    file then share one lock. A link to nothing (an unmounted drive, a moved
    vault) raises `BadDatabase`: writing there would replace the link.
    """
    path = Path(path)
    real = Path(os.path.realpath(path))
    if real != path and not os.path.lexists(real) and os.path.islink(path):
        raise BadDatabase(
            path,
            f"this is a link to {real}, which does not exist (is its drive or vault "
            "mounted?). The link was left as it is",
        )
    return real


def open_regular(path: Path, flags: int = os.O_RDONLY) -> int:
    """Open `path` without ever blocking, and only if it is a regular file.

    `O_NONBLOCK` keeps a FIFO from hanging the open; `fstat` then refuses it
    (and devices, folders, sockets) before a single byte is read. Raises
    `NotAFile` or the `OSError` from opening.
    """
    fd = os.open(path, flags | os.O_NONBLOCK | os.O_CLOEXEC)
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            raise NotAFile(Path(path), kind_of(mode))
        os.set_blocking(fd, True)
    except BaseException:
        os.close(fd)
        raise
    return fd


class TooLarge(OSError):
    """A file far larger than any workbook."""

    def __init__(self, path: Path, size: int) -> None:
        self.reason = (
            f"it is {size / 1e6:.0f} MB, far larger than any workbook "
            f"(the limit is {MAX_FILE_BYTES // 1000 // 1000} MB): is it the right file?"
        )
        super().__init__(f"{path}: {self.reason}")


def read_regular(path: Path, limit: int = MAX_FILE_BYTES) -> bytes:
    """The bytes of a regular file of at most `limit` bytes.

    Raises `NotAFile`, `TooLarge`, or the `OSError` from opening or reading.
    """
    fd = open_regular(path)
    try:
        size = os.fstat(fd).st_size
        if size > limit:
            raise TooLarge(Path(path), size)
        chunks = []
        total = 0
        while chunk := os.read(fd, max(size - total, 1 << 16)):
            total += len(chunk)
            if total > limit:  # it grew while we read
                raise TooLarge(Path(path), total)
            chunks.append(chunk)
        return b"".join(chunks)
    finally:
        os.close(fd)


def read_database(path: Path) -> bytes:
    """A database file's bytes; every reason it cannot be read is a `BadDatabase`.

    Raises `FileNotFoundError` when there is no file (callers decide what
    that means).
    """
    try:
        return read_regular(path)
    except FileNotFoundError:
        raise
    except PermissionError:
        raise BadDatabase(path, "this file cannot be read (permission denied)") from None
    except NotAFile as error:
        raise BadDatabase(path, f"this is {error.kind}, not a database file") from None
    except TooLarge as error:
        raise BadDatabase(path, error.reason) from None
    except OSError as error:
        raise BadDatabase(path, f"this file cannot be read ({error.strerror})") from None
