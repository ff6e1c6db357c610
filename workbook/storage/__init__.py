"""Saving answers: a TinyDB document written atomically (no Textual)."""

from workbook.storage.errors import BadDatabase, SaveFailed, StorageError, WorkbookLocked
from workbook.storage.schema import SCHEMA_VERSION
from workbook.storage.store import AnswerStore

__all__ = [
    "AnswerStore",
    "BadDatabase",
    "SaveFailed",
    "SCHEMA_VERSION",
    "StorageError",
    "WorkbookLocked",
]
