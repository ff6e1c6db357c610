"""The document's schema version and the steps that upgrade older documents."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from workbook.core.digest import sha256_hex
from workbook.core.storage.errors import BadDatabase

SCHEMA_VERSION = 3

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
    for answer in doc.get("answers", {}).values():
        value = answer.get("value")
        if value is None:
            answer["value"] = []
        elif isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= 10:
            at = answer.get("updated") if isinstance(answer.get("updated"), str) else ""
            seed = f"{answer.get('exercise')}|{at}|{value}".encode()
            entry_id = sha256_hex(seed)[:16]
            answer["value"] = [{"id": entry_id, "at": at, "rating": value}]
    return doc


DRAFT_PREFIX = "draft:"  # schema 2 kept drafts and earlier answers in the
EARLIER_PREFIX = "earlier:"  # answers table, under these prefixes


def _with_ids(exercise_id: str, value: Any) -> Any:
    """Rows, items and one's own checklist items given the ids they lacked, from the
    exercise, the position and the text: two copies of one old workbook give the
    same row the same id. A list item (a bare string) becomes {"id", "text"}."""
    from workbook.core.entries import element_id

    def elements(where: str, items: list[Any]) -> list[Any]:
        out = []
        for position, item in enumerate(items):
            if isinstance(item, str):
                item = {"id": element_id(exercise_id, where, position, item), "text": item}
            elif isinstance(item, dict) and not (isinstance(item.get("id"), str) and item["id"]):
                item = {**item, "id": element_id(exercise_id, where, position, item)}
            out.append(item)
        return out

    if isinstance(value, list):
        return elements("", value)
    if isinstance(value, dict) and isinstance(value.get("own"), list):
        return {**value, "own": elements("own", value["own"])}
    return value


def _from_2(doc: Document) -> Document:
    """Version 3 keeps every entry on its own, with an id and a version (see
    `document.py`): each answer becomes a header and its entries; drafts and
    earlier answers move out of the answers table into their own tables.

    Nothing here is random or read from the clock, so two copies of one old
    workbook migrate to the same entries and merge as one.
    """
    from workbook.core.entries import ELEMENT, GUESS, canonical, split, spread

    headers: dict[str, Any] = {}
    entries: dict[str, Any] = {}
    drafts: dict[str, Any] = {}
    earlier: dict[str, Any] = {}
    for answer in doc.get("answers", {}).values():
        key = answer["exercise"]
        value = answer.get("value")
        updated = answer.get("updated") if isinstance(answer.get("updated"), str) else None
        if key.startswith(DRAFT_PREFIX) or key.startswith(EARLIER_PREFIX):
            table, prefix = (drafts, DRAFT_PREFIX) if key.startswith(DRAFT_PREFIX) else (
                earlier, EARLIER_PREFIX)
            table[str(len(table) + 1)] = {"exercise": key.removeprefix(prefix), "value": value,
                                          "updated": updated}
            continue
        headers[str(len(headers) + 1)] = {"exercise": key, "kind": None, "updated": updated}
        pieces = split(GUESS, key, _with_ids(key, value))
        slots: dict[str, list[Any]] = {}
        for piece in pieces:
            if piece.order is None and piece.slot.endswith(ELEMENT):
                slots.setdefault(piece.slot, []).append(piece.id)
        positions = {entry_id: position for ids in slots.values()
                     for entry_id, position in zip(ids, spread(len(ids)), strict=True)}
        for piece in pieces:
            # A version made here has no session: its clock names its words, so
            # the same words on two copies are one version, other words another.
            mark = sha256_hex(f"{piece.id}|{canonical(piece.value)}".encode(
                "utf-8", "surrogatepass"))[:12]
            entries[str(len(entries) + 1)] = {
                "exercise": key, "id": piece.id, "slot": piece.slot,
                "pos": piece.order if piece.order is not None else positions.get(piece.id, ""),
                "updated": updated or "", "clock": f"m{mark}:1", "value": piece.value,
            }
    doc["answers"] = headers
    doc["entries"] = entries
    doc["drafts"] = drafts
    doc["earlier"] = earlier
    doc.setdefault("tombstones", {})
    return doc


# MIGRATIONS[n] turns a version-n document into version n + 1.
MIGRATIONS: dict[int, Callable[[Document], Document]] = {0: _from_0, 1: _from_1, 2: _from_2}


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
    if version >= 3:
        return doc  # its documents are checked as they are read (`document.load_tables`)
    for doc_id, answer in doc.get("answers", {}).items():
        if not isinstance(answer.get("exercise"), str) or "value" not in answer:
            raise BadDatabase(
                path, f'answer {doc_id} has no "exercise" or "value": not a workbook database'
            )
    return doc
