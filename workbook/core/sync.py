"""Sync through a folder a sync tool keeps in step: conflict copies merged in (no Textual).

When two machines wrote the workbook while apart, the sync tool keeps one
version as the file and leaves the other beside it under a conflict name:

  Syncthing  workbook.sync-conflict-20261206-153000-ABCDEFG.json
  Nextcloud  workbook (conflicted copy 2026-12-06 153000).json
  Dropbox    workbook (Laptop's conflicted copy 2026-12-06).json

`merge_conflict_copies` merges each into the workbook, entry by entry, with
the one merge (`merge.py`), saves, and then moves the copy into the backups
folder: out of the synced files (the README says to ignore `backups/`), so
it neither syncs back nor is lost. A copy that is damaged, of another schema,
of another workbook, or not a workbook at all is left where it is, untouched,
with a message saying why; nothing of it is merged.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from workbook.core.merge import MergeReport, report
from workbook.core.storage import SCHEMA_VERSION, AnswerStore, StorageError
from workbook.core.storage.backups import Backup, keep_aside
from workbook.core.storage.document import ANSWERS, ENTRIES, META, Replica, read_document
from workbook.core.storage.identity import identity_of, same_workbook

LABEL = "conflict-copy"  # the label of a merged copy's backup: never pruned


def _patterns(db: Path) -> list[tuple[str, re.Pattern[str]]]:
    stem, suffix = re.escape(db.stem), re.escape(db.suffix)
    return [
        ("Syncthing", re.compile(rf"{stem}\.sync-conflict-\d{{8}}-\d{{6}}-[A-Z0-9]{{7}}{suffix}")),
        ("Nextcloud", re.compile(
            rf"{stem} \(conflicted copy (?:[^()/]+ )?\d{{4}}-\d{{2}}-\d{{2}} \d{{6}}\)"
            rf"(?: \(\d+\))?{suffix}")),
        ("Dropbox", re.compile(
            rf"{stem} \([^()/]+['’]s? conflicted copy \d{{4}}-\d{{2}}-\d{{2}}(?: \d+)?\)"
            rf"(?: \(\d+\))?{suffix}")),
    ]


@dataclass(frozen=True)
class ConflictCopy:
    """A file a sync tool left beside the workbook, and which tool's name it has."""

    path: Path
    tool: str

    @property
    def name(self) -> str:
        return self.path.name

    def seen_as(self) -> tuple[str, int, int] | None:
        """Its name, size and time: the same copy, unchanged, looks the same (None if gone)."""
        try:
            info = os.lstat(self.path)
        except OSError:
            return None
        return (self.name, info.st_size, info.st_mtime_ns)


def conflict_copies(db: Path) -> list[ConflictCopy]:
    """The conflict copies beside `db` (its real file), oldest name first (reads only)."""
    db = Path(os.path.realpath(db))
    try:
        names = sorted(os.listdir(db.parent))
    except OSError:
        return []
    patterns = _patterns(db)
    found = []
    for name in names:
        for tool, pattern in patterns:
            if pattern.fullmatch(name):
                found.append(ConflictCopy(db.parent / name, tool))
                break
    return found


class CopyProblem(ValueError):
    """A conflict copy that cannot be merged; `str()` says why, in words."""


def read_copy(copy: ConflictCopy, store: AnswerStore) -> Replica:
    """What a conflict copy holds, checked against the workbook; `CopyProblem` if unusable.

    An encrypted copy is opened with the workbook's own key, in memory.
    """
    from workbook.core.storage.atomic import decode
    from workbook.core.storage.encryption import looks_encrypted
    from workbook.core.storage.files import read_database
    from workbook.core.storage.schema import version_of

    name = copy.name
    if copy.path.is_symlink():
        raise CopyProblem(f"{name} is a link, which no sync tool leaves, so it is not followed")
    try:
        raw = read_database(copy.path)
    except StorageError as error:
        raise CopyProblem(f"{name} cannot be read: {_problem(error)}") from None
    except OSError as error:
        raise CopyProblem(f"{name} cannot be read ({error.strerror or error})") from None
    if looks_encrypted(raw):
        if store.key is None:
            raise CopyProblem(f"{name} is encrypted, but this workbook is not, so it is "
                              "not a copy of it")
        try:
            raw = store.key.decrypt(copy.path, raw)
        except StorageError:
            raise CopyProblem(f"{name} is encrypted with another key or damaged, so it is "
                              "not a copy of this workbook") from None
    elif store.key is not None:
        raise CopyProblem(f"{name} is not encrypted, but this workbook is: merging it would "
                          "mix plain words into an encrypted workbook")
    try:
        data, _ = decode(copy.path, raw)
    except StorageError as error:
        raise CopyProblem(f"{name} is damaged: {_problem(error)}") from None
    schema = version_of(data) if isinstance(data, dict) else None
    if schema != SCHEMA_VERSION:
        raise CopyProblem(
            f"{name} was written by another version of Heartbreak Workbook (schema "
            f"{schema}, this one writes {SCHEMA_VERSION}): update the app on both machines, "
            "then run 'workbook sync' again")
    missing = [table for table in (ANSWERS, ENTRIES, META) if table not in data]
    if missing:
        raise CopyProblem(f'{name} is not a workbook file: it has no "{missing[0]}" table')
    try:
        document = read_document(copy.path, data)
    except StorageError as error:
        raise CopyProblem(f"{name} is not a workbook file: {_problem(error)}") from None
    if identity_of(document.meta) is None:
        raise CopyProblem(f"{name} is not a workbook file: it does not say which workbook "
                          "it is, as every copy the app writes does")
    if not same_workbook(store.meta(), document.meta):
        raise CopyProblem(f"{name} is a different workbook (it was started on its own, "
                          "not copied from this one), so it is not merged into this one")
    return document.replica()


def _problem(error: Exception) -> str:
    return str(getattr(error, "problem", None) or error)


@dataclass
class SyncResult:
    """What one look at the folder did: copies merged (with what each brought) and refused."""

    merged: list[tuple[ConflictCopy, MergeReport, Backup]] = field(default_factory=list)
    refused: list[tuple[ConflictCopy, str]] = field(default_factory=list)
    failed: str | None = None  # the save itself failed: nothing was moved
    unmoved: list[str] = field(default_factory=list)  # merged, but still beside the file

    @property
    def nothing(self) -> bool:
        return not (self.merged or self.refused or self.failed or self.unmoved)

    @property
    def ok(self) -> bool:
        return not (self.refused or self.failed or self.unmoved)

    def problems(self) -> list[str]:
        """The lines that need the person: copies not merged, a save that failed."""
        out = [f"Not merged: {why}. It is left where it is, unchanged."
               for _copy, why in self.refused]
        out += self.unmoved
        if self.failed:
            out.append(f"The merged workbook could not be saved ({self.failed}); the copies "
                       "are left where they are, to merge next time.")
        return out

    def lines(self) -> list[str]:
        """What happened, in words: one paragraph per copy."""
        out = []
        for copy, merge_report, kept in self.merged:
            what = merge_report.lines() if not merge_report.empty else [
                "nothing new: everything in it was already here"]
            out.append(f"Merged a copy from another machine ({copy.tool}, {copy.name}): "
                       + "; ".join(what) + ".")
            out.append(f"  The copy is kept in your backups as {kept.name}.")
        return out + self.problems()


def merge_conflict_copies(store: AnswerStore, kinds: Mapping[str, str] | None = None,
                          copies: list[ConflictCopy] | None = None) -> SyncResult:
    """Merge every conflict copy beside the store's file (or just `copies`) into it,
    save, then move each merged copy into the backups folder. The store must be
    writable (it holds the lock). Safe from a worker thread: the store takes its
    own lock for each change."""
    result = SyncResult()
    merged: list[tuple[ConflictCopy, MergeReport]] = []
    for copy in conflict_copies(store.path) if copies is None else copies:
        try:
            theirs = read_copy(copy, store)
        except CopyProblem as problem:
            result.refused.append((copy, str(problem)))
            continue
        before, joined, _changed, _dirty = store.merge_in(theirs)
        merged.append((copy, report(before, joined, kinds)))
    if not merged:
        return result
    try:
        store.save()
    except StorageError as error:
        result.failed = _problem(error)
        return result
    for copy, merge_report in merged:
        try:
            kept = keep_aside(store.path, copy.path, LABEL)
        except OSError as error:
            result.unmoved.append(f"{copy.name} is merged, but could not be moved into the "
                                  f"backups folder ({error.strerror or error}); merging it "
                                  "again changes nothing")
            continue
        result.merged.append((copy, merge_report, kept))
    return result

