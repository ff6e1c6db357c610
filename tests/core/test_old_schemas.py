"""Workbooks written by earlier versions open, migrate to schema 3 and merge as one.

The files in tests/data/old-schemas were written by the old apps themselves
(see the README there): rows and items without ids, drafts and earlier
answers under key prefixes, a scale as one number.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from tinydb import Query, TinyDB

from tests.conftest import REPO
from workbook.core.merge import merge
from workbook.core.storage import SCHEMA_VERSION, AnswerStore
from workbook.core.storage.atomic import AtomicJSONStorage
from workbook.core.storage.document import read_document
from workbook.core.storage.schema import version_of

OLD = REPO / "tests" / "data" / "old-schemas"
SCHEMAS = [0, 1, 2]


def copy_of(schema: int, folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    db = folder / "workbook.json"
    shutil.copyfile(OLD / f"schema-{schema}.json", db)
    return db


@pytest.mark.parametrize("schema", SCHEMAS)
def test_an_old_workbook_opens_with_every_answer(tmp_path: Path, schema: int) -> None:
    db = copy_of(schema, tmp_path)
    assert version_of(json.loads(db.read_text())) == schema
    before = db.read_bytes()
    store = AnswerStore(db, read_only=True)
    assert db.read_bytes() == before, "opening alone never rewrites it"
    rows = store.get("grieve-losses")
    assert [r["loss"] for r in rows] == ["our Sunday mornings", "the future we planned", ""]
    assert all(r["id"] for r in rows) and len({r["id"] for r in rows}) == 3, "rows have ids now"
    items = store.get("reflect-patterns")
    assert [i["text"] for i in items] == [
        "I go quiet", "I say yes when I mean no", "I ignore early doubts"]
    assert all(i["id"] for i in items)
    assert [e["id"] for e in store.get("grieve-journal")] == ["7c1d2e3f40516273",
                                                              "8d2e3f4051627384"]
    assert store.get("grieve-checkin")[0]["note"] == "heavy morning"
    ratings = [e["rating"] for e in store.get("self-esteem-scale")]
    assert ratings == ([4] if schema < 2 else [3, 5])
    assert store.get("communicate-unsent-letter")["body"].startswith("Dear you")
    assert store.get("grieve-today") == {"signs": "I cried at the bus stop", "need": "sleep"}
    outlets = store.get("grieve-outlets")
    assert sorted(outlets["checked"]) == ["talk", "write"]
    assert [o["text"] for o in outlets["own"]] == ["swim on Fridays", "call my sister"]
    assert all(o["id"] for o in outlets["own"])
    assert store.get("professional-help-safety-plan")["warning-signs"] == [
        "not sleeping", "skipping meals"]
    assert store.draft("grieve-checkin") == {"feelings": {"Tired": 6}, "note": "half a thought"}
    assert "draft:grieve-checkin" not in store.answers(), "drafts have their own table"
    if schema == 2:
        assert store.earlier_answer("grieve-today") == {
            "now": "words from before the kind changed"}
        assert not any(key.startswith("earlier:") for key in store.answers())
    assert store.setting("welcomed") is True


@pytest.mark.parametrize("schema", SCHEMAS)
def test_an_old_workbook_is_saved_as_schema_3_and_reads_the_same(tmp_path: Path,
                                                                  schema: int) -> None:
    db = copy_of(schema, tmp_path)
    first = AnswerStore(db)
    answers, drafts = first.answers(), first.draft("grieve-checkin")
    first.set_setting("theme", "textual-dark")
    first.save()
    first.close()
    saved = json.loads(db.read_text())
    assert version_of(saved) == SCHEMA_VERSION == 3
    assert {"answers", "entries", "tombstones", "drafts", "earlier"} <= set(saved)
    assert not any(doc["exercise"].startswith(("draft:", "earlier:"))
                   for doc in saved["answers"].values())
    again = AnswerStore(db, read_only=True)
    assert again.answers() == answers and again.draft("grieve-checkin") == drafts
    # Still a TinyDB file: TinyDB itself reads and queries it.
    with TinyDB(db, storage=AtomicJSONStorage) as tiny:
        rows = tiny.table("entries").search(Query().exercise == "grieve-losses")
        assert sorted(r["value"]["loss"] for r in rows) == sorted(
            r["loss"] for r in answers["grieve-losses"])


@pytest.mark.parametrize("schema", SCHEMAS)
def test_two_copies_of_one_old_workbook_migrate_to_the_same_entries(schema: int) -> None:
    raw = (OLD / f"schema-{schema}.json").read_text()
    first = read_document(Path("laptop.json"), json.loads(raw), "laptop").replica()
    second = read_document(Path("desktop.json"), json.loads(raw), "desktop").replica()
    assert first.docs() == second.docs()
    assert merge(first, second).docs() == first.docs(), "they merge as one: nothing doubled"


def test_a_migrated_workbook_merges_with_its_old_backup_as_one(tmp_path: Path) -> None:
    """An old automatic backup and the file it was taken from (now upgraded and
    written on): the merge keeps the new words and brings nothing old back."""
    db = copy_of(2, tmp_path / "data")
    backup = copy_of(2, tmp_path / "old-backup")
    store = AnswerStore(db)
    rows = store.get("grieve-losses")
    store.set("grieve-losses", rows[:2], kind="grid", before=rows)  # the empty row goes
    items = store.get("reflect-patterns")
    store.set("reflect-patterns", [items[0], {**items[1], "text": "I say no now"}, items[2]],
              kind="list", before=items)
    theirs = AnswerStore(backup, read_only=True).replica()
    store.adopt(merge(store.replica(), theirs))
    assert [r["loss"] for r in store.get("grieve-losses")] == [
        "our Sunday mornings", "the future we planned"], "the deleted row stays deleted"
    assert [i["text"] for i in store.get("reflect-patterns")] == [
        "I go quiet", "I say no now", "I ignore early doubts"], "the edit wins, not doubled"
    assert store.all_earlier_versions() == [], "an older version is no conflict"
    store.close()
