"""What a widget's change does to the document: only what the person touched changes.

A widget posts its whole new value and the value it had before. Entries it
did not touch are left alone, even when another copy's changes were merged in
meanwhile (another writer, sync): a stale widget never deletes what it never
saw, never brings back what was deleted elsewhere, and an edit made to words
that changed elsewhere keeps the other words as an earlier answer.
"""

from __future__ import annotations

from workbook.core.entries import AS_ROWS, AS_WHOLE
from workbook.core.merge import merge
from workbook.core.storage.document import Document

T0, T1, T2, T3 = (f"2026-11-02T2{n}:00:00+00:00" for n in range(4))


def copies() -> tuple[Document, Document]:
    """Two copies of one workbook: a grid of two rows and a letter."""
    first = Document("one")
    first.write("grid", "grid", AS_ROWS, [{"id": "a", "c": "row a"}, {"id": "b", "c": "row b"}], T0)
    first.write("letter", "letter", AS_WHOLE, {"body": "Dear you"}, T0)
    second = Document("two")
    second.adopt(first.replica())
    return first, second


def test_rows_a_stale_widget_never_saw_are_left_alone() -> None:
    here, elsewhere = copies()
    widget_had = here.value("grid")
    elsewhere.write("grid", "grid", AS_ROWS, [*elsewhere.value("grid"), {"id": "c", "c": "row c"}],
                    T1)
    here.adopt(merge(here.replica(), elsewhere.replica()))
    # The widget, still showing two rows, edits row b.
    here.write("grid", "grid", AS_ROWS, [widget_had[0], {**widget_had[1], "c": "row b!"}], T2,
               before=widget_had)
    assert [row["c"] for row in here.value("grid")] == ["row a", "row b!", "row c"]


def test_a_row_deleted_elsewhere_is_not_brought_back_by_a_stale_widget() -> None:
    here, elsewhere = copies()
    widget_had = here.value("grid")
    elsewhere.write("grid", "grid", AS_ROWS, elsewhere.value("grid")[1:], T1)  # row a deleted
    here.adopt(merge(here.replica(), elsewhere.replica()))
    here.write("grid", "grid", AS_ROWS, [widget_had[0], {**widget_had[1], "c": "row b!"}], T2,
               before=widget_had)
    assert [row["c"] for row in here.value("grid")] == ["row b!"]


def test_an_edit_to_words_changed_elsewhere_keeps_the_other_words() -> None:
    here, elsewhere = copies()
    widget_had = here.value("letter")
    elsewhere.write("letter", "letter", AS_WHOLE, {"body": "Dear you, from the laptop"}, T1)
    here.adopt(merge(here.replica(), elsewhere.replica()))
    assert here.value("letter") == {"body": "Dear you, from the laptop"}  # it had seen ours
    here.write("letter", "letter", AS_WHOLE, {"body": "Dear you, at my desk"}, T2,
               before=widget_had)
    assert here.value("letter") == {"body": "Dear you, at my desk"}
    assert [e.value for e in here.earlier_versions("letter")] == [
        {"body": "Dear you, from the laptop"}], "not silently dropped"


def test_an_edit_to_what_is_shown_replaces_it() -> None:
    here, _ = copies()
    shown = here.value("letter")
    here.write("letter", "letter", AS_WHOLE, {"body": "Dear you, again"}, T1, before=shown)
    here.write("letter", "letter", AS_WHOLE, {"body": "Dear you, again and again"}, T2,
               before=here.value("letter"))
    assert here.earlier_versions("letter") == [] and len(here.versions) == 3


def test_a_later_edit_brings_a_deleted_row_back_with_its_words() -> None:
    here, elsewhere = copies()
    rows = elsewhere.value("grid")
    elsewhere.write("grid", "grid", AS_ROWS, rows[1:], T1)
    here.adopt(merge(here.replica(), elsewhere.replica()))
    widget_had = [{"id": "a", "c": "row a"}, {"id": "b", "c": "row b"}]
    here.write("grid", "grid", AS_ROWS, [{"id": "a", "c": "row a, kept"}, widget_had[1]], T3,
               before=widget_had)
    assert [row["c"] for row in here.value("grid")] == ["row a, kept", "row b"]
    assert "grid/a" in here.tombstones, "the deletion is remembered; the later edit wins"
