"""What can go wrong with the database, as exceptions with plain messages."""

from __future__ import annotations

from pathlib import Path


class StorageError(Exception):
    """Base for storage problems; `str()` is a sentence for the person."""


class BadDatabase(StorageError):
    """The database file exists but cannot be used as it is."""

    def __init__(self, path: Path, problem: str) -> None:
        self.path = Path(path)
        self.problem = problem
        super().__init__(
            f"{self.path}: {problem} (the file was left as it is; run 'workbook' "
            "to open a backup or to start fresh)"
        )


class WorkbookLocked(StorageError):
    """Another process is writing to this database."""

    def __init__(self, path: Path, holder: str = "", *, leaving: bool = False) -> None:
        self.path = Path(path)
        self.holder = holder
        self.leaving = leaving  # the other session is closing: the lock is free in a moment
        who = f" ({holder})" if holder else ""
        super().__init__(f"{self.path} is open in another workbook session{who}")


class HardLinked(WorkbookLocked):
    """The database file has more than one name (hard links): it opens read-only.

    A save writes a new file in place of one name, so the names would split
    into two workbooks without a word; and two sessions, one through each
    name, could both write. Like a workbook open elsewhere, it can be read.
    """

    def __init__(self, path: Path, links: int) -> None:
        StorageError.__init__(
            self, f"{path} has {links} names (hard links to one file), so it opens read-only "
            "here: a save would split them into separate workbooks. Keep one name (remove "
            "the other links; 'ls -li' shows them by their shared number), then open it again")
        self.path = Path(path)
        self.holder = ""
        self.leaving = False
        self.links = links


class SaveFailed(StorageError):
    """A save did not reach the disk; the file there is unchanged."""

    def __init__(self, path: Path, reason: str) -> None:
        self.path = Path(path)
        self.reason = reason
        super().__init__(f"Not saved: {reason}")
