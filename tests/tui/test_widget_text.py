"""Short labelled answers (kind `text`): typed, kept, shown again after a restart."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Input

from tests.conftest import first_of_kind
from tests.pilot import open_exercise
from tests.widget_story import shown, with_answer
from workbook.tui.widgets.text_answers import TextAnswers


async def test_answers_typed_in_each_field_are_there_after_a_restart(app_at, workbook) -> None:
    exercise = first_of_kind(workbook, "text")
    first, second = exercise.fields[0], exercise.fields[1]
    async with app_at(exercise=exercise) as (app, pilot, widget):
        assert app.focused is widget.query_one(f"#field-{first.id}", Input)
        await pilot.press(*"I keep checking my phone")
        await pilot.press("tab")
        assert app.focused is widget.query_one(f"#field-{second.id}", Input)
        await pilot.press(*"an early night")
        screen = await shown(pilot, widget)
        assert first.label in screen and "I keep checking my phone" in screen
        assert "an early night" in screen
        await pilot.press("ctrl+q")

    expected = {first.id: "I keep checking my phone", second.id: "an early night"}
    async with app_at(exercise=exercise) as (app, pilot, widget):
        assert widget.query_one(f"#field-{first.id}", Input).value == expected[first.id]
        assert widget.query_one(f"#field-{second.id}", Input).value == expected[second.id]
        assert app.store.get(exercise.id) == expected
        await pilot.press("ctrl+q")


async def test_unanswered_fields_show_their_placeholders_and_store_nothing(
    app_at, workbook
) -> None:
    exercise = first_of_kind(workbook, "text")
    async with app_at(exercise=exercise) as (app, pilot, widget):
        for field in exercise.fields:
            field_input = widget.query_one(f"#field-{field.id}", Input)
            assert field_input.value == "" and field_input.placeholder == field.placeholder
        await pilot.press("ctrl+q")
    async with app_at() as (app, pilot, _):
        assert app.store.get(exercise.id) is None
        await pilot.press("ctrl+q")


async def test_clearing_a_field_keeps_the_other_answer(app_at, db: Path, workbook) -> None:
    exercise = first_of_kind(workbook, "text")
    first, second = exercise.fields[0], exercise.fields[1]
    with_answer(db, exercise.id, {first.id: "tired", second.id: "rest"})
    async with app_at() as (app, pilot, _):
        await open_exercise(pilot, exercise)
        await pilot.press(*["backspace"] * len("tired"))
        await pilot.press("ctrl+q")
    async with app_at() as (app, pilot, _):
        assert app.store.get(exercise.id) == {first.id: "", second.id: "rest"}
        await pilot.press("ctrl+q")


async def test_read_only_shows_the_answers_but_typing_changes_nothing(
    app_at, db: Path, workbook
) -> None:
    exercise = first_of_kind(workbook, "text")
    first = exercise.fields[0]
    with_answer(db, exercise.id, {first.id: "still here"})
    async with app_at(exercise=exercise, read_only=True) as (app, pilot, widget):
        field_input = widget.query_one(f"#field-{first.id}", Input)
        assert field_input.disabled and field_input.value == "still here"
        await pilot.press(*"xyz")
        assert field_input.value == "still here"
        assert app.store.get(exercise.id) == {first.id: "still here"}
        await pilot.press("ctrl+q")


async def test_a_malformed_saved_value_opens_as_unanswered(app_at, db: Path, workbook) -> None:
    exercise = first_of_kind(workbook, "text")
    with_answer(db, exercise.id, ["not", "a", "dict"])
    async with app_at(exercise=exercise) as (app, pilot, widget):
        assert isinstance(widget, TextAnswers)
        assert all(i.value == "" for i in widget.query(Input))
        await pilot.press(*"fresh start")
        assert app.store.get(exercise.id) == {exercise.fields[0].id: "fresh start"}
        await pilot.press("ctrl+q")


async def test_tabbing_back_into_an_answer_adds_to_it_rather_than_replacing_it(
    app_at, db, workbook
) -> None:
    """Focus must not select what was typed: the next key would wipe it."""
    from tests.conftest import first_of_kind
    from tests.pilot import open_exercise
    from tests.widget_story import with_answer

    exercise = first_of_kind(workbook, "text")
    first = exercise.fields[0].id
    with_answer(db, exercise.id, {first: "I miss"})
    async with app_at() as (app, pilot, _):
        await open_exercise(pilot, exercise)
        await pilot.press(*" the mornings")
        await pilot.pause()
        assert app.store.get(exercise.id)[first] == "I miss the mornings"
        await pilot.press("ctrl+q")


async def test_a_null_field_opens_empty_never_as_the_word_none(app_at, db: Path, workbook) -> None:
    """Issue 10: a field stored as null (a hand-edited or imported file) is just empty."""
    exercise = first_of_kind(workbook, "text")
    first, second = exercise.fields[0].id, exercise.fields[1].id
    with_answer(db, exercise.id, {first: None, second: "kept"})
    async with app_at(exercise=exercise) as (app, pilot, widget):
        assert widget.query_one(f"#field-{first}", Input).value == ""
        assert widget.query_one(f"#field-{second}", Input).value == "kept"
        assert "None" not in await shown(pilot, widget)
        await pilot.press("ctrl+q")
