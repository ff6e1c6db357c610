"""A complete, versioned JSON backup of the database, and restoring one (no Textual).

The backup holds every answer with its `updated` stamp, the settings and the
meta stamp. Keys are sorted and nothing in it is the time of the export, so
export, import and export again gives the same bytes.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from workbook.core.answer_rules import fits
from workbook.core.content.model import Workbook
from workbook.core.export.merge import MergeReport, merge_answers
from workbook.core.storage import SCHEMA_VERSION, AnswerStore
from workbook.core.storage.atomic import encode, write_atomic
from workbook.core.storage.jsontext import JSONProblem, loads, scrub
from workbook.core.storage.schema import migrate
from workbook.core.storage.store import ANSWERS, META, SETTINGS

BACKUP_FORMAT = "heartbreak-workbook-backup"
BACKUP_VERSION = 1

class BackupError(ValueError):
    """A file that cannot be restored; `str()` says why in one line."""


def backup_data(store: AnswerStore) -> dict[str, Any]:
    """Everything in the database, as the backup document."""
    settings = store.settings()
    meta = store.meta()
    answers = {
        ex_id: {"updated": doc.get("updated"), "value": doc["value"]}
        for ex_id, doc in store.raw_answers().items()
    }
    return {
        "format": BACKUP_FORMAT,
        "version": BACKUP_VERSION,
        "schema": SCHEMA_VERSION,
        "answers": answers,
        "settings": settings,
        "meta": meta,
    }


def encode_backup(data: Mapping[str, Any]) -> str:
    """Stable JSON text: sorted keys, two-space indent, UTF-8 kept readable.

    A lone surrogate cannot be UTF-8 (nor read back by import): it is written
    as U+FFFD, as the database itself does.
    """
    return scrub(json.dumps(data, ensure_ascii=False, sort_keys=True, indent=2)) + "\n"


def export_json(store: AnswerStore, workbook: Workbook | None = None) -> str:
    """The backup of `store` as JSON text; with the content, answers it no longer
    has a place for are also named under "earlier_version" (they are in "answers"
    as every answer is; restoring ignores the list)."""
    data = backup_data(store)
    if workbook is not None:
        from workbook.core.earlier import earlier_answers

        earlier = earlier_answers(workbook, store.answers())
        if earlier:
            data["earlier_version"] = {
                "title": "Answers from an earlier version of the workbook",
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
    version, schema = data.get("version"), data.get("schema", SCHEMA_VERSION)
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
    answers, settings, meta = data.get("answers"), data.get("settings", {}), data.get("meta", {})
    for key, table in (("answers", answers), ("settings", settings), ("meta", meta)):
        if not isinstance(table, dict):
            raise BackupError(f'{not_backup}: "{key}" must be an object')
    for ex_id, doc in answers.items():
        where = f'{name}: answer "{ex_id}"'
        if not isinstance(doc, dict) or "value" not in doc:
            raise BackupError(f'{where} has no "value", so this is not a workbook backup')
        if doc.get("updated") is not None and not isinstance(doc["updated"], str):
            raise BackupError(f'{where}: "updated" must be a date and time as text')
        exercise = workbook.exercise(ex_id) if workbook else None
        if exercise is None:
            continue  # an exercise this content does not have: kept as it is
        value = doc["value"]
        if not fits(exercise.kind, value):
            raise BackupError(
                f"{where} does not hold a {exercise.kind} answer "
                "(the file was changed by hand?)"
            )
    return data, replaced


def import_backup(
    backup: Mapping[str, Any], current: AnswerStore | None, *, merge: bool = False
) -> dict[str, Any]:
    """The database document after restoring `backup` (checked by `read_backup`).

    Without `merge` the backup replaces everything. With `merge`, answers are
    merged entry by entry (see `merge.py`) and settings already in the
    database win.
    """
    return merge_backup(backup, current if merge else None)[0]


def merge_backup(
    backup: Mapping[str, Any],
    current: AnswerStore | None,
    kinds: Mapping[str, str] | None = None,
) -> tuple[dict[str, Any], MergeReport]:
    """The database document after merging `backup` into `current` (None: restoring
    it as it is), and what the merge added or updated per kind of entry."""
    # A backup from an older app holds older shapes (a scale's single
    # number): the database's own migrations bring its answers up to date.
    theirs = {
        str(number): {"exercise": ex_id, "updated": doc.get("updated"), "value": doc["value"]}
        for number, (ex_id, doc) in enumerate(backup["answers"].items())
    }
    schema = backup.get("schema", SCHEMA_VERSION)
    upgraded = migrate({ANSWERS: theirs, META: {"1": {"schema": schema}}})[ANSWERS]
    answers: dict[str, dict[str, Any]] = {
        doc["exercise"]: {"updated": doc["updated"], "value": doc["value"]}
        for doc in upgraded.values()
    }
    settings = dict(backup.get("settings", {}))
    meta = dict(backup.get("meta", {}))
    report = MergeReport()
    if current is not None:
        old = backup_data(current)
        answers, report = merge_answers(old["answers"], answers, kinds)
        settings.update(old["settings"])
        meta = old["meta"]
    meta["schema"] = SCHEMA_VERSION
    document: dict[str, Any] = {
        ANSWERS: {
            str(number): {"exercise": ex_id, **answers[ex_id]}
            for number, ex_id in enumerate(sorted(answers), start=1)
        },
        META: {"1": meta},
    }
    if settings:
        document[SETTINGS] = {"1": settings}
    return document, report


def write_document(path: Path, document: Mapping[str, Any], key: Any = None) -> None:
    """Write a whole database document the way the store does: atomically, 0600,
    encrypted when given the (encrypted) workbook's key."""
    data = encode(document)
    write_atomic(Path(path), key.encrypt(data) if key is not None else data)
