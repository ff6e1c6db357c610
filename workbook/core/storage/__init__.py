"""Saving answers: a TinyDB document written atomically (no Textual)."""

from workbook.core.storage.errors import (
    BadDatabase,
    HardLinked,
    SaveFailed,
    StorageError,
    WorkbookLocked,
)
from workbook.core.storage.schema import SCHEMA_VERSION
from workbook.core.storage.store import AnswerStore

__all__ = [
    "AnswerStore",
    "BadDatabase",
    "HardLinked",
    "SaveFailed",
    "SCHEMA_VERSION",
    "StorageError",
    "WorkbookLocked",
]
