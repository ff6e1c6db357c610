"""The document's schema version: old ones are upgraded, newer ones refused untouched."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.storage_helpers import workbook_cmd
from workbook.core.storage import SCHEMA_VERSION, AnswerStore, BadDatabase
from workbook.core.storage.document import read_document
from workbook.core.storage.schema import MIGRATIONS, migrate, version_of

ANSWERS = {"1": {"exercise": "grieve-letter", "value": {"to": "", "body": "Dear you"}}}


def test_every_older_version_has_a_migration_step() -> None:
    assert sorted(MIGRATIONS) == list(range(SCHEMA_VERSION))


def test_a_version_0_document_is_stamped_and_keeps_its_answers() -> None:
    upgraded = migrate({"answers": json.loads(json.dumps(ANSWERS))})
    assert version_of(upgraded) == SCHEMA_VERSION
    document = read_document(Path("x.json"), upgraded)
    assert document.value("grieve-letter") == {"to": "", "body": "Dear you"}


def test_a_stamp_goes_into_the_existing_meta_document() -> None:
    upgraded = migrate({"meta": {"1": {"created": "2025-01-01T00:00:00+00:00"}}})
    assert upgraded["meta"] == {"1": {"created": "2025-01-01T00:00:00+00:00", "schema": SCHEMA_VERSION}}


def test_an_unstamped_file_opens_and_is_stamped_on_the_next_save(db: Path) -> None:
    db.parent.mkdir(parents=True)
    db.write_text(json.dumps({"answers": ANSWERS}), encoding="utf-8")
    before = db.read_bytes()
    AnswerStore(db, read_only=True).close()
    assert db.read_bytes() == before  # reading alone never rewrites it
    store = AnswerStore(db)
    assert store.get("grieve-letter") == {"to": "", "body": "Dear you"}
    store.set("another", 1)
    store.save()
    saved = json.loads(db.read_bytes())
    assert version_of(saved) == SCHEMA_VERSION
    assert AnswerStore(db, read_only=True).get("grieve-letter") == {"to": "", "body": "Dear you"}


def test_a_newer_file_is_refused_with_a_clear_message_and_left_alone(db: Path) -> None:
    db.parent.mkdir(parents=True)
    newer = {"answers": ANSWERS, "meta": {"1": {"schema": SCHEMA_VERSION + 1}}}
    db.write_text(json.dumps(newer), encoding="utf-8")
    before = db.read_bytes()
    with pytest.raises(BadDatabase) as refused:
        AnswerStore(db)
    assert "newer Heartbreak Workbook" in refused.value.problem
    assert "update the app" in refused.value.problem
    result = workbook_cmd("status", "--db", str(db))
    assert result.returncode == 1 and "newer Heartbreak Workbook" in result.stderr
    assert db.read_bytes() == before


def test_a_scales_single_rating_becomes_the_first_entry_of_its_history(db: Path) -> None:
    """Version 1 kept one number per scale; version 2 keeps each rating with its date."""
    db.parent.mkdir(parents=True)
    version_1 = {
        "answers": {
            "1": {"exercise": "self-kindness", "value": 6, "updated": "2026-10-01T09:00:00+01:00"},
            "2": {"exercise": "ready-to-talk", "value": None, "updated": "2026-10-02T09:00:00+01:00"},
            "3": {"exercise": "grieve-letter", "value": {"to": "", "body": "Dear you"}},
            "4": {"exercise": "a-list", "value": ["7"]},
        },
        "meta": {"1": {"schema": 1}},
    }
    db.write_text(json.dumps(version_1), encoding="utf-8")
    store = AnswerStore(db)
    (entry,) = store.get("self-kindness")
    assert entry["at"] == "2026-10-01T09:00:00+01:00" and entry["rating"] == 6 and entry["id"]
    assert store.get("ready-to-talk") is None, "cleared: an empty history, no entries"
    assert store.get("grieve-letter") == {"to": "", "body": "Dear you"}
    (item,) = store.get("a-list")
    assert item["text"] == "7" and item["id"], "a list item gets an id (schema 3)"
    store.set("another", 1)
    store.save()
    store.close()
    saved = json.loads(db.read_bytes())
    assert version_of(saved) == SCHEMA_VERSION
    again = read_document(db, migrate(json.loads(json.dumps(version_1))))
    assert again.value("self-kindness") == [entry], "the same file migrates to the same entry id"


def test_a_file_written_by_this_version_is_refused_by_the_one_before(db: Path, monkeypatch) -> None:
    """An app that reads schema 1 opens nothing written here, and says why."""
    import workbook.core.storage.schema as schema

    store = AnswerStore(db)
    store.set("self-kindness", [{"id": "a", "at": "2026-11-02T09:00:00+00:00", "rating": 4}])
    store.save()
    store.close()
    before = db.read_bytes()
    monkeypatch.setattr(schema, "SCHEMA_VERSION", 1)
    with pytest.raises(BadDatabase) as refused:
        schema.check_document(db, json.loads(before))
    assert "newer Heartbreak Workbook (schema 3, this one reads 1)" in refused.value.problem
    assert db.read_bytes() == before


def test_a_negative_schema_is_refused_plainly_and_left_alone(db: Path) -> None:
    """Found by the fuzz test: schema -1 once raised KeyError from the migrations."""
    db.parent.mkdir(parents=True)
    db.write_text(json.dumps({"answers": {}, "meta": {"1": {"schema": -1}}}), encoding="utf-8")
    before = db.read_bytes()
    with pytest.raises(BadDatabase) as refused:
        AnswerStore(db)
    assert "schema number is -1" in refused.value.problem
    result = workbook_cmd("status", "--db", str(db))
    assert result.returncode == 1 and "schema number is -1" in result.stderr
    assert "Traceback" not in result.stderr
    assert db.read_bytes() == before
