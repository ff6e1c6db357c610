"""The document's schema version and the steps that upgrade older documents."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from workbook.core.storage.errors import BadDatabase

SCHEMA_VERSION = 2

Document = dict[str, dict[str, dict[str, Any]]]


def _from_0(doc: Document) -> Document:
    """Version 0 is a document written before versions were stamped."""
    return doc


def _from_1(doc: Document) -> Document:
    """Version 2 keeps every rating of a scale, dated: a scale's single number
    becomes the first entry of its history, dated when it was last changed.

    Only a scale ever saved a bare whole number (or None, when cleared), so
    the answers' shapes say which they are without reading the content. The
    entry's id comes from the answer itself, so two copies of one database
    (a backup and the file) migrate to the same entry and merge as one.
    """
    import hashlib

    for answer in doc.get("answers", {}).values():
        value = answer.get("value")
        if value is None:
            answer["value"] = []
        elif isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= 10:
            at = answer.get("updated") if isinstance(answer.get("updated"), str) else ""
            seed = f"{answer.get('exercise')}|{at}|{value}".encode()
            entry_id = hashlib.sha256(seed).hexdigest()[:16]
            answer["value"] = [{"id": entry_id, "at": at, "rating": value}]
    return doc


# MIGRATIONS[n] turns a version-n document into version n + 1.
MIGRATIONS: dict[int, Callable[[Document], Document]] = {0: _from_0, 1: _from_1}


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
    if version < 0:
        raise BadDatabase(
            path,
            f"its schema number is {version}, which no Heartbreak Workbook writes: "
            "restore a backup (workbook backups) or move the file aside",
        )
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
