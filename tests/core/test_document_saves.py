"""The schema 3 file: saves write only what changed, a value that cannot be written
never costs the rest, and a damaged file is refused in one plain line."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest

from tests.storage_helpers import folder_state, journal, workbook_cmd
from workbook.core.storage import AnswerStore, BadDatabase
from workbook.core.storage.document import Encoding, encode_tables
from workbook.core.storage.store import NotSaveable


def test_a_save_encodes_only_the_entries_that_changed(tmp_path: Path) -> None:
    db = tmp_path / "workbook.json"
    store = AnswerStore(db)
    store.set("journal", journal(200), kind="journal")
    store.save()
    store.close()
    store = AnswerStore(db)  # every line read from the file, none encoded again
    before = store.get("journal")
    changed = [*before[:-1], {**before[-1], "text": "entry 199, written on"}]
    store.set("journal", changed, kind="journal", before=before)
    result = Encoding()
    encode_tables(store.document, store.document.snapshot(), result)
    assert sorted(type(doc).__name__ for doc, _ in result.encoded) == ["Header", "Version"]
    store.save()
    store.close()
    lines = db.read_text(encoding="utf-8").splitlines()
    assert sum('"entry 199, written on"' in line for line in lines) == 1
    assert all(line.startswith(("{", "}", '"')) for line in lines), "one document a line"
    assert AnswerStore(db, read_only=True).get("journal")[-1]["text"] == "entry 199, written on"


def test_an_unchanged_workbook_is_written_back_byte_for_byte(tmp_path: Path) -> None:
    db = tmp_path / "workbook.json"
    store = AnswerStore(db)
    store.set("journal", journal(50), kind="journal")
    store.set("letter", {"to": "you", "body": "café, naïve, 💔"}, kind="letter")
    store.save()
    store.close()
    first = db.read_bytes()
    store = AnswerStore(db)
    store.set_setting("theme", "textual-dark")  # a change outside the entries
    store.save()
    store.close()
    entries = [line for line in db.read_bytes().splitlines() if b'"clock"' in line]
    assert entries == [line for line in first.splitlines() if b'"clock"' in line]


@pytest.mark.parametrize("bad, reason", [
    ({"a set"}, "cannot be written as text"),
    (math.nan, "not a number"),
    (object(), "cannot be written as text"),
])
def test_a_value_that_cannot_be_written_costs_nothing_else(tmp_path: Path, bad, reason) -> None:
    db = tmp_path / "workbook.json"
    store = AnswerStore(db)
    store.set("letter", {"to": "you", "body": "the words before"}, kind="letter")
    store.save()
    store.set("letter", {"to": "you", "body": bad}, kind="letter")
    store.set("other", {"now": "saved anyway"}, kind="text")
    with pytest.raises(NotSaveable) as refused:
        store.save()
    assert refused.value.exercises == ["letter"] and reason in str(refused.value)
    assert store.dirty, "it is tried again at the next save"
    assert store.get("letter")["body"] is bad, "kept in memory"
    on_disk = AnswerStore(db, read_only=True)
    assert on_disk.get("other") == {"now": "saved anyway"}
    assert on_disk.get("letter") == {"to": "you", "body": "the words before"}, (
        "the last saved version stays on disk")
    store.set("letter", {"to": "you", "body": "the words after"}, kind="letter")
    assert store.save() and not store.dirty
    assert AnswerStore(db, read_only=True).get("letter")["body"] == "the words after"


def test_a_value_nested_too_deep_to_read_back_is_not_written(tmp_path: Path) -> None:
    db = tmp_path / "workbook.json"
    store = AnswerStore(db)
    deep: list = []
    for _ in range(60):
        deep = [deep]
    store.set("x", {"now": deep})
    with pytest.raises(NotSaveable, match="nested more than"):
        store.save()
    assert AnswerStore(db, read_only=True).get("x") is None


def damaged(db: Path, change) -> bytes:
    store = AnswerStore(db)
    store.set("grid", [{"id": "r1", "a": "row one"}], kind="grid")
    store.save()
    store.close()
    data = json.loads(db.read_text(encoding="utf-8"))
    change(data)
    db.write_text(json.dumps(data), encoding="utf-8")
    return db.read_bytes()


@pytest.mark.parametrize("change, words", [
    (lambda d: d["entries"]["1"].pop("id"), 'entry 1 in "entries" has no "id"'),
    (lambda d: d["entries"]["1"].update(exercise=7), 'entry 1 in "entries" has no "exercise"'),
    (lambda d: d["entries"]["1"].pop("value"), 'entry 1 in "entries" has no "value"'),
    (lambda d: d["answers"]["1"].pop("exercise"), 'answer 1 in "answers" has no "exercise"'),
    (lambda d: d.update(tombstones={"1": {"deleted": "now"}}),
     'tombstone 1 in "tombstones" has no "id"'),
    (lambda d: d["meta"]["1"].update(schema=4), "newer Heartbreak Workbook (schema 4"),
])
def test_a_damaged_file_is_refused_in_one_line_and_left_alone(tmp_path: Path, change,
                                                              words: str) -> None:
    db = tmp_path / "data" / "workbook.json"
    before = damaged(db, change)
    with pytest.raises(BadDatabase) as refused:
        AnswerStore(db)
    assert words in str(refused.value)
    state = folder_state(tmp_path / "data")
    result = workbook_cmd("status", "--db", str(db))
    assert result.returncode == 1 and words in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.stderr
    assert db.read_bytes() == before and folder_state(tmp_path / "data") == state


@pytest.mark.parametrize("change", [
    lambda d: d["entries"]["1"].update(clock={"not": "a clock"}),
    lambda d: d["entries"]["1"].update(pos=12, updated=None),
    lambda d: d["answers"]["1"].update(kind=["odd"]),
])
def test_odd_bookkeeping_is_read_as_none_and_the_words_open(tmp_path: Path, change) -> None:
    db = tmp_path / "data" / "workbook.json"
    damaged(db, change)
    assert AnswerStore(db, read_only=True).get("grid") == [{"id": "r1", "a": "row one"}]


@pytest.mark.parametrize("read_only", [True, False])
@pytest.mark.parametrize("depth", [62, 5000])
def test_a_value_nested_too_deep_in_a_file_of_our_own_layout_is_refused_plainly(
        tmp_path: Path, depth: int, read_only: bool) -> None:
    """The quick depth check (a level at a time) refuses what the full walk refused."""
    db = tmp_path / "workbook.json"
    store = AnswerStore(db)
    store.set("journal", journal(3), kind="journal")
    store.save()
    store.close()
    text = db.read_text(encoding="utf-8")
    assert '"text":"entry 1"' in text
    db.write_text(text.replace('"text":"entry 1"', '"text":' + "[" * depth + "]" * depth),
                  encoding="utf-8")
    with pytest.raises(BadDatabase, match="nested more than 64 levels"):
        AnswerStore(db, read_only=read_only)


@pytest.mark.parametrize("old, new, words", [
    (b'"value":', b'"valve":', 'entry 1 in "entries" has no "value"'),
    (b'"exercise":', b'"exercize":', 'entry 1 in "entries" has no "exercise"'),
    (b'"schema":3', b'"schema":4', "newer Heartbreak Workbook (schema 4"),
])
def test_a_damaged_file_of_our_own_layout_is_refused_in_one_line_and_left_alone(
        tmp_path: Path, old: bytes, new: bytes, words: str) -> None:
    """Read a line at a time (its entries made as they are read), a damaged one is
    refused as plainly as any other, the file untouched."""
    db = tmp_path / "data" / "workbook.json"
    store = AnswerStore(db)
    store.set("grid", [{"id": "r1", "a": "row one"}], kind="grid")
    store.save()
    store.close()
    raw = db.read_bytes()
    table = raw.index(b'"meta":' if b"schema" in old else b'"entries":')
    at = raw.index(old, table)
    before = raw[:at] + new + raw[at + len(old):]
    db.write_bytes(before)
    with pytest.raises(BadDatabase) as refused:
        AnswerStore(db)
    assert words in str(refused.value)
    assert db.read_bytes() == before
