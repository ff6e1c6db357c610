"""`AnswerStore`: every answer, kept in memory and saved to a TinyDB document.

The UI thread calls `set()` (cheap: memory only) and a worker thread calls
`save()`. Values handed to `set()` are treated as immutable: callers build a
new list or dict for each change, so a save can serialise a snapshot without
copying the answers.
"""

from __future__ import annotations

import errno
import os
import threading
import zlib
from datetime import datetime
from pathlib import Path
from typing import Any

from tinydb import Query, TinyDB
from tinydb.middlewares import Middleware

from workbook import __version__
from workbook.core import clock
from workbook.core.clock import now_iso  # the one clock: tests and pictures pin it
from workbook.core.storage.atomic import (
    AtomicJSONStorage,
    Fingerprint,
    Staged,
    remove_stale_temp_files,
    stage,
)
from workbook.core.storage.backups import back_up, drop_oldest_backup, prune
from workbook.core.storage.errors import BadDatabase, SaveFailed, WorkbookLocked
from workbook.core.storage.files import UnsafeFolder, private_dir, read_regular, real_path
from workbook.core.storage.jsontext import notice
from workbook.core.storage.lock import WorkbookLock
from workbook.core.storage.schema import check_document, migrate

ANSWERS = "answers"
SETTINGS = "settings"
META = "meta"


class MemoryFirst(Middleware):
    """Holds the document in memory; only `flush()` touches the disk.

    TinyDB writes after every change; here those writes land in memory and
    the store decides when (and on which thread) to flush.
    """

    def __init__(self, storage_cls: type = AtomicJSONStorage) -> None:
        super().__init__(storage_cls)
        self.cache: dict[str, Any] | None = None

    def read(self) -> dict[str, Any]:
        if self.cache is None:
            self.cache = self.storage.read() or {}
        return self.cache

    def write(self, data: dict[str, Any]) -> None:
        self.cache = data

    def snapshot(self) -> dict[str, Any]:
        """A copy deep enough that later edits cannot change it mid-save."""
        return {
            table: {doc_id: dict(doc) for doc_id, doc in docs.items()}
            for table, docs in (self.cache or {}).items()
        }

    def flush_data(self, data: dict[str, Any]) -> None:
        self.storage.write(data)

    def stage_data(self, data: dict[str, Any]) -> Staged:
        """The document written beside the file, not yet in place (see `atomic.stage`)."""
        return stage(self.storage.path, self.storage.encoded(data))

    def close(self) -> None:
        pass


class AnswerStore:
    """The person's answers and settings, with explicit, thread-safe saving.

    A writable store holds the database's lock (see `lock.py`) from opening
    to `close()`: opening raises `WorkbookLocked` when another session has
    it, and `BadDatabase` when the file is unusable (the file is left as it
    is). A read-only store writes nothing at all, not even the lock file.
    A path through a link is the real file's: saves replace that file and
    keep the link. `notices` holds lines to show the person once (say, text
    whose broken characters were replaced on reading).
    """

    def __init__(self, path: Path, *, read_only: bool = False, key: Any = None) -> None:
        self.path = real_path(Path(path))  # BadDatabase for a link to nothing
        self.read_only = read_only
        self.notices: list[str] = []
        self._writer: WorkbookLock | None = None
        if not read_only:
            self._writer = WorkbookLock(self.path)
            try:
                self._writer.acquire()  # WorkbookLocked goes to the caller
            except UnsafeFolder as error:
                raise BadDatabase(self.path, str(error)) from None
            except OSError:
                pass  # no lock file possible (read-only folder): each save tries again
            else:
                remove_stale_temp_files(self.path.parent, self.path.name)
        try:
            # An encrypted file without `key` raises `NeedsPassphrase`; a plain
            # one ignores it, so the workbook stays plain.
            storage = AtomicJSONStorage(self.path, key=key)
            self._open(storage.read(), key if storage.encrypted else None)
        except BaseException:
            self.close()
            raise
        if storage.replaced:
            self.notices.append(notice(storage.replaced, self.path.name))
        self._known = storage.read_as

    @classmethod
    def placeholder(cls, path: Path) -> AnswerStore:
        """An empty read-only store that reads nothing: the app holds one while a
        problem screen (workbook open elsewhere, unusable file) is shown."""
        store = cls.__new__(cls)
        store.path = Path(path)
        store.read_only = True
        store._writer = None
        store.notices = []
        store._known = None
        store._open(None)
        return store

    def _open(self, raw: dict[str, Any] | None, key: Any = None) -> None:
        self._lock = threading.Lock()
        self._save_lock = threading.Lock()
        self.existed = bool(raw)
        document = migrate(check_document(self.path, raw or {}))
        self.key = key  # an encrypted workbook's key: every save is encrypted to it
        self._db = TinyDB(self.path, storage=MemoryFirst(AtomicJSONStorage), key=key)
        self._storage: MemoryFirst = self._db.storage  # type: ignore[assignment]
        self._storage.cache = document
        stamp = next(iter(document[META].values()))
        stamp.setdefault("created", now_iso())
        stamp["app"] = __version__
        self._answers: dict[str, dict[str, Any]] = {
            doc["exercise"]: doc for doc in document.get(ANSWERS, {}).values()
        }
        self._version = 0
        self._saved_version = 0 if self.existed else -1
        self._backed_up = self.read_only or not self.existed
        self.last_saved: datetime | None = None
        # Why the last save made no backup (a nearly full disk), for the top bar.
        self.backup_skipped: str | None = None
        self._news: list[str] = []

    @property
    def encrypted(self) -> bool:
        """True for an encrypted workbook (opened with its key)."""
        return self.key is not None

    # Reading

    def get(self, exercise_id: str, default: Any = None) -> Any:
        """The saved value for an exercise, or `default`."""
        doc = self._answers.get(exercise_id)
        return default if doc is None else doc["value"]

    def updated(self, exercise_id: str) -> str | None:
        """When an exercise's answer last changed (ISO time), if ever."""
        doc = self._answers.get(exercise_id)
        return None if doc is None else doc.get("updated")

    def answers(self) -> dict[str, Any]:
        """Every stored answer by exercise id, including ones the content no longer has."""
        return {ex_id: doc["value"] for ex_id, doc in self._answers.items()}

    def setting(self, name: str, default: Any = None) -> Any:
        """A remembered preference such as the theme."""
        return self.settings().get(name, default)

    def settings(self) -> dict[str, Any]:
        """Every remembered preference."""
        merged: dict[str, Any] = {}
        for doc in self._db.table(SETTINGS).all():
            for key, value in doc.items():
                merged.setdefault(key, value)
        return merged

    def meta(self) -> dict[str, Any]:
        """The document's stamp: schema version, when created, which app wrote it."""
        return dict(next(iter(self._db.table(META).all()), {}))

    @property
    def version(self) -> int:
        """A counter that grows with every change in memory."""
        return self._version

    @property
    def dirty(self) -> bool:
        """True when memory holds changes the disk does not have yet."""
        return self._version != self._saved_version

    # Changing

    def set(self, exercise_id: str, value: Any) -> None:
        """Record an answer in memory; `save()` makes it durable."""
        if self.read_only:
            return
        with self._lock:
            doc = {"exercise": exercise_id, "value": value, "updated": now_iso()}
            self._db.table(ANSWERS).upsert(doc, Query().exercise == exercise_id)
            self._answers[exercise_id] = doc
            self._version += 1

    def set_setting(self, name: str, value: Any) -> None:
        """Remember a preference (saved with the next save)."""
        if self.read_only:
            return
        with self._lock:
            table = self._db.table(SETTINGS)
            if table.all():
                table.update({name: value})
            else:
                table.insert({name: value})
            self._version += 1

    def replace_all(self, answers: dict[str, dict[str, Any]]) -> None:
        """Replace every answer (used by import); `answers` maps id to a stored doc."""
        if self.read_only:
            return
        with self._lock:
            table = self._db.table(ANSWERS)
            table.truncate()
            docs = [
                {"exercise": ex_id, "value": doc["value"], "updated": doc.get("updated") or now_iso()}
                for ex_id, doc in answers.items()
            ]
            table.insert_multiple(docs)
            self._answers = {doc["exercise"]: doc for doc in docs}
            self._version += 1

    def raw_answers(self) -> dict[str, dict[str, Any]]:
        """Each stored answer with its `updated` stamp, by exercise id."""
        return {ex_id: dict(doc) for ex_id, doc in self._answers.items()}

    # Saving

    def save(self) -> bool:
        """Write the current answers to disk; safe to call from any thread.

        Returns False when there was nothing to write. Raises `SaveFailed`
        (the file on disk is then unchanged) when the write fails.
        """
        if self.read_only:
            return False
        with self._save_lock:  # one writer; a pile-up waits, then finds nothing to do
            with self._lock:
                if not self.dirty:
                    return False
                version = self._version
                data = self._storage.snapshot()
            try:
                private_dir(self.path.parent)
                self._keep_lock()
                self._keep_other_version()
                staged = self._stage(data)
                try:
                    if not self._backed_up:
                        self._back_up()
                    staged.commit()
                except BaseException:
                    staged.discard()
                    raise
                self._known = Fingerprint.of(os.stat(self.path), staged.crc)
            except OSError as error:
                raise SaveFailed(self.path, describe_os_error(error)) from error
            self._backed_up = True
            self._saved_version = version
            self.last_saved = clock.now()
            return True

    def take_news(self) -> list[str]:
        """Things a save found that the person must be told, once (safe from any thread)."""
        with self._lock:
            news, self._news = self._news, []
        return news

    def _stage(self, data: dict[str, Any]) -> Staged:
        """Write the new version beside the file; old backups give way to it if the disk is full."""
        while True:
            try:
                return self._storage.stage_data(data)
            except OSError as error:
                if error.errno not in (errno.ENOSPC, errno.EDQUOT) or not drop_oldest_backup(
                    self.path
                ):
                    raise

    def _keep_other_version(self) -> None:
        """If another program changed the file since this session read or wrote it,
        keep its version as a backup and say so: it is never dropped silently."""
        try:
            info = os.stat(self.path)
        except FileNotFoundError:
            return  # nothing there to lose
        known = self._known
        if known is not None and known.same_file(info):
            return
        raw = read_regular(self.path)
        if known is not None and (len(raw), zlib.crc32(raw)) == (known.size, known.crc):
            self._known = Fingerprint.of(info, known.crc)  # touched, not changed
            return
        kept = back_up(self.path, label="other-writer", data=raw)  # OSError: no save over it
        self._backed_up = True  # that copy is what was there before this save
        if kept is not None:
            self._news.append(
                f"Another program changed {self.path.name} while it was open here. "
                f"Its version is kept as the backup {kept.name} ('workbook backups' "
                "lists it, 'workbook restore' brings it back); your answers from this "
                "session were saved as usual."
            )

    def _keep_lock(self) -> None:
        """Make sure we still hold the lock before writing.

        The lock file may have been impossible to create at opening (read-only
        folder) or removed with its folder since: take it now, and refuse to
        write if another session got it meanwhile.
        """
        writer = self._writer
        if writer is None or writer.still_ours():
            return
        writer.release()
        try:
            writer.acquire()
        except WorkbookLocked:
            raise SaveFailed(
                self.path, "the workbook was opened in another session since"
            ) from None

    def _back_up(self) -> None:
        # The session's first write keeps a copy of what was there before,
        # taken once the new version is already written: a copy that does not
        # fit (a nearly full disk) never costs the save. Old backups go
        # first; if it still does not fit, this save goes without one.
        self.backup_skipped = None
        for attempt in range(2):
            try:
                back_up(self.path)
                return
            except OSError as error:
                if attempt == 0 and error.errno in (errno.ENOSPC, errno.EDQUOT):
                    prune(self.path)
                    continue
                self.backup_skipped = describe_os_error(error)

    def mark_leaving(self) -> None:
        """Tell a session starting now that this one is closing (see `WorkbookLock`)."""
        if self._writer is not None and self._writer.held:
            self._writer.mark_leaving()

    def close(self) -> None:
        """Release the database and its lock (does not save)."""
        if getattr(self, "_db", None) is not None:
            self._db.close()
        self.key = None  # a closed store keeps no key
        if self._writer is not None:
            self._writer.release()


def describe_os_error(error: OSError) -> str:
    """A short reason a person can act on."""
    import errno

    reasons = {
        errno.ENOSPC: "the disk is full",
        errno.EDQUOT: "the disk quota is used up",
        errno.EROFS: "the disk is read-only",
        errno.EACCES: "permission denied",
        errno.EPERM: "permission denied",
        errno.ENOENT: "the data folder was removed",
    }
    return reasons.get(error.errno or 0, error.strerror or str(error))
