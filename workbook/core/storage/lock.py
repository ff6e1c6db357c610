"""One writer per database: an exclusive `flock` on a lock file of this machine.

The lock file lives in the state folder (see `locations.lock_path`), never
beside the database: a folder a sync tool keeps in step would carry it to the
other machine. It is found by the identity of the database's folder and the
file's name, so two paths to one file share one writer. A file with two names
(hard links) is refused for writing (`HardLinked`): a save puts a new file in
place of one name and would silently split them into two workbooks.

The kernel drops a `flock` when the process holding it ends, however it
ends, so a crashed or killed session never blocks the next start. The lock
file is never deleted (deleting it would let two processes lock two
different files of the same name); it only records who holds it, for the
message the second session shows.
"""

from __future__ import annotations

import errno
import fcntl
import json
import os
import socket
import stat
import threading
from datetime import datetime
from pathlib import Path

from workbook.core.locations import lock_path
from workbook.core.storage.atomic import FILE_MODE
from workbook.core.storage.errors import BadDatabase, HardLinked, WorkbookLocked
from workbook.core.storage.files import kind_of, private_dir, real_path

# Never follow a link planted at the lock's name (opening it with O_CREAT or
# truncating it would change the link's target), never block on a FIFO.
SAFE_OPEN = os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC


def _holder_info(fd: int) -> dict:
    """What the holder wrote into the lock file, or {}."""
    try:
        info = json.loads(os.pread(fd, 4096, 0).decode("utf-8"))
    except (OSError, ValueError):
        return {}
    return info if isinstance(info, dict) else {}


def describe_holder(fd: int) -> str:
    """Who holds a lock file (open as `fd`), in words ("process 123 on host, since 02:14"), or ""."""
    info = _holder_info(fd)
    try:
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


# Within one process the lock is shared and counted, so a test (or a command)
# that opens the same database twice does not lock itself out; between
# processes, which is what two SSH sessions are, it is exclusive.
_HELD: dict[tuple[int, int], list[int]] = {}  # (device, inode) -> [fd, users]
_HELD_GUARD = threading.Lock()


class WorkbookLock:
    """The exclusive lock for one database, held from `acquire()` to `release()`."""

    def __init__(self, db: Path) -> None:
        # The real file's lock: two paths (a link and its target) share one writer.
        self.db = real_path(Path(db))
        self.path: Path | None = None  # found when taken (the folder may not exist yet)
        self._key: tuple[int, int] | None = None

    @property
    def held(self) -> bool:
        return self._key is not None

    def acquire(self) -> WorkbookLock:
        """Take the lock without waiting; raise `WorkbookLocked` if another process has it.

        Raises `OSError` when the lock file cannot be opened at all (say, a
        read-only folder without one).
        """
        if self._key is not None:
            return self
        links = hard_links(self.db)
        if links > 1:
            raise HardLinked(self.db, links)
        private_dir(self.db.parent)
        self.path = lock_path(self.db)
        private_dir(self.path.parent)
        fd = self._open()
        with _HELD_GUARD:
            info = os.fstat(fd)
            key = (info.st_dev, info.st_ino)
            if key in _HELD:
                os.close(fd)
                _HELD[key][1] += 1
                self._key = key
                return self
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                holder, leaving = describe_holder(fd), _holder_info(fd).get("leaving") is True
                os.close(fd)
                raise WorkbookLocked(self.db, holder, leaving=leaving) from None
            except BaseException:
                os.close(fd)
                raise
            _HELD[key] = [fd, 1]
            self._key = key
        _record_holder(fd, self.db)
        return self

    def _open(self) -> int:
        """The lock file, opened safely; `BadDatabase` for a link or a non-file there."""
        assert self.path is not None
        try:
            try:
                fd = os.open(self.path, os.O_RDWR | os.O_CREAT | SAFE_OPEN, FILE_MODE)
            except OSError as error:
                if error.errno == errno.ELOOP:
                    raise
                # A read-only folder: an existing lock file can still be locked
                # through a read-only descriptor (flock needs no write access).
                fd = os.open(self.path, os.O_RDONLY | SAFE_OPEN)
        except OSError as error:
            if error.errno == errno.ELOOP:
                raise BadDatabase(self.db, f"its lock file {self.path} is a link, which no "
                                  "workbook makes: remove it, then open the workbook again") from None
            raise
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            os.close(fd)
            raise BadDatabase(self.db, f"its lock file {self.path} is {kind_of(mode)}: "
                              "remove it, then open the workbook again")
        return fd

    def still_ours(self) -> bool:
        """True while the lock file at `path` is the one we locked.

        If someone deletes the file (or the whole folder) underneath us, a new
        session could lock a fresh file of the same name; a save checks this
        first and takes the new file's lock before writing.
        """
        if self._key is None or self.path is None:
            return False
        try:
            if lock_path(self.db) != self.path:
                return False  # the folder itself was replaced
            stat = os.stat(self.path)
        except OSError:
            return False
        return (stat.st_dev, stat.st_ino) == self._key

    def mark_leaving(self) -> None:
        """Say in the lock file that this session is closing, so a new one waits
        a moment for the lock instead of calling the workbook "already open"."""
        with _HELD_GUARD:
            entry = _HELD.get(self._key) if self._key is not None else None
            if entry is not None:
                _record_holder(entry[0], self.db, leaving=True)

    def release(self) -> None:
        """Let another session write (the file stays, emptied of our details)."""
        key, self._key = self._key, None
        if key is None:
            return
        with _HELD_GUARD:
            entry = _HELD.get(key)
            if entry is None:
                return
            entry[1] -= 1
            if entry[1] > 0:
                return
            del _HELD[key]
            fd = entry[0]
            try:
                os.ftruncate(fd, 0)
            except OSError:
                pass
            os.close(fd)  # closing the only descriptor drops the flock

    def __enter__(self) -> WorkbookLock:
        return self.acquire()

    def __exit__(self, *_: object) -> None:
        self.release()

    def __del__(self) -> None:
        # A store dropped without close() must not keep the database locked.
        try:
            self.release()
        except Exception:  # interpreter shutdown: the process exit drops the lock anyway
            pass


def hard_links(db: Path) -> int:
    """How many names (hard links) the database file has (0 when there is no file,
    or something else is there: opening says what is wrong with that)."""
    try:
        info = os.stat(db)
    except OSError:
        return 0
    return info.st_nlink if stat.S_ISREG(info.st_mode) else 0


def _record_holder(fd: int, db: Path, *, leaving: bool = False) -> None:
    """Write who holds the lock into the lock file, for the other session's message
    (and the database's path, for a person looking into the state folder)."""
    info: dict[str, object] = {
        "path": os.fsdecode(db),
        "pid": os.getpid(),
        "host": socket.gethostname(),
        "since": datetime.now().astimezone().isoformat(timespec="seconds"),
    }
    if leaving:
        info["leaving"] = True
    try:
        os.fchmod(fd, FILE_MODE)  # O_CREAT's mode is filtered by the umask
        os.ftruncate(fd, 0)
        os.pwrite(fd, json.dumps(info).encode() + b"\n", 0)
    except OSError:
        pass  # only the message loses its details; the lock itself holds


def is_locked(db: Path) -> str | None:
    """Who holds the database's lock right now ("" if unknown), or None if nobody.

    Opens the lock file read-only and never creates it, so it writes nothing.
    """
    try:
        path = lock_path(real_path(Path(db)))
        fd = os.open(path, os.O_RDONLY | SAFE_OPEN)
    except (OSError, BadDatabase):  # no folder or no lock file: nobody holds it
        return None  # no lock file (or a bad one, which taking the lock will report)
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return None
        fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
    except BlockingIOError:
        return describe_holder(fd)
    finally:
        os.close(fd)
    return None
