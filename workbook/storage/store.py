"""`AnswerStore`: every answer, kept in memory and saved to a TinyDB document.

The UI thread calls `set()` (cheap: memory only) and a worker thread calls
`save()`. Values handed to `set()` are treated as immutable: callers build a
new list or dict for each change, so a save can serialise a snapshot without
copying the answers.
"""

from __future__ import annotations

import threading
from datetime import datetime
from pathlib import Path
from typing import Any

from tinydb import Query, TinyDB
from tinydb.middlewares import Middleware

from workbook import __version__
from workbook.storage.atomic import AtomicJSONStorage, ensure_private_dir
from workbook.storage.errors import BadDatabase, SaveFailed
from workbook.storage.schema import SCHEMA_VERSION, migrate, version_of

ANSWERS = "answers"
SETTINGS = "settings"
META = "meta"


def now_iso() -> str:
    """Local time with offset, to the second: what we stamp answers with."""
    return datetime.now().astimezone().isoformat(timespec="seconds")


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

    def close(self) -> None:
        pass


class AnswerStore:
    """The person's answers and settings, with explicit, thread-safe saving."""

    def __init__(self, path: Path, *, read_only: bool = False) -> None:
        self.path = Path(path)
        self.read_only = read_only
        self._lock = threading.Lock()
        self._save_lock = threading.Lock()
        self._db = TinyDB(self.path, storage=MemoryFirst(AtomicJSONStorage))
        self._storage: MemoryFirst = self._db.storage  # type: ignore[assignment]
        raw = self._storage.read()  # raises BadDatabase for unusable files
        self.existed = bool(raw)
        if version_of(raw) > SCHEMA_VERSION:
            raise BadDatabase(
                self.path,
                f"it was written by a newer Heartbreak Workbook (schema {version_of(raw)}, "
                f"this one reads {SCHEMA_VERSION}): update the app to open it",
            )
        self._check_shape(raw)
        self._storage.cache = migrate(raw)
        meta = self._storage.cache[META]
        stamp = next(iter(meta.values()))
        stamp.setdefault("created", now_iso())
        stamp["app"] = __version__
        self._answers: dict[str, dict[str, Any]] = {
            doc["exercise"]: doc for doc in self._storage.cache.get(ANSWERS, {}).values()
        }
        self._version = 0
        self._saved_version = 0 if self.existed else -1
        self.last_saved: datetime | None = None

    def _check_shape(self, raw: dict[str, Any]) -> None:
        for doc_id, doc in raw.get(ANSWERS, {}).items():
            if not isinstance(doc.get("exercise"), str) or "value" not in doc:
                raise BadDatabase(
                    self.path,
                    f'answer {doc_id} has no "exercise" or "value": not a workbook database',
                )

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
        for doc in self._db.table(SETTINGS).all():
            if name in doc:
                return doc[name]
        return default

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
                ensure_private_dir(self.path.parent)
                self._storage.flush_data(data)
            except OSError as error:
                raise SaveFailed(self.path, describe_os_error(error)) from error
            self._saved_version = version
            self.last_saved = datetime.now()
            return True

    def close(self) -> None:
        """Release the database (does not save)."""
        self._db.close()


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
