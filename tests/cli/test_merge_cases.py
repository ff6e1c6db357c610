"""`workbook import --merge`: two copies of one workbook that went their own ways, joined
entry by entry through the real command line.

The story: a workbook written on a laptop is copied to a desktop (exported,
then imported there), and each machine goes on with it. Then the desktop's
backup is merged into the laptop. Each test is one case the merge promises:
the later edit wins and the other is kept as an earlier answer; a deletion
stays a deletion; rows added on both sides are both kept, after the ones
they shared; a journal entry deleted after the other side edited it stays
deleted; and merging the same backup again changes nothing at all.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest

from tests.cli.test_export_cli import run
from tests.conftest import REPO, first_of_kind
from workbook.core import clock
from workbook.core.content import Exercise, Workbook
from workbook.core.merge_words import IN_A_SENTENCE
from workbook.core.storage import AnswerStore
from workbook.core.storage.backups import list_backups

DAY = datetime(2026, 11, 2, 21, 0, tzinfo=timezone(timedelta(hours=1)))


@contextmanager
def writing(db: Path, at: datetime) -> Iterator[AnswerStore]:
    """The workbook open for writing as the app opens it, its clock at `at`; saved after."""
    clock.pin(at)
    store = AnswerStore(db)
    try:
        yield store
        store.save()
    finally:
        store.close()
        clock.pin(None)


def change(store: AnswerStore, exercise: Exercise, edit: Callable[[list[Any]], list[Any]]) -> None:
    """What a widget does: a new list made from the one it had, posted with it."""
    before = store.get(exercise.id) or []
    store.set(exercise.id, edit([dict(row) for row in before]), kind=exercise.kind, before=before)


def export(db: Path, out: Path, cwd: Path) -> Path:
    done = run("export", "--format", "json", "--db", str(db), "-o", str(out), "--force", cwd=cwd)
    assert done.returncode == 0, done.stderr
    return out


@pytest.fixture
def grid(workbook: Workbook) -> Exercise:
    return first_of_kind(workbook, "grid")


@pytest.fixture
def journal(workbook: Workbook) -> Exercise:
    return first_of_kind(workbook, "journal")


@pytest.fixture
def two_copies(tmp_path: Path, grid: Exercise, journal: Exercise) -> tuple[Path, Path]:
    """The laptop's workbook (three rows, two journal entries) and the desktop's copy of it."""
    column = grid.columns[0].id
    laptop = tmp_path / "laptop" / "workbook.json"
    with writing(laptop, DAY) as store:
        store.set_setting("welcomed", True)
        store.set(grid.id, [{"id": f"row-{n}", column: f"row {n}"} for n in (1, 2, 3)],
                  kind="grid")
        stamp = DAY.isoformat(timespec="seconds")
        store.set(journal.id, [
            {"id": f"entry-{n}", "created": stamp, "updated": stamp, "text": f"entry {n}"}
            for n in (1, 2)], kind="journal")
    desktop = tmp_path / "desktop" / "workbook.json"
    copied = run("import", str(export(laptop, tmp_path / "copy.json", tmp_path)),
                 "--db", str(desktop), cwd=tmp_path)
    assert copied.returncode == 0, copied.stderr
    return laptop, desktop


def merge_desktop_into_laptop(tmp_path: Path, laptop: Path, desktop: Path) -> str:
    backup = export(desktop, tmp_path / "desktop.json", tmp_path)
    merged = run("import", str(backup), "--merge", "--db", str(laptop), cwd=tmp_path)
    assert merged.returncode == 0, merged.stderr
    return merged.stdout


def on_both_sides(two_copies: tuple[Path, Path], exercise: Exercise,
                  on_laptop: Callable[[list[Any]], list[Any]],
                  on_desktop: Callable[[list[Any]], list[Any]]) -> None:
    """A change on the laptop, then another on the desktop an hour later."""
    laptop, desktop = two_copies
    with writing(laptop, DAY + timedelta(hours=1)) as store:
        change(store, exercise, on_laptop)
    with writing(desktop, DAY + timedelta(hours=2)) as store:
        change(store, exercise, on_desktop)


def texts(db: Path, exercise: Exercise, key: str) -> list[str]:
    return [row[key] for row in AnswerStore(db, read_only=True).get(exercise.id) or []]


def test_a_row_edited_on_both_sides_keeps_the_later_and_shows_the_other_as_an_earlier_answer(
        tmp_path: Path, two_copies: tuple[Path, Path], grid: Exercise) -> None:
    laptop, desktop = two_copies
    column = grid.columns[0].id
    on_both_sides(two_copies, grid, lambda rows: [rows[0], {**rows[1], column: "laptop's words"},
                                                  rows[2]],
                  lambda rows: [rows[0], {**rows[1], column: "desktop's words"}, rows[2]])
    out = merge_desktop_into_laptop(tmp_path, laptop, desktop)
    assert "1 grid row updated, 1 kept as an earlier answer" in out, out
    assert texts(laptop, grid, column) == ["row 1", "desktop's words", "row 3"]
    store = AnswerStore(laptop, read_only=True)
    (earlier,) = store.earlier_versions(grid.id)
    assert earlier.value[column] == "laptop's words", "the other edit is kept, to see and restore"
    status = run("status", "--db", str(laptop), cwd=tmp_path)
    assert "changed in another copy of the workbook at the same time" in status.stdout
    shown = run("export", "--format", "md", "--db", str(laptop), "-o", "-", cwd=tmp_path)
    assert "laptop's words" in shown.stdout, "exported too, under the earlier answers"


def test_a_row_deleted_on_one_side_and_untouched_on_the_other_stays_deleted(
        tmp_path: Path, two_copies: tuple[Path, Path], grid: Exercise) -> None:
    laptop, desktop = two_copies
    column = grid.columns[0].id
    with writing(desktop, DAY + timedelta(hours=1)) as store:
        change(store, grid, lambda rows: [rows[0], rows[2]])
    out = merge_desktop_into_laptop(tmp_path, laptop, desktop)
    assert "1 grid row deleted" in out, out
    assert texts(laptop, grid, column) == ["row 1", "row 3"]
    raw = laptop.read_text(encoding="utf-8")
    assert "row 2" not in raw, "a deleted row's words are gone from the file"
    assert f'"id":"{grid.id}/row-2"' in raw, "its tombstone keeps its id and time"
    # And the other way round: the laptop's untouched row does not bring it back.
    again = merge_desktop_into_laptop(tmp_path, desktop, laptop)
    assert texts(desktop, grid, column) == ["row 1", "row 3"], again


def test_a_row_added_on_each_side_keeps_both_after_the_shared_ones(
        tmp_path: Path, two_copies: tuple[Path, Path], grid: Exercise) -> None:
    laptop, desktop = two_copies
    column = grid.columns[0].id
    with writing(laptop, DAY + timedelta(hours=1)) as store:
        change(store, grid, lambda rows: [*rows, {"id": "laptop-row", column: "on the train"}])
    with writing(desktop, DAY + timedelta(hours=1)) as store:
        change(store, grid, lambda rows: [*rows, {"id": "desktop-row", column: "at my desk"}])
    out = merge_desktop_into_laptop(tmp_path, laptop, desktop)
    assert "1 grid row added" in out, out
    rows = texts(laptop, grid, column)
    assert rows[:3] == ["row 1", "row 2", "row 3"], "the shared rows keep their order"
    assert sorted(rows[3:]) == ["at my desk", "on the train"]
    # The desktop, merging the laptop, ends with the very same order.
    merge_desktop_into_laptop(tmp_path, desktop, laptop)
    assert texts(desktop, grid, column) == rows


def test_a_row_moved_on_one_side_and_edited_on_the_other_is_moved_and_edited(
        tmp_path: Path, two_copies: tuple[Path, Path], grid: Exercise) -> None:
    laptop, desktop = two_copies
    column = grid.columns[0].id
    with writing(laptop, DAY + timedelta(hours=1)) as store:
        change(store, grid, lambda rows: [rows[2], rows[0], rows[1]])  # row 3 to the top
    with writing(desktop, DAY + timedelta(hours=1)) as store:
        change(store, grid, lambda rows: [rows[0], {**rows[1], column: "row 2, written on"},
                                          rows[2]])
    merge_desktop_into_laptop(tmp_path, laptop, desktop)
    assert texts(laptop, grid, column) == ["row 3", "row 1", "row 2, written on"]


def test_a_journal_entry_edited_on_one_side_and_deleted_later_on_the_other_stays_deleted(
        tmp_path: Path, two_copies: tuple[Path, Path], journal: Exercise) -> None:
    laptop, desktop = two_copies
    with writing(laptop, DAY + timedelta(hours=1)) as store:
        edited = (DAY + timedelta(hours=1)).isoformat(timespec="seconds")
        change(store, journal, lambda entries: [
            {**entries[0], "text": "entry 1, and what came after", "updated": edited},
            entries[1]])
    with writing(desktop, DAY + timedelta(hours=2)) as store:  # deleted later
        change(store, journal, lambda entries: [entries[1]])
    out = merge_desktop_into_laptop(tmp_path, laptop, desktop)
    assert "1 journal entry deleted" in out, out
    assert texts(laptop, journal, "text") == ["entry 2"]
    assert "what came after" not in laptop.read_text(encoding="utf-8")
    before = json.loads(list_backups(laptop)[0].path.read_text(encoding="utf-8"))
    assert "what came after" in json.dumps(before), "the backup taken first still has it"


def test_merging_the_same_backup_twice_changes_nothing_the_second_time(
        tmp_path: Path, two_copies: tuple[Path, Path], grid: Exercise) -> None:
    laptop, desktop = two_copies
    column = grid.columns[0].id
    on_both_sides(two_copies, grid,
                  lambda rows: [rows[0], {**rows[1], column: "laptop's"}, rows[2]],
                  lambda rows: [{**rows[0], column: "desktop's"}, rows[1]])
    backup = export(desktop, tmp_path / "desktop.json", tmp_path)
    first = run("import", str(backup), "--merge", "--db", str(laptop), cwd=tmp_path)
    assert first.returncode == 0, first.stderr
    assert "1 grid row updated, 1 deleted" in first.stdout, first.stdout
    after_first = laptop.read_bytes()
    backups = len(list_backups(laptop))
    second = run("import", str(backup), "--merge", "--db", str(laptop), cwd=tmp_path)
    assert second.returncode == 0, second.stderr
    assert "Nothing new" in second.stdout, second.stdout
    assert laptop.read_bytes() == after_first, "not a byte changed"
    assert len(list_backups(laptop)) == backups, "and no backup was needed"


def test_old_copies_of_one_workbook_merge_as_one(tmp_path: Path) -> None:
    """Two copies of one schema 2 workbook, changed apart after the upgrade: rows that
    had no ids get the same ones on both, so nothing is doubled."""
    fixture = REPO / "tests" / "data" / "old-schemas" / "schema-2.json"
    laptop = tmp_path / "laptop" / "workbook.json"
    desktop = tmp_path / "desktop" / "workbook.json"
    for copy in (laptop, desktop):
        copy.parent.mkdir()
        copy.write_bytes(fixture.read_bytes())
    with writing(laptop, DAY) as store:
        rows = store.get("grieve-losses")
        store.set("grieve-losses", [rows[0], {**rows[1], "loss": "the future, rewritten"}],
                  kind="grid", before=rows)
    with writing(desktop, DAY) as store:
        items = store.get("reflect-patterns")
        store.set("reflect-patterns", items[1:], kind="list", before=items)
    out = merge_desktop_into_laptop(tmp_path, laptop, desktop)
    assert "1 list item deleted" in out, out
    store = AnswerStore(laptop, read_only=True)
    assert [r["loss"] for r in store.get("grieve-losses")] == [
        "our Sunday mornings", "the future, rewritten"]
    assert [i["text"] for i in store.get("reflect-patterns")] == [
        "I say yes when I mean no", "I ignore early doubts"]
    assert store.all_earlier_versions() == []


def squeeze(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def test_help_readme_and_report_say_the_same(tmp_path: Path) -> None:
    helped = run("import", "--help", cwd=tmp_path)
    assert squeeze(IN_A_SENTENCE) in squeeze(helped.stdout)
    readme = squeeze((REPO / "README.md").read_text(encoding="utf-8"))
    assert squeeze(IN_A_SENTENCE) in readme
    assert "3 entries added, 1 updated, 1 deleted, 1 kept as an earlier answer" in readme
    from workbook.core.merge import MergeReport

    report = MergeReport()
    for verb, number in (("added", 3), ("updated", 1), ("deleted", 1),
                         ("kept as an earlier answer", 1)):
        report.count(("entry", "entries"), verb, number)
    assert report.lines() == ["3 entries added, 1 updated, 1 deleted, 1 kept as an earlier answer"]


def test_two_workbooks_written_apart_merge_every_kind_entry_by_entry(
        tmp_path: Path, workbook: Workbook) -> None:
    """Not copies of one: a journal, check-ins, list items and grid rows each side wrote."""
    journal = first_of_kind(workbook, "journal").id
    checkin = first_of_kind(workbook, "checkin").id
    items = first_of_kind(workbook, "list").id
    grid = first_of_kind(workbook, "grid")
    column = grid.columns[0].id

    def entry(entry_id: str, text: str, when: str) -> dict[str, str]:
        return {"id": entry_id, "created": f"2026-11-0{when}", "updated": f"2026-11-0{when}",
                "text": text}

    def write_db(db: Path, answers: dict[str, Any]) -> Path:
        store = AnswerStore(db)
        store.replace_all(answers)  # as an old backup's answers are read
        store.set_setting("welcomed", True)
        store.save()
        store.close()
        return db

    common = [entry("e1", "the first night", "1T22:00:00+00:00"),
              entry("e2", "a walk", "2T22:00:00+00:00")]
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
    desktop = write_db(tmp_path / "desktop" / "workbook.json", {
        journal: {"updated": "2026-11-03T10:00:00+00:00", "value": [
            *common, entry("e4", "at my desk", "3T10:00:00+00:00")]},
        items: {"updated": "2026-11-03T09:00:00+00:00", "value": ["tea", "music"]},
        grid.id: {"updated": "2026-11-03T09:00:00+00:00", "value": [{column: "our friends"}]},
    })
    merged = run("import", str(laptop), "--merge", "--db", str(desktop), cwd=tmp_path)
    assert merged.returncode == 0, merged.stderr
    out = merged.stdout
    assert "1 journal entry added, 1 updated, 1 kept as an earlier answer" in out, out
    assert "1 check-in added" in out and "1 list item added" in out, out
    assert "1 grid row added" in out, out
    store = AnswerStore(desktop, read_only=True)
    texts = {e["id"]: e["text"] for e in store.get(journal)}
    assert texts == {"e1": "the first night, and what came after", "e2": "a walk",
                     "e3": "on the train", "e4": "at my desk"}, "nothing from either side lost"
    assert [e["id"] for e in store.get(journal)] == ["e1", "e2", "e4", "e3"], "in time order"
    # Each side wrote e1 without seeing the other's: the older words are kept aside.
    assert [e.value["text"] for e in store.earlier_versions(journal)] == ["the first night"]
    assert sorted(i["text"] for i in store.get(items)) == ["music", "swimming", "tea"]
    assert store.get(items)[0]["text"] == "tea", "the item both had first is one, and first"
    assert sorted(r[column] for r in store.get(grid.id)) == ["our friends", "the flat"]
    assert [c["id"] for c in store.get(checkin)] == ["c1"]
    again = run("import", str(laptop), "--merge", "--db", str(desktop), cwd=tmp_path)
    assert "Nothing new" in again.stdout, again.stdout
