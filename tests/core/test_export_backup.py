"""The JSON backup: complete, exact, stable, and careful about what it merges."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.export_hostile import ARABIC, CJK, CONTROL, EMOJI, fill_hostile
from workbook.core.content import Workbook
from workbook.core.export.backup import (
    BackupError,
    backup_data,
    export_json,
    import_backup,
    read_backup,
)
from workbook.core.storage import SCHEMA_VERSION, AnswerStore


def test_every_answer_is_in_the_backup_exactly(tmp_path: Path, workbook: Workbook) -> None:
    db = tmp_path / "workbook.json"
    values = fill_hostile(db, workbook)
    store = AnswerStore(db, read_only=True)
    text = export_json(store)
    data = json.loads(text)
    backup, _ = read_backup(text.encode(), "backup.json", workbook)
    document = backup["document"]
    assert {ex: document.value(ex) for ex in document.exercises()} == values
    assert all(document.updated(ex) == store.updated(ex) for ex in values)
    assert data["settings"] == {"welcomed": True, "theme": "textual-dark"}
    assert data["meta"]["schema"] == SCHEMA_VERSION and "created" in data["meta"]
    assert data["version"] == 2 and data["schema"] == 3
    assert {"answers", "entries", "tombstones", "drafts", "earlier"} <= set(data)
    for readable in (ARABIC, CJK, EMOJI):
        assert readable in text  # kept as characters, not \\u escapes
    assert json.dumps(CONTROL, ensure_ascii=False)[1:-1] in text  # control characters, exactly
    assert export_json(AnswerStore(db, read_only=True)) == text  # nothing changes between runs


def test_restore_into_an_empty_database_gives_the_same_backup(tmp_path: Path,
                                                              workbook: Workbook) -> None:
    db = tmp_path / "a.json"
    fill_hostile(db, workbook)
    first = export_json(AnswerStore(db, read_only=True))
    backup, _ = read_backup(first.encode(), "first.json", workbook)
    target = AnswerStore(tmp_path / "b.json")
    import_backup(backup, target)
    target.save()
    target.close()
    assert export_json(AnswerStore(tmp_path / "b.json", read_only=True)) == first


def test_merge_keeps_current_settings_and_newer_answers(tmp_path: Path) -> None:
    db = tmp_path / "workbook.json"
    store = AnswerStore(db)
    store.replace_all({"a": {"value": "mine", "updated": "2025-03-02T00:00:00+00:00"},
                       "b": {"value": "mine", "updated": "2025-03-01T00:00:00+00:00"}})
    store.set_setting("theme", "mine")
    store.save()
    store.close()
    old = {"format": "heartbreak-workbook-backup", "version": 1, "schema": 2,
           "settings": {"theme": "theirs", "welcomed": True}, "meta": {},
           "answers": {"a": {"value": "theirs", "updated": "2025-03-01T23:00:00-02:00"},  # newer
                       "b": {"value": "theirs", "updated": "not a time"}}}
    backup, _ = read_backup(json.dumps(old).encode(), "old.json")
    store = AnswerStore(db)
    report = import_backup(backup, store, merge=True)
    store.save()
    store.close()
    merged = AnswerStore(db, read_only=True)
    assert merged.answers() == {"a": "theirs", "b": "mine"}  # an unreadable stamp never wins
    assert merged.setting("theme") == "mine" and merged.setting("welcomed") is None
    # Two copies that each wrote "a" and "b" on their own: the other words are kept.
    assert [e.value for e in merged.earlier_versions("a")] == ["mine"]
    assert [e.value for e in merged.earlier_versions("b")] == ["theirs"]
    assert report.lines() == ["1 answer updated, 2 kept as earlier answers"]


def test_a_database_file_is_not_a_backup(tmp_path: Path) -> None:
    db = tmp_path / "workbook.json"
    store = AnswerStore(db)
    store.set("a", "x")
    store.save()
    store.close()
    with pytest.raises(BackupError, match="workbook.json is not a workbook backup"):
        read_backup(db.read_bytes(), "workbook.json")


def test_a_backup_from_before_scale_histories_restores_as_histories(
    tmp_path: Path, workbook: Workbook
) -> None:
    """A schema-1 backup held one number per scale: it comes back as a dated first entry."""
    scale = next(ex for ex in workbook.exercises if ex.kind == "scale")
    old = {"format": "heartbreak-workbook-backup", "version": 1, "schema": 1, "settings": {},
           "meta": {"schema": 1},
           "answers": {scale.id: {"updated": "2026-10-01T09:00:00+01:00", "value": 7}}}
    backup, _ = read_backup(json.dumps(old).encode(), "old.json", workbook)
    (entry,) = backup["document"].value(scale.id)
    assert (entry["at"], entry["rating"]) == ("2026-10-01T09:00:00+01:00", 7) and entry["id"]
    store = AnswerStore(tmp_path / "workbook.json")
    import_backup(backup, store)
    store.save()
    store.close()
    store = AnswerStore(tmp_path / "workbook.json", read_only=True)
    assert store.get(scale.id) == [entry] and store.meta()["schema"] == SCHEMA_VERSION
    data = backup_data(store)
    assert data["schema"] == SCHEMA_VERSION
    assert [doc["value"] for doc in data["entries"]] == [entry]


@pytest.mark.parametrize("change, words", [
    (lambda d: d.update(entries="no"), '"entries" must be a list of objects'),
    (lambda d: d["entries"].append({"exercise": "x", "value": 1}), 'entry 2 in "entries" has no "id"'),
    (lambda d: d["entries"].append({"id": "x", "slot": "", "value": 1}), 'has no "exercise"'),
    (lambda d: d["tombstones"].append({"deleted": "2026-01-01"}), 'has no "id"'),
    (lambda d: d.update(schema=4), "newer Heartbreak Workbook (schema 4"),
    (lambda d: d.update(version=3), "newer Heartbreak Workbook (backup version 3"),
])
def test_a_damaged_version_2_backup_is_refused_in_one_line(tmp_path: Path, change, words) -> None:
    store = AnswerStore(tmp_path / "workbook.json")
    store.set("a", "x")
    data = backup_data(store)
    change(data)
    with pytest.raises(BackupError) as refused:
        read_backup(json.dumps(data).encode(), "damaged.json")
    assert words in str(refused.value) and "\n" not in str(refused.value)
