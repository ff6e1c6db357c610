"""The per-kind rules table: every kind has all its parts, and each rule says what a person would."""

from __future__ import annotations

import pytest

from tests.conftest import CONTENT
from workbook.core.answer_rules import RULES, entry_names, fits, is_answered, where
from workbook.core.content import load_workbook
from workbook.core.content.kinds import KINDS
from workbook.core.export.markdown import ANSWER
from workbook.tui.widgets import WIDGET_CLASSES

WORKBOOK = load_workbook(CONTENT)


def first(kind: str):
    return next(ex for ex in WORKBOOK.exercises if ex.kind == kind)


def test_every_kind_has_rules_a_widget_and_an_export():
    assert set(RULES) == set(KINDS)
    assert set(WIDGET_CLASSES) == set(KINDS)
    assert set(ANSWER) == set(KINDS)


@pytest.mark.parametrize("kind", KINDS)
def test_nothing_typed_is_never_answered(kind):
    exercise = first(kind) if any(ex.kind == kind for ex in WORKBOOK.exercises) else None
    if exercise is None:
        pytest.skip(f"the shipped content has no {kind} exercise")
    assert not is_answered(exercise, None)
    empty = {"text": {}, "letter": {"body": "  "}, "grid": [{}], "checkin": [],
             "scale": [], "choice": {}, "checklist": {}, "journal": [{"text": ""}],
             "list": ["", " "], "plan": {}}[kind]
    assert fits(kind, empty)
    assert not is_answered(exercise, empty)


def test_words_count_as_answered_in_each_shape():
    assert is_answered(first("text"), {first("text").fields[0].id: "sad"})
    assert is_answered(first("letter"), {"body": "Dear me"})
    assert is_answered(first("grid"), [{"a": "", "b": "x"}])
    assert is_answered(first("journal"), [{"text": "today"}])
    assert is_answered(first("list"), ["walk"])
    assert is_answered(first("choice"), {"selected": ["x"]})
    assert is_answered(first("checklist"), {"own": [{"label": "x", "checked": True}]})
    assert is_answered(first("checkin"), [{"feelings": {"sad": 3}}])


def test_shapes_refuse_an_answer_from_another_kind():
    assert not fits("grid", {"body": "a letter"})
    assert not fits("scale", True)  # a bool is an int to Python, never a rating
    assert fits("scale", 7)  # a bare number, from before histories
    assert fits("unknown-kind", object())


def test_merge_names_an_entry_in_plain_words():
    assert entry_names("journal") == ("journal entry", "journal entries")
    assert entry_names("grid") == ("grid row", "grid rows")
    assert entry_names("letter") == ("answer", "answers")


def test_search_says_where_a_match_sits():
    grid = first("grid")
    column = grid.columns[1]
    assert where(grid, [{}, {}], (1, column.id)) == f"row 2 · {column.label}"
    assert where(first("list"), ["a", "b"], (1,)) == "item 2"
    assert where(first("letter"), {}, ("to",)) == "to"
    journal = first("journal")
    assert where(journal, [{"text": "x", "created": "2026-03-01T10:00:00"}], (0, "text")).startswith("entry of ")
