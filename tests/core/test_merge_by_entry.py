"""`import --merge` joins two diverged copies entry by entry (real `workbook` processes)."""

from __future__ import annotations

import json
from pathlib import Path

from tests.cli.test_export_cli import run
from tests.conftest import first_of_kind
from workbook.core.content import Workbook
from workbook.core.export.merge import merge_entries
from workbook.core.storage import AnswerStore
from workbook.core.storage.backups import list_backups


def entry(entry_id: str, text: str, when: str) -> dict:
    return {"id": entry_id, "created": f"2026-11-0{when}", "updated": f"2026-11-0{when}",
            "text": text}


def write_db(db: Path, answers: dict) -> Path:
    store = AnswerStore(db)
    store.replace_all(answers)
    store.set_setting("welcomed", True)
    store.save()
    store.close()
    return db


def export(db: Path, out: Path, cwd: Path) -> Path:
    result = run("export", "--format", "json", "--db", str(db), "-o", str(out), cwd=cwd)
    assert result.returncode == 0, result.stderr
    return out


def test_two_diverged_backups_merge_entry_by_entry(tmp_path: Path, workbook: Workbook) -> None:
    journal = first_of_kind(workbook, "journal").id
    checkin = first_of_kind(workbook, "checkin").id
    items = first_of_kind(workbook, "list").id
    grid = first_of_kind(workbook, "grid")
    column = grid.columns[0].id
    common = [entry("e1", "the first night", "1T22:00:00+00:00"),
              entry("e2", "a walk", "2T22:00:00+00:00")]
    # The laptop: a new entry, and the first one written on; a check-in.
    laptop = export(write_db(tmp_path / "laptop" / "workbook.json", {
        journal: {"updated": "2026-11-05T10:00:00+00:00", "value": [
            {**common[0], "text": "the first night, and what came after",
             "updated": "2026-11-05T10:00:00+00:00"},
            common[1], entry("e3", "on the train", "4T08:00:00+00:00")]},
        checkin: {"updated": "2026-11-04T09:00:00+00:00", "value": [
            {"id": "c1", "at": "2026-11-04T09:00:00+00:00", "note": "",
             "feelings": [{"name": "sad", "intensity": 6}]}]},
        items: {"updated": "2026-11-04T09:00:00+00:00", "value": ["tea", "swimming"]},
        grid.id: {"updated": "2026-11-04T09:00:00+00:00", "value": [{column: "the flat"}]},
    }), tmp_path / "laptop.json", tmp_path)
    # The desktop: another new entry; its own list item and grid row.
    desktop = export(write_db(tmp_path / "desktop" / "workbook.json", {
        journal: {"updated": "2026-11-03T10:00:00+00:00", "value": [
            *common, entry("e4", "at my desk", "3T10:00:00+00:00")]},
        items: {"updated": "2026-11-03T09:00:00+00:00", "value": ["tea", "music"]},
        grid.id: {"updated": "2026-11-03T09:00:00+00:00", "value": [{column: "our friends"}]},
    }), tmp_path / "desktop.json", tmp_path)

    db = tmp_path / "data" / "workbook.json"
    restored = run("import", str(desktop), "--yes", "--db", str(db), cwd=tmp_path)
    assert restored.returncode == 0, restored.stderr
    merged = run("import", str(laptop), "--merge", "--db", str(db), cwd=tmp_path)
    assert merged.returncode == 0, merged.stderr
    out = merged.stdout
    assert "1 journal entry added, 1 updated" in out, out
    assert "1 check-in added" in out and "1 list item added" in out, out
    assert "1 grid row added" in out, out

    store = AnswerStore(db, read_only=True)
    texts = {e["id"]: e["text"] for e in store.get(journal)}
    assert texts == {"e1": "the first night, and what came after", "e2": "a walk",
                     "e3": "on the train", "e4": "at my desk"}, "nothing from either side lost"
    assert [e["id"] for e in store.get(journal)] == ["e1", "e2", "e4", "e3"], "in time order"
    assert store.get(items) == ["tea", "music", "swimming"]
    assert store.get(grid.id) == [{column: "our friends"}, {column: "the flat"}]
    assert [c["id"] for c in store.get(checkin)] == ["c1"]
    # The older copy of the entry both sides changed is kept in the backup taken first.
    before = json.loads(list_backups(db)[0].path.read_text(encoding="utf-8"))
    kept = next(d for d in before["answers"].values() if d["exercise"] == journal)
    assert {e["id"]: e["text"] for e in kept["value"]}["e1"] == "the first night"
    # Merging the same file again adds nothing.
    again = run("import", str(laptop), "--merge", "--db", str(db), cwd=tmp_path)
    assert "Nothing new" in again.stdout, again.stdout


def test_items_without_ids_are_kept_once_in_order() -> None:
    assert merge_entries(["a", "b"], ["b", "c", "a"]) == ["a", "b", "c"]
