"""A complete, versioned JSON backup of the database, and restoring one (no Textual).

The backup holds the whole document (see `storage/document.py`): every
answer's entries with their ids, versions and positions, the tombstones of
deleted entries, drafts, earlier answers, the settings and the meta stamp.
So a backup merged into another copy of the workbook merges entry by entry,
exactly as the file itself would. Keys are sorted and nothing in it is the
time of the export, so export, import and export again gives the same bytes.

Version 1 backups (one value per exercise, before entries had ids) are read
through the database's own migrations, so their rows get the same ids as
the database they came from.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from workbook.core.answer_rules import fits
from workbook.core.content.model import Workbook
from workbook.core.storage import SCHEMA_VERSION, AnswerStore, BadDatabase
from workbook.core.storage.document import (
    ANSWERS,
    DRAFTS,
    EARLIER,
    ENTRIES,
    META,
    SETTINGS,
    TOMBSTONES,
    Document,
    read_document,
)
from workbook.core.storage.jsontext import JSONProblem, loads, scrub

BACKUP_FORMAT = "heartbreak-workbook-backup"
BACKUP_VERSION = 2
REPLICATED = (ANSWERS, ENTRIES, TOMBSTONES, DRAFTS, EARLIER)


class BackupError(ValueError):
    """A file that cannot be restored; `str()` says why in one line."""


def backup_data(store: AnswerStore) -> dict[str, Any]:
    """Everything in the database, as the backup document."""
    docs = store.replica().docs()
    return {
        "format": BACKUP_FORMAT,
        "version": BACKUP_VERSION,
        "schema": SCHEMA_VERSION,
        **{table: docs[table] for table in REPLICATED},
        "settings": store.settings(),
        "meta": store.meta(),
    }


def encode_backup(data: Mapping[str, Any]) -> str:
    """Stable JSON text: sorted keys, two-space indent, UTF-8 kept readable.

    A lone surrogate cannot be UTF-8 (nor read back by import): it is written
    as U+FFFD, as the database itself does.
    """
    return scrub(json.dumps(data, ensure_ascii=False, sort_keys=True, indent=2)) + "\n"


def export_json(store: AnswerStore, workbook: Workbook | None = None) -> str:
    """The backup of `store` as JSON text; with the content, answers that are not
    the answer shown now (see `earlier.py`) are also named under "earlier_version"
    (they are in the backup as everything is; restoring ignores the list)."""
    data = backup_data(store)
    if workbook is not None:
        from workbook.core.earlier import TITLE, earlier_in

        earlier = earlier_in(workbook, store)
        if earlier:
            data["earlier_version"] = {
                "title": TITLE,
                "answers": {answer.key: answer.why for answer in earlier},
            }
    return encode_backup(data)


def read_backup(
    raw: bytes, name: str, workbook: Workbook | None = None
) -> tuple[dict[str, Any], int]:
    """Parse and check a backup file's bytes; raise `BackupError` naming the problem.

    Returns the backup and how many strings had broken characters (lone
    surrogates), which are now U+FFFD.
    """
    not_backup = f"{name} is not a workbook backup"
    try:
        data, replaced = loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise BackupError(f"{not_backup} (it is not UTF-8 text)") from None
    except json.JSONDecodeError as error:
        raise BackupError(
            f"{not_backup} (not valid JSON at line {error.lineno}, column {error.colno})"
        ) from None
    except JSONProblem as error:
        raise BackupError(f"{not_backup}: {error}") from None
    if not isinstance(data, dict) or data.get("format") != BACKUP_FORMAT:
        raise BackupError(f"{not_backup}: make one with 'workbook export --format json'")
    version = data.get("version")
    schema = data.get("schema", 2 if version == 1 else SCHEMA_VERSION)
    if not isinstance(version, int) or not isinstance(schema, int):
        raise BackupError(f'{not_backup}: "version" and "schema" must be whole numbers')
    if version < 1 or schema < 0:
        raise BackupError(f'{not_backup}: "version" {version} or "schema" {schema} is below '
                          "anything Heartbreak Workbook writes")
    newer = [f"{what} {theirs}, this app reads up to {ours}"
             for what, theirs, ours in (("backup version", version, BACKUP_VERSION),
                                        ("schema", schema, SCHEMA_VERSION)) if theirs > ours]
    if newer:
        raise BackupError(f"{name} was made by a newer Heartbreak Workbook ({newer[0]}): "
                          "update the app, then import it")
    for key in ("settings", "meta"):
        if not isinstance(data.get(key, {}), dict):
            raise BackupError(f'{not_backup}: "{key}" must be an object')
    if version == 1:
        _check_version_1(data, name, not_backup)
    else:
        for table in REPLICATED:
            docs = data.get(table, [])
            if not isinstance(docs, list) or not all(isinstance(doc, dict) for doc in docs):
                raise BackupError(f'{not_backup}: "{table}" must be a list of objects')
    document = backup_document(data, name)
    for exercise_id in document.exercises():
        exercise = workbook.exercise(exercise_id) if workbook else None
        value = document.value(exercise_id)
        if exercise is not None and value is not None and not fits(exercise.kind, value):
            raise BackupError(f'{name}: answer "{exercise_id}" does not hold a {exercise.kind} '
                              "answer (the file was changed by hand?)")
    data["document"] = document
    return data, replaced


def _check_version_1(data: Mapping[str, Any], name: str, not_backup: str) -> None:
    answers = data.get("answers")
    if not isinstance(answers, dict):
        raise BackupError(f'{not_backup}: "answers" must be an object')
    for ex_id, doc in answers.items():
        where = f'{name}: answer "{ex_id}"'
        if not isinstance(doc, dict) or "value" not in doc:
            raise BackupError(f'{where} has no "value", so this is not a workbook backup')
        if doc.get("updated") is not None and not isinstance(doc["updated"], str):
            raise BackupError(f'{where}: "updated" must be a date and time as text')


def backup_document(data: Mapping[str, Any], name: str = "the backup") -> Document:
    """The document a (checked) backup holds, through the database's own migrations."""
    if data.get("version") == 1:
        # One value per exercise, as schema 0-2 files held them.
        tables: dict[str, Any] = {ANSWERS: {
            str(number): {"exercise": ex_id, "updated": doc.get("updated"), "value": doc["value"]}
            for number, (ex_id, doc) in enumerate(data.get("answers", {}).items(), start=1)}}
        schema = data.get("schema", 2)
    else:
        tables = {table: {str(n): doc for n, doc in enumerate(data.get(table, []), start=1)}
                  for table in REPLICATED}
        schema = data.get("schema", SCHEMA_VERSION)
    meta = data.get("meta") if isinstance(data.get("meta"), dict) else {}
    tables[META] = {"1": {**meta, "schema": schema}}
    if data.get("settings"):
        tables[SETTINGS] = {"1": dict(data["settings"])}
    try:
        return read_document(Path(name), tables)
    except BadDatabase as error:
        raise BackupError(f"{name} is not a workbook backup: {error.problem}") from None


def import_backup(backup: Mapping[str, Any], store: AnswerStore, *, merge: bool = False,
                  kinds: Mapping[str, str] | None = None) -> Any:
    """Restore `backup` (checked by `read_backup`) into `store`, in memory: the store
    then holds the backup (`merge=False`, settings too) or both joined entry by entry
    (`merge=True`, see `core/merge.py`; the store's settings stay). Returns the
    merge's `MergeReport` (what it added, updated, deleted or kept aside)."""
    from workbook.core.merge import MergeReport, report
    from workbook.core.merge import merge as join

    document = backup.get("document") or backup_document(backup)
    theirs = document.replica()
    if not merge:
        store.replace_with(document)
        return MergeReport()
    before = store.replica()
    merged = join(before, theirs)
    store.adopt(merged)
    return report(before, merged, kinds)
