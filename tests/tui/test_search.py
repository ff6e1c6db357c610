"""Search: every kind of answer is found as you type, and enter opens the right field."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from textual.widgets import Input, OptionList, TextArea

from tests.conftest import step_number_of
from tests.pilot import app_for, from_palette, screen_text
from tests.widget_story import with_answers
from workbook.core.content import Exercise, Workbook
from workbook.core.search import SearchIndex, fold, snippet
from workbook.tui.screens.search import SearchScreen
from workbook.tui.screens.step import StepScreen


def first(workbook: Workbook, kind: str, **wanted: Any) -> Exercise:
    return next(ex for ex in workbook.exercises
                if ex.kind == kind and all(getattr(ex, k) == v for k, v in wanted.items()))


def answers_with(workbook: Workbook, word: str) -> dict[str, tuple[Exercise, Any]]:
    """An answer of every kind that holds text, each with `word` + its kind in one place."""
    text, grid = first(workbook, "text"), first(workbook, "grid")
    return {
        "text": (text, {text.fields[-1].id: f"Before that, {word}text was all I had"}),
        "letter": (first(workbook, "letter"),
                   {"to": "You", "body": f"First line.\n\nSecond line, then {word}letter and more."}),
        "grid": (grid, [{c.id: "nothing here" for c in grid.columns},
                        {**{c.id: "" for c in grid.columns}, grid.columns[-1].id: f"a {word}grid cell"}]),
        "list": (first(workbook, "list"), ["one thing", f"another {word}list thing"]),
        "checklist": (first(workbook, "checklist", own=True),
                      {"checked": [], "own": [{"text": "mine", "checked": False},
                                              {"text": f"my {word}checklist item", "checked": True}]}),
        "choice": (first(workbook, "choice", other=True), {"selected": [], "other": f"{word}choice"}),
        "journal": (first(workbook, "journal"), [
            {"id": f"e{n}", "created": f"2026-11-0{n}T21:00:00+00:00",
             "updated": f"2026-11-0{n}T21:00:00+00:00",
             "text": f"Entry {n}." + (f"\n\nThe {word}journal day." if n == 2 else "")}
            for n in (1, 2, 3)]),
        "checkin": (first(workbook, "checkin"), [
            {"id": "c1", "at": "2026-11-02T21:00:00+00:00", "feelings": [{"name": "sad", "intensity": 6}],
             "note": f"a {word}checkin evening"}]),
    }


def test_every_kind_of_answer_is_found_with_its_step_exercise_and_snippet(workbook) -> None:
    seeded = answers_with(workbook, "quokka")
    index = SearchIndex(workbook, {ex.id: value for ex, value in seeded.values()})
    for kind, (exercise, _) in seeded.items():
        (hit,) = index.search(f"quokka{kind}")
        assert hit.field.exercise == exercise and hit.field.step == step_number_of(workbook, exercise)
        assert hit.snippet[hit.snippet_start:hit.snippet_end] == f"quokka{kind}"
        assert hit.field.text[hit.start:hit.end] == f"quokka{kind}"
    assert len(index.search("quokka")) == len(seeded)
    (row,) = index.search("quokkagrid")
    assert row.field.where == f"row 2 · {first(workbook, 'grid').columns[-1].label}"
    (entry,) = index.search("quokkajournal")
    assert entry.field.path == (1, "text") and entry.field.where.startswith("entry of Monday 2 November 2026")
    assert index.search("sad") == [], "the content's feeling names are not the person's words"
    assert index.search("   ") == []


def test_matching_ignores_case_and_accents_and_marks_the_original_letters(workbook) -> None:
    letter = first(workbook, "letter")
    body = "We met in Zürich. The CAFÉ on the corner; straße, ﬁnally."
    index = SearchIndex(workbook, {letter.id: {"to": "", "body": body}})
    for query, found in (("zurich", "Zürich"), ("café", "CAFÉ"), ("Cafe", "CAFÉ"),
                         ("STRASSE", "straße"), ("finally", "ﬁnally")):
        (hit,) = index.search(query)
        assert body[hit.start:hit.end] == found, query
        assert hit.snippet[hit.snippet_start:hit.snippet_end] == found
    assert fold("Ça Va, CAFÉ") == "ca va, cafe"


def test_a_snippet_is_one_line_around_the_match_and_shows_no_controls() -> None:
    text = "x" * 100 + "\r\nthe\x1b[31m word\nhere " + "y" * 100
    start = text.index("word")
    line, a, b = snippet(text, start, start + 4)
    assert line[a:b] == "word" and "\n" not in line and "\x1b" not in line
    assert line.startswith("…") and line.endswith("…") and len(line) <= 70


async def wait_for_results(pilot, screen: SearchScreen) -> None:
    results = screen.query_one("#search-results", OptionList)
    for _ in range(100):
        await pilot.pause(0.02)
        if screen.index is not None and results.option_count:
            return
    raise AssertionError("no results appeared")


@pytest.mark.parametrize("kind", ["text", "letter", "grid", "list", "checklist", "choice", "journal"])
async def test_enter_opens_the_step_with_the_found_field_focused(db: Path, workbook, kind: str) -> None:
    seeded = answers_with(workbook, "quokka")
    exercise, _ = seeded[kind]
    with_answers(db, {ex.id: value for ex, value in seeded.values()})
    app = app_for(db)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("ctrl+f")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, SearchScreen)
        await pilot.press(*f"quokka{kind}")
        await wait_for_results(pilot, screen)
        assert f"quokka{kind}" in screen_text(app) and exercise.title in screen_text(app)
        await pilot.press("enter")
        step = app.screen
        assert isinstance(step, StepScreen) and step.step.number == step_number_of(workbook, exercise)
        await step.settled.wait()
        for _ in range(50):
            await pilot.pause(0.02)
            if app.focused is not None and step.query_one(f"#exercise-{exercise.id}") in app.focused.ancestors:
                break
        focused = app.focused
        assert step.query_one(f"#exercise-{exercise.id}") in focused.ancestors
        if isinstance(focused, Input):
            assert focused.value[focused.selection.start:focused.selection.end] == f"quokka{kind}"
        elif isinstance(focused, TextArea):
            assert focused.selected_text == f"quokka{kind}"
        else:  # the checklist's own items are entries of its tick list
            assert f"quokka{kind}" in str(focused.highlighted_option.prompt)
        await pilot.pause()
        assert f"quokka{kind}" in screen_text(app), "the match is in view"


async def test_search_works_from_inside_a_letter_and_from_the_palette(db: Path, workbook) -> None:
    seeded = answers_with(workbook, "quokka")
    with_answers(db, {ex.id: value for ex, value in seeded.values()})
    app = app_for(db)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("1")
        step = app.screen
        await step.settled.wait()
        await pilot.press("ctrl+f")  # text fields bind ctrl+f too: search wins
        assert isinstance(app.screen, SearchScreen)
        await pilot.press("escape")
        assert app.screen is step
        await from_palette(pilot, "search")
        assert isinstance(app.screen, SearchScreen)
        await pilot.press(*"QUOKKACHECKIN")
        await wait_for_results(pilot, app.screen)
        await pilot.press("enter")
        await app.screen.settled.wait()
        await pilot.pause(0.1)
        assert "quokkacheckin" in screen_text(app), "the check-in's note is in view"


async def test_no_match_says_so_kindly(db: Path, workbook) -> None:
    with_answers(db, {})
    app = app_for(db)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("ctrl+f")
        await pilot.press(*"nowhere")
        for _ in range(100):
            await pilot.pause(0.02)
            if "Nothing found" in screen_text(app):
                break
        assert "Nothing found for “nowhere”" in screen_text(app)
