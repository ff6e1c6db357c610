"""One writer per database: an exclusive `flock` on a lock file beside it.

The kernel drops a `flock` when the process holding it ends, however it
ends, so a crashed or killed session never blocks the next start. The lock
file is never deleted (deleting it would let two processes lock two
different files of the same name); it only records who holds it, for the
message the second session shows.
"""

from __future__ import annotations

import fcntl
import json
import os
import socket
from datetime import datetime
from pathlib import Path

from workbook.locations import lock_path
from workbook.storage.atomic import FILE_MODE, ensure_private_dir
from workbook.storage.errors import WorkbookLocked


def describe_holder(path: Path) -> str:
    """Who holds a lock file, in words ("process 123 on host, since 02:14"), or ""."""
    try:
        info = json.loads(path.read_text(encoding="utf-8"))
        pid, host, since = int(info["pid"]), str(info["host"]), str(info["since"])
    except (OSError, ValueError, KeyError, TypeError):
        return ""
    try:
        opened = datetime.fromisoformat(since)
    except ValueError:
        when = since
    else:
        same_day = opened.date() == datetime.now(opened.tzinfo).date()
        when = f"{opened:%H:%M}" if same_day else f"{opened:%Y-%m-%d %H:%M}"
    return f"process {pid} on {host}, since {when}"


class WorkbookLock:
    """The exclusive lock for one database, held from `acquire()` to `release()`."""

    def __init__(self, db: Path) -> None:
        self.db = Path(db)
        self.path = lock_path(self.db)
        self._fd: int | None = None
        self._inode: tuple[int, int] | None = None

    @property
    def held(self) -> bool:
        return self._fd is not None

    def acquire(self) -> WorkbookLock:
        """Take the lock without waiting; raise `WorkbookLocked` if another process has it.

        Raises `OSError` when the lock file cannot be created at all (say, a
        read-only folder).
        """
        if self._fd is not None:
            return self
        ensure_private_dir(self.path.parent)
        try:
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, FILE_MODE)
        except OSError:
            # A read-only folder: an existing lock file can still be locked
            # through a read-only descriptor (flock does not need write access).
            fd = os.open(self.path, os.O_RDONLY | os.O_CLOEXEC)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            raise WorkbookLocked(self.db, describe_holder(self.path)) from None
        except BaseException:
            os.close(fd)
            raise
        self._fd = fd
        stat = os.fstat(fd)
        self._inode = (stat.st_dev, stat.st_ino)
        self._record()
        return self

    def _record(self) -> None:
        assert self._fd is not None
        info = {
            "pid": os.getpid(),
            "host": socket.gethostname(),
            "since": datetime.now().astimezone().isoformat(timespec="seconds"),
        }
        try:
            os.fchmod(self._fd, FILE_MODE)  # O_CREAT's mode is filtered by the umask
            os.ftruncate(self._fd, 0)
            os.pwrite(self._fd, json.dumps(info).encode() + b"\n", 0)
        except OSError:
            pass  # only the message loses its details; the lock itself holds

    def still_ours(self) -> bool:
        """True while the lock file at `path` is the one we locked.

        If someone deleted the file (or the whole folder) underneath us, a new
        session could lock a fresh file of the same name; this lets a save
        notice and take the new file's lock first.
        """
        if self._inode is None:
            return False
        try:
            stat = os.stat(self.path)
        except OSError:
            return False
        return (stat.st_dev, stat.st_ino) == self._inode

    def reacquire(self) -> None:
        """After the lock file vanished: lock the new one, or raise `WorkbookLocked`."""
        self.release()
        self.acquire()

    def release(self) -> None:
        """Let another session write (the file stays, emptied of our details)."""
        fd, self._fd, self._inode = self._fd, None, None
        if fd is None:
            return
        try:
            os.ftruncate(fd, 0)
        except OSError:
            pass
        os.close(fd)  # closing the only descriptor drops the flock

    def __enter__(self) -> WorkbookLock:
        return self.acquire()

    def __exit__(self, *_: object) -> None:
        self.release()


def is_locked(db: Path) -> str | None:
    """Who holds the database's lock right now ("" if unknown), or None if nobody.

    Opens the lock file read-only and never creates it, so it writes nothing.
    """
    path = lock_path(Path(db))
    try:
        fd = os.open(path, os.O_RDONLY | os.O_CLOEXEC)
    except OSError:
        return None
    try:
        fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
    except BlockingIOError:
        return describe_holder(path)
    finally:
        os.close(fd)
    return None
