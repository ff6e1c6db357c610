"""The document's schema version and the steps that upgrade older documents."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

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
