"""`AnswerStore`: every answer, kept in memory and saved to a TinyDB document.

The document (`document.py`) holds each answer as entries with ids and
versions; the store adds what a running app needs around it: one writer at
a time (the lock), thread-safe reads and writes, saves that write only what
changed, backups, and noticing other writers.

The UI thread calls `set()` (cheap: memory only) and a worker thread calls
`save()`. Values handed to `set()` are treated as immutable: callers build a
new list or dict for each change, so a save can serialise a snapshot without
copying the answers. Every read and write takes the store's lock, so a
thread (an export, a save) never sees an answer half changed.
"""

from __future__ import annotations

import errno
import gc
import os
import threading
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Any

from workbook import __version__
from workbook.core import clock
from workbook.core.clock import now_iso  # the one clock: tests and pictures pin it
from workbook.core.storage.atomic import (
    AtomicJSONStorage,
    Fingerprint,
    Staged,
    content_crc,
    decode,
    remove_stale_temp_files,
    stage_encrypted,
    stage_from,
)
from workbook.core.storage.document import (
    ANSWERS,
    DRAFTS,
    EARLIER,
    META,
    MISSING,
    EarlierVersion,
    Encoding,
    Replica,
    encode_tables,
    parse_lines,
    read_document,
    read_lines,
    settle,
    stream_tables,
)
from workbook.core.storage.errors import BadDatabase, SaveFailed, StorageError, WorkbookLocked
from workbook.core.storage.files import (
    MAX_FILE_BYTES,
    UnsafeFolder,
    open_regular,
    private_dir,
    read_regular,
    real_path,
)
from workbook.core.storage.identity import IDENTITY, identity_of, new_identity, same_workbook
from workbook.core.storage.jsontext import notice
from workbook.core.storage.lock import WorkbookLock, hard_links
from workbook.core.storage.schema import SCHEMA_VERSION
from workbook.core.storage.source import Source, SourceChanged


class NotSaveable(SaveFailed):
    """Everything was saved except answers holding a value that cannot be written;
    those stay in memory and the next save tries again. `exercises` names them."""

    def __init__(self, path: Path, problems: list[Any]) -> None:
        self.exercises = list(dict.fromkeys(p.exercise for p in problems))
        self.reasons = {p.exercise: p.reason for p in problems}
        names = ", ".join(self.exercises)
        super().__init__(path, f"an answer in {names} cannot be saved "
                               f"({problems[0].reason}); it is kept here and saving tries again")


def _session() -> str:
    # What `secrets.token_hex` does, without loading `secrets` at every start.
    return os.urandom(6).hex()


def _backups() -> Any:
    """The backups module, loaded with the first save: opening the store (and
    the app's first frame) needs none of it."""
    from workbook.core.storage import backups

    return backups


@contextmanager
def _no_cycle_collection() -> Iterator[None]:
    """Python's cycle collector paused while a file is read: reading 10,000 entries
    makes some 100,000 objects, none in a cycle, and each few hundred of them
    would set off a collection that looks at all the others (a tenth of the
    time it takes to open). Turned back on after, however the reading ends."""
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_on:
            gc.enable()


def how_it_splits(kind: str | None) -> str:
    """How an answer of this kind is made of entries (see `answer_rules.RULES`)."""
    from workbook.core.answer_rules import split_for

    return split_for(kind)


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
            with _no_cycle_collection():
                data, lines, source = self._read(storage)
                self._open(data, key if storage.encrypted else None, lines, source)
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

    def _read(self, storage: AtomicJSONStorage) -> tuple[dict[str, Any] | None, Any, Any]:
        """The file's tables, each document's line when the file is in our own
        layout (then a save rewrites none of them until they change), and the
        file held open when its lines are ranges of it (see `source.py`)."""
        if not self.read_only:
            streamed = self._stream(storage)
            if streamed is not None:
                return streamed
        raw = storage.read_plain()
        if raw is None:
            return None, None, None
        source = None
        known = storage.read_as
        if not self.read_only and not storage.encrypted and known is not None:
            # A plain file: its lines stay where they are, not in memory.
            source = Source.open_as(self.path, len(raw), known.inode, known.mtime_ns)
        lines = read_lines(raw, places=source is not None)
        if lines is not None:
            # Our own layout: read a few hundred documents at a time; each
            # document's line is its place in the file (or a slice of the bytes).
            data = parse_lines(raw, lines)
            if data is not None:
                return data, (None if self.read_only else lines), source
        # Any other file: read whole by the strict reader, which says what is wrong.
        try:
            data, storage.replaced = decode(self.path, raw)
        except BaseException:
            if source is not None:
                source.close()
            raise
        if storage.replaced or self.read_only:
            lines = None
        return data, lines, source

    def _stream(self, storage: AtomicJSONStorage) -> tuple[dict[str, Any], Any, Any] | None:
        """A plain file in our own layout, read a line at a time from the file held
        open from then on (see `source.py`): never the whole file in memory. None
        for anything else (encrypted, another layout, unusual in any way, changed
        while read): `_read` then reads it whole, and says what is wrong."""
        try:
            fd = open_regular(self.path)
        except OSError:
            return None  # no file, or one `_read` names the trouble with
        source = Source(fd)
        try:
            before = os.fstat(fd)
            if before.st_size > MAX_FILE_BYTES or not hasattr(os, "pread") or os.name != "posix":
                raise SourceChanged
            with open(fd, "rb", closefd=False) as file:
                found = stream_tables(file)
            source.note()
            if found is None or source._seen != Source.identity(before):
                raise SourceChanged  # not ours to read this way, or changed meanwhile
        except (SourceChanged, OSError):
            source.close()
            return None
        except BaseException:
            source.close()
            raise
        tables, lines, crc = found
        source.known_crc = crc
        storage.read_as = Fingerprint.of(before, crc)
        storage.encrypted, storage.replaced = False, 0
        return tables, lines, source

    def _open(self, raw: dict[str, Any] | None, key: Any = None, lines: Any = None,
              source: Any = None) -> None:
        self._closed = False
        self._lock = threading.RLock()
        self._save_lock = threading.Lock()
        self.existed = bool(raw)
        try:
            self.document = read_document(self.path, raw or {}, _session(), lines, source)
        except BaseException:
            if source is not None:
                source.close()
            raise
        self.key = key  # an encrypted workbook's key: every save is encrypted to it
        stamp = self.document.meta
        # Made with the workbook, or from when an older one was created (see identity.py).
        stamp.setdefault(IDENTITY, identity_of(stamp) if self.existed else new_identity())
        if stamp[IDENTITY] is None:
            del stamp[IDENTITY]  # an old file without a "created": unknown, never guessed
        stamp.setdefault("created", now_iso())
        stamp["app"] = __version__
        stamp["schema"] = SCHEMA_VERSION
        self._version = 0
        self._saved_version = 0 if self.existed else -1
        self._backed_up = self.read_only or not self.existed
        self._unsaveable: list[Any] = []
        self.last_saved: datetime | None = None
        # Why the last save made no backup (a nearly full disk), for the top bar.
        self.backup_skipped: str | None = None
        self.last_backup: Any = None  # the backup this session's first save made, if any
        self._news: list[str] = []

    @property
    def encrypted(self) -> bool:
        """True for an encrypted workbook (opened with its key)."""
        return self.key is not None

    # Reading (any thread)

    def get(self, exercise_id: str, default: Any = None) -> Any:
        """The saved value for an exercise, or `default`.

        The same object every time until the answer changes: the value last
        given to `set()`, or the answer joined from its entries.
        """
        with self._lock:
            if exercise_id not in self.document.headers:
                return default
            return self.document.value(exercise_id)

    def updated(self, exercise_id: str) -> str | None:
        """When an exercise's answer last changed (ISO time), if ever."""
        with self._lock:
            return self.document.updated(exercise_id)

    def answers(self) -> dict[str, Any]:
        """Every stored answer by exercise id, including ones the content no longer has."""
        with self._lock:
            document = self.document
            return {ex_id: document.value(ex_id) for ex_id in document.exercises()}

    def raw_answers(self) -> dict[str, dict[str, Any]]:
        """Each stored answer with its kind and `updated` stamp, by exercise id."""
        with self._lock:
            document = self.document
            return {ex_id: {"exercise": ex_id, "kind": document.kind(ex_id),
                            "updated": document.updated(ex_id), "value": document.value(ex_id)}
                    for ex_id in document.exercises()}

    def draft(self, exercise_id: str) -> Any:
        """The draft of an exercise's form (a check-in not yet saved), or None."""
        with self._lock:
            return self.document.register(DRAFTS, exercise_id)

    def earlier_answer(self, exercise_id: str) -> Any:
        """The answer kept from before this exercise changed kind, or None."""
        with self._lock:
            return self.document.register(EARLIER, exercise_id)

    def earlier_answers(self) -> dict[str, Any]:
        """Every answer kept from before its exercise changed kind, by exercise id."""
        with self._lock:
            return {ex: r.value for ex, r in self.document.earlier.items() if r.value is not None}

    def earlier_versions(self, exercise_id: str) -> list[EarlierVersion]:
        """Versions of this answer's entries that lost to a later change made
        elsewhere (see `merge.py`): kept for the person to see and restore."""
        with self._lock:
            return self.document.earlier_versions(exercise_id)

    def all_earlier_versions(self) -> list[EarlierVersion]:
        """`earlier_versions` of every answer."""
        with self._lock:
            return [found for ex in self.document.exercises()
                    for found in self.document.earlier_versions(ex)]

    def setting(self, name: str, default: Any = None) -> Any:
        """A remembered preference such as the theme."""
        with self._lock:
            return self.document.settings.get(name, default)

    def settings(self) -> dict[str, Any]:
        """Every remembered preference."""
        with self._lock:
            return dict(self.document.settings)

    def meta(self) -> dict[str, Any]:
        """The document's stamp: schema version, when created, which app wrote it."""
        with self._lock:
            return dict(self.document.meta)

    def replica(self) -> Replica:
        """What merging joins, as it is now (see `merge.py`)."""
        with self._lock:
            return self.document.replica()

    @property
    def version(self) -> int:
        """A counter that grows with every change in memory."""
        return self._version

    @property
    def dirty(self) -> bool:
        """True when memory holds changes the disk does not have yet."""
        return self._version != self._saved_version or bool(self._unsaveable)

    # Changing (any thread)

    def set(self, exercise_id: str, value: Any, *, kind: str | None = None,
            before: Any = MISSING) -> None:
        """Record an answer in memory; `save()` makes it durable.

        `kind` is the exercise's kind (how the answer is made of entries; by
        default the kind it was last written as, or its shape). `before` is
        the value the change was made to (a widget's previous value): entries
        the person did not touch are left as they are, even if they changed
        elsewhere meanwhile (a merge).
        """
        if self.read_only:
            return
        with self._lock:
            document = self.document
            how = how_it_splits(kind if kind is not None else document.kind(exercise_id))
            if document.write(exercise_id, kind, how, value, now_iso(), before):
                self._version += 1

    def set_draft(self, exercise_id: str, draft: Any) -> None:
        """Keep a form's draft (None clears it)."""
        self._set_register(DRAFTS, exercise_id, draft)

    def set_earlier(self, exercise_id: str, value: Any) -> None:
        """Keep an answer from before its exercise changed kind (None removes it)."""
        self._set_register(EARLIER, exercise_id, value)

    def _set_register(self, table: str, exercise_id: str, value: Any) -> None:
        if self.read_only:
            return
        with self._lock:
            if self.document.set_register(table, exercise_id, value, now_iso()):
                self._version += 1

    def restore_earlier(self, earlier: EarlierVersion) -> None:
        """Bring an earlier version back as the answer (the one it replaces is kept)."""
        self._change(lambda now: self.document.restore(earlier, now))

    def let_go(self, earlier: EarlierVersion) -> None:
        """The person does not need this earlier version any more."""
        self._change(lambda now: self.document.let_go(earlier, now))

    def _change(self, change: Any) -> None:
        if self.read_only:
            return
        with self._lock:
            change(now_iso())
            self._version += 1

    def set_setting(self, name: str, value: Any) -> None:
        """Remember a preference (saved with the next save)."""
        if self.read_only:
            return
        with self._lock:
            self.document.settings[name] = value
            self._version += 1

    def adopt(self, replica: Replica) -> None:
        """Hold `replica` from now on (a merge's result, or a restored backup)."""
        if self.read_only:
            return
        with self._lock:
            self.document.adopt(replica)
            self._version += 1

    def replace_with(self, document: Any) -> None:
        """Hold another document's answers, settings and stamp (a restored backup)."""
        if self.read_only:
            return
        with self._lock:
            self.document.adopt(document.replica())
            self.document.settings = dict(document.settings)
            self.document.meta = {**self.document.meta, **document.meta,
                                  "schema": SCHEMA_VERSION, "app": __version__}
            self._version += 1

    def replace_all(self, answers: Mapping[str, Mapping[str, Any]]) -> None:
        """Replace every answer with `{exercise id: {"updated", "value"}}` (an old
        backup's shape): read as an old file would be, so rows get their ids."""
        tables = {ANSWERS: {str(n): {"exercise": ex_id, "value": doc.get("value"),
                                     "updated": doc.get("updated") or now_iso()}
                            for n, (ex_id, doc) in enumerate(answers.items(), start=1)},
                  META: {"1": {"schema": 2}}}
        self.adopt(read_document(self.path, tables).replica())

    # Saving

    def save(self) -> bool:
        """Write the current answers to disk; safe to call from any thread.

        Returns False when there was nothing to write. Raises `SaveFailed`
        (the file on disk is then unchanged) when the write fails, and
        `NotSaveable` (after saving everything else) when an answer holds a
        value that cannot be written.
        """
        if self.read_only:
            return False
        with self._save_lock:  # one writer; a pile-up waits, then finds nothing to do
            if not self.dirty or self._closed:
                return False  # closed: an encrypted store has dropped its key
            result = Encoding()
            try:
                private_dir(self.path.parent)
                self._keep_lock()
                self._keep_other_version()  # may merge another program's changes in
                with self._lock:
                    version = self._version
                    tables = self.document.snapshot()
                staged = self._stage(tables, result)
                with self._lock:
                    settle(self.document, result, staged.held)
                try:
                    if not self._backed_up:
                        self._back_up()
                    staged.commit()
                except BaseException:
                    staged.discard()
                    raise
                # The CRC is worked out only if another writer is ever suspected.
                self._known = Fingerprint.of(os.stat(self.path), lambda: staged.crc)
            except OSError as error:
                raise SaveFailed(self.path, describe_os_error(error)) from error
            self._backed_up = True
            self._saved_version = version
            self.last_saved = clock.now()
            self._unsaveable = result.unsaveable
            if result.unsaveable:
                raise NotSaveable(self.path, result.unsaveable)
            return True

    def take_news(self) -> list[str]:
        """Things a save found that the person must be told, once (safe from any thread)."""
        with self._lock:
            news, self._news = self._news, []
        return news

    def _stage(self, tables: dict[str, list[Any]], result: Encoding) -> Staged:
        """Write the new version beside the file; old backups give way to it if the disk is full."""
        numbers = dict(self.document.numbers)
        while True:
            try:
                result.places = [] if self.key is None else None
                pieces = encode_tables(self.document, tables, result)
                if self.key is not None:
                    return stage_encrypted(self.path, pieces, self.key.recipients)
                return stage_from(self.path, pieces, self.document.source)
            except SourceChanged:
                # The file this session wrote changed under it: nothing is copied
                # from it; every line is encoded again from memory, as it was.
                result.unsaveable.clear()
                result.encoded.clear()
                with self._lock:
                    self.document.numbers = dict(numbers)  # the same numbers again
                    self._drop_source()
                continue
            except OSError as error:
                result.unsaveable.clear()
                result.encoded.clear()
                if error.errno not in (errno.ENOSPC, errno.EDQUOT) or not _backups(
                ).drop_oldest_backup(self.path):
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
        if known is not None and (len(raw), content_crc(raw)) == (known.size, known.crc):
            self._known = Fingerprint.of(info, known.crc)  # touched, not changed
            self._touched()
            return
        kept = _backups().back_up(self.path, label="other-writer", data=raw)  # OSError: no save over it
        self._backed_up = True  # that copy is what was there before this save
        merged = self._merge_other(raw)
        if kept is not None:
            self._news.append(
                f"Another program changed {self.path.name} while it was open here. "
                + ("What it wrote is merged with your answers, entry by entry, and its "
                   if merged else "Its ")
                + f"version is kept as the backup {kept.name} ('workbook backups' "
                "lists it, 'workbook restore' brings it back); your answers from this "
                "session were saved as usual."
            )

    def _merge_other(self, raw: bytes) -> bool:
        """Merge what another program wrote into the answers here (see `merge.py`);
        False when it is not a workbook this app can read (its backup is all then)."""
        theirs = self._same_workbook_in(raw)
        if theirs is None:
            return False
        self.merge_in(theirs)
        return True

    def _same_workbook_in(self, raw: bytes) -> Replica | None:
        """What a file's bytes hold, when they are this workbook (read with its key);
        None for anything else: unreadable, another workbook, encrypted without a key."""
        from workbook.core.storage.atomic import decode
        from workbook.core.storage.encryption import looks_encrypted

        try:
            if looks_encrypted(raw):
                if self.key is None:
                    return None
                raw = self.key.decrypt(self.path, raw)
            document = read_document(self.path, decode(self.path, raw)[0])
        except (StorageError, ValueError):
            return None
        if not same_workbook(self.meta(), document.meta):
            return None  # a different workbook under this name: kept as a backup only
        return document.replica()

    def catch_up(self, kinds: Mapping[str, str] | None = None) -> Any:
        """If another program (a sync tool) put a new file in place since this session
        last read or wrote it, merge what it holds into the answers here, entry by
        entry (see `merge.py`), and return the `MergeReport` of what changed here;
        None when the file is as this session left it, or not one it can read (a
        save then keeps it as a backup, as ever). Safe from any thread.

        Nothing is written here: when the merge holds more than the file (words
        typed here, or an older file put over a newer one), the store is dirty
        and the next save writes it.
        """
        from workbook.core.merge import report

        if self.read_only:
            return None
        with self._save_lock:
            if self._closed:
                return None
            try:
                info = os.stat(self.path)
            except OSError:
                return None
            known = self._known
            if known is not None and known.same_file(info):
                return None
            try:
                raw = read_regular(self.path)
            except OSError:
                return None
            crc = content_crc(raw)
            if known is not None and (len(raw), crc) == (known.size, known.crc):
                self._known = Fingerprint.of(info, crc)  # touched, not changed
                self._touched()
                return None
            theirs = self._same_workbook_in(raw)
            if theirs is None:
                return None  # a save keeps it as a backup, never merged
            before, merged, _changed, was_dirty = self.merge_in(theirs)
            with self._lock:
                if not was_dirty and merged.docs() == theirs.docs():
                    self._saved_version = self._version  # the file holds it all already
                self._known = Fingerprint.of(info, crc)
            return report(before, merged, kinds)

    def merge_in(self, theirs: Replica) -> tuple[Replica, Replica, bool, bool]:
        """Join `theirs` with the answers here, entry by entry (see `merge.py`), and
        hold the result: (what was here, the result, whether anything changed here,
        whether memory had unsaved changes before). The merge runs outside the
        store's lock, so typing goes on meanwhile (a big workbook takes a moment to
        merge); a change made during it is merged again, never dropped."""
        from workbook.core.merge import merge

        for _attempt in range(2):
            with self._lock:
                version, was_dirty = self._version, self.dirty
                before = self.document.replica()
            merged = merge(before, theirs)
            with self._lock:
                if self._version == version:
                    return before, merged, self._hold(before, merged), was_dirty
            # Typed meanwhile: join again with what is here now.
        with self._lock:  # the last try holds the lock throughout
            was_dirty, before = self.dirty, self.document.replica()
            merged = merge(before, theirs)
            return before, merged, self._hold(before, merged), was_dirty

    def _hold(self, before: Replica, merged: Replica) -> bool:
        """Hold `merged` if it differs from `before` (under the store's lock)."""
        if merged.docs() == before.docs():
            return False
        self.document.adopt(merged)
        self._version += 1
        return True

    def _keep_lock(self) -> None:
        """Make sure we still hold the lock before writing.

        The lock file may have been impossible to create at opening (read-only
        folder) or removed with its folder since: take it now, and refuse to
        write if another session got it meanwhile.
        """
        writer = self._writer
        links = hard_links(self.path)
        if links > 1:
            # A link made while open: writing would split the names silently.
            raise SaveFailed(self.path, f"the file now has {links} names (hard links), and a "
                             "save would split them; keep one name and saving goes on")
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
                self.last_backup = _backups().back_up(self.path)
                return
            except OSError as error:
                if attempt == 0 and error.errno in (errno.ENOSPC, errno.EDQUOT):
                    _backups().prune(self.path)
                    continue
                self.backup_skipped = describe_os_error(error)

    def _touched(self) -> None:
        """The file has a new time, its bytes as they were: the held one too, if it is it."""
        source = self.document.source
        if source is not None:
            with self._lock:
                source.touched()

    def _drop_source(self) -> None:
        document = getattr(self, "document", None)
        if document is None:
            return  # never opened (an unusable file)
        source, document.source = document.source, None
        if source is not None:
            source.close()

    def mark_leaving(self) -> None:
        """Tell a session starting now that this one is closing (see `WorkbookLock`)."""
        if self._writer is not None and self._writer.held:
            self._writer.mark_leaving()

    def close(self) -> None:
        """Release the database and its lock (does not save; a save after this,
        from a thread still running, writes nothing)."""
        self._closed = True
        self.key = None  # a closed store keeps no key
        # The held file is let go once no save is copying from it (a save's
        # copy takes milliseconds; a save that hangs keeps it open instead).
        save_lock = getattr(self, "_save_lock", None)
        if save_lock is not None and save_lock.acquire(timeout=10):
            try:
                with self._lock:
                    self._drop_source()
            finally:
                save_lock.release()
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
