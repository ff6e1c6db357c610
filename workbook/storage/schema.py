"""The document's schema version and the steps that upgrade older documents."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from workbook.storage.errors import BadDatabase

SCHEMA_VERSION = 1

Document = dict[str, dict[str, dict[str, Any]]]


def _from_0(doc: Document) -> Document:
    """Version 0 is a document written before versions were stamped."""
    return doc


# MIGRATIONS[n] turns a version-n document into version n + 1.
MIGRATIONS: dict[int, Callable[[Document], Document]] = {0: _from_0}


def version_of(doc: Document) -> int:
    """The schema version a document says it has (0 when unstamped)."""
    for meta in doc.get("meta", {}).values():
        if isinstance(meta, dict) and isinstance(meta.get("schema"), int):
            return meta["schema"]
    return 0


def migrate(doc: Document) -> Document:
    """Upgrade a document to `SCHEMA_VERSION`, one step at a time."""
    version = version_of(doc)
    while version < SCHEMA_VERSION:
        doc = MIGRATIONS[version](doc)
        version += 1
    meta = doc.setdefault("meta", {})
    stamp = next(iter(meta.values()), None) if meta else None
    if isinstance(stamp, dict):
        stamp["schema"] = SCHEMA_VERSION
    else:
        meta["1"] = {"schema": SCHEMA_VERSION}
    return doc


def check_document(path: Path, doc: Document) -> Document:
    """Refuse a parsed document we cannot use as it is: newer, or of another shape."""
    version = version_of(doc)
    if version > SCHEMA_VERSION:
        raise BadDatabase(
            path,
            f"it was written by a newer Heartbreak Workbook (schema {version}, "
            f"this one reads {SCHEMA_VERSION}): update the app to open it",
        )
    for doc_id, answer in doc.get("answers", {}).items():
        if not isinstance(answer.get("exercise"), str) or "value" not in answer:
            raise BadDatabase(
                path, f'answer {doc_id} has no "exercise" or "value": not a workbook database'
            )
    return doc
