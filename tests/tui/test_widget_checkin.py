"""Feelings check-ins (kind `checkin`): picked, rated, saved with a time, repeated, listed."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from textual.widgets import Button, Checkbox, Input

from tests.conftest import first_of_kind
from tests.pilot import burst, open_exercise
from tests.widget_story import shown, with_answer
from workbook.tui.widgets.feelings_checkin import FeelingsCheckin, IntensityPicker


async def tab_to(pilot, widget) -> None:
    """Press tab until `widget` has the focus, as a person would."""
    for _ in range(60):
        if pilot.app.focused is widget:
            return
        await pilot.press("tab")
    raise AssertionError(f"tab never reached {widget!r}")


async def test_two_check_ins_are_kept_dated_and_listed_newest_first(app_at, workbook) -> None:
    exercise = first_of_kind(workbook, "checkin")
    first, second = exercise.emotions[0], exercise.emotions[1]
    async with app_at(exercise=exercise) as (app, pilot, widget):
        boxes = list(widget.query(Checkbox))
        assert app.focused is boxes[0], "focus_first lands on the first feeling"

        # First check-in: the first feeling, made stronger, with a note.
        await pilot.press("space")
        picker = widget.query_one(IntensityPicker)
        assert picker.feeling == first and picker.intensity == 5
        await tab_to(pilot, picker)
        await pilot.press("right", "right", "right")
        assert picker.intensity == 8
        await tab_to(pilot, widget.query_one("#note", Input))
        await pilot.press(*"rough night")
        await tab_to(pilot, widget.query_one("#save", Button))
        await pilot.press("enter")
        await pilot.pause()
        assert app.focused is boxes[0], "a fresh draft starts at the first feeling again"
        assert not any(box.value for box in widget.query(Checkbox))

        # Second check-in: the second feeling plus their own word, set with digits.
        await pilot.press("right", "space")  # the arrows move between the feelings
        await tab_to(pilot, widget.query_one("#own", Input))
        await pilot.press(*"heartbroken", "enter")
        pickers = list(widget.query(IntensityPicker))
        assert [p.feeling for p in pickers] == [second, "heartbroken"]
        await tab_to(pilot, pickers[0])
        await pilot.press("3", "tab", "9")
        assert [p.intensity for p in pickers] == [3, 9]
        await tab_to(pilot, widget.query_one("#save", Button))
        await pilot.press("enter")
        await pilot.pause()

        screen = await shown(pilot, widget.query_one("#history"))
        assert "Earlier check-ins (2)" in screen
        newest = f"· {second} 3, heartbroken 9"
        oldest = f"· {first} 8 · “rough night”"
        assert newest in screen and oldest in screen
        assert screen.index(newest) < screen.index(oldest), "newest first"
        assert datetime.now().strftime("%a %d %b %Y") in screen, "each one is dated"
        await pilot.press("ctrl+q")

    async with app_at(exercise=exercise) as (app, pilot, widget):
        saved = app.store.get(exercise.id)
        assert [c["feelings"] for c in saved] == [
            [{"name": first, "intensity": 8}],
            [{"name": second, "intensity": 3}, {"name": "heartbroken", "intensity": 9}],
        ]
        assert [c["note"] for c in saved] == ["rough night", ""]
        for checkin in saved:
            stamp = datetime.fromisoformat(checkin["at"])
            assert stamp.utcoffset() is not None, "local time with its offset"
        assert saved[0]["at"] <= saved[1]["at"], "oldest first"
        screen = await shown(pilot, widget.query_one("#history"))
        assert f"· {second} 3, heartbroken 9" in screen
        assert all(c["id"] for c in saved) and saved[0]["id"] != saved[1]["id"]
        await pilot.press("ctrl+q")


async def test_own_words_typed_in_one_burst_keep_every_letter(app_at, workbook) -> None:
    exercise = first_of_kind(workbook, "checkin")
    async with app_at(exercise=exercise) as (app, pilot, widget):
        own = widget.query_one("#own", Input)
        await tab_to(pilot, own)
        # A paste or a laggy SSH link: every key is queued before the first is
        # handled. Enter must wait for the letters typed before it.
        await burst(pilot, *"heartbroken", "enter", *"wrung out", "enter")
        assert [p.feeling for p in widget.query(IntensityPicker)] == ["heartbroken", "wrung out"]
        assert own.value == ""
        await tab_to(pilot, widget.query_one("#save", Button))
        await pilot.press("enter")
        await pilot.pause()
        (checkin,) = app.store.get(exercise.id)
        assert [f["name"] for f in checkin["feelings"]] == ["heartbroken", "wrung out"]
        await pilot.press("ctrl+q")


async def test_nothing_ticked_saves_nothing_and_says_so_kindly(app_at, workbook) -> None:
    exercise = first_of_kind(workbook, "checkin")
    async with app_at(exercise=exercise) as (app, pilot, widget):
        await tab_to(pilot, widget.query_one("#save", Button))
        await pilot.press("enter")
        await pilot.pause()
        assert app.store.get(exercise.id) is None
        messages = [notification.message for notification in app._notifications]
        assert "Tick at least one feeling first, or write your own." in messages
        assert app.focused is widget.query(Checkbox).first(), "back to the feelings"
        await pilot.press("ctrl+q")


async def test_unticking_or_deleting_a_feeling_takes_it_out_of_the_draft(
    app_at, workbook
) -> None:
    exercise = first_of_kind(workbook, "checkin")
    async with app_at(exercise=exercise) as (app, pilot, widget):
        await pilot.press("space", "right", "space")
        assert len(widget.query(IntensityPicker)) == 2
        await pilot.press("space")  # untick the second
        await pilot.pause()
        pickers = list(widget.query(IntensityPicker))
        assert [p.feeling for p in pickers] == [exercise.emotions[0]]
        await tab_to(pilot, pickers[0])
        await pilot.press("delete")
        await pilot.pause()
        assert not widget.query(IntensityPicker)
        assert not widget.query(Checkbox).first().value
        await pilot.press("ctrl+q")


async def test_read_only_shows_earlier_check_ins_but_offers_no_editing(
    app_at, db: Path, workbook
) -> None:
    exercise = first_of_kind(workbook, "checkin")
    saved = [
        {
            "at": "2024-11-26T14:02:00+01:00",
            "feelings": [{"name": "sad", "intensity": 7}],
            "note": "",
        }
    ]
    with_answer(db, exercise.id, saved)
    async with app_at(exercise=exercise, read_only=True) as (app, pilot, widget):
        assert not widget.query(Checkbox) and not widget.query(Input)
        screen = await shown(pilot, widget)
        assert "Tue 26 Nov 2024 14:02 · sad 7" in screen
        assert app.store.get(exercise.id) == saved
        await pilot.press("ctrl+q")


async def test_a_malformed_saved_value_is_treated_as_no_check_ins(
    app_at, db: Path, workbook
) -> None:
    exercise = first_of_kind(workbook, "checkin")
    with_answer(db, exercise.id, {"sad": "very"})  # wrong type, from an old database
    async with app_at(exercise=exercise) as (app, pilot, widget):
        assert isinstance(widget, FeelingsCheckin)
        screen = await shown(pilot, widget)
        assert "No check-ins yet" in screen
        await pilot.press("space")
        await tab_to(pilot, widget.query_one("#save", Button))
        await pilot.press("enter")
        await pilot.pause()
        value = app.store.get(exercise.id)
        assert isinstance(value, list) and len(value) == 1
        await pilot.press("ctrl+q")


async def test_odd_entries_inside_the_list_are_skipped_not_fatal(
    app_at, db: Path, workbook
) -> None:
    exercise = first_of_kind(workbook, "checkin")
    good = {
        "at": "2024-11-26T14:02:00+01:00",
        "feelings": [{"name": "calm", "intensity": 2}],
        "note": "",
    }
    odd = [
        "sad",
        {"at": "yesterday", "feelings": "sad"},
        {"feelings": [{"name": "x", "intensity": "lots"}, 3]},
    ]
    with_answer(db, exercise.id, [*odd, good])
    async with app_at(exercise=exercise) as (app, pilot, widget):
        screen = await shown(pilot, widget.query_one("#history"))
        assert "Tue 26 Nov 2024 14:02 · calm 2" in screen
        await pilot.press("ctrl+q")


async def test_a_ticked_feeling_shows_by_shape_not_colour_alone(app_at, workbook) -> None:
    from tests.conftest import first_of_kind
    from workbook.tui.widgets.feelings_checkin import FeelingBox

    exercise = first_of_kind(workbook, "checkin")
    async with app_at(exercise=exercise) as (app, pilot, widget):
        boxes = list(widget.query(FeelingBox))
        boxes[0].focus()
        await pilot.press("space")
        await pilot.pause()
        ticked = boxes[0].render().plain
        unticked = boxes[1].render().plain
        assert "x" in ticked[:4] and "x" not in unticked[:4]
        await pilot.press("ctrl+q")


async def test_each_feeling_has_its_own_trend_line(app_at, db: Path, workbook) -> None:
    """Sad easing and hopeful growing both show, where an average would hide them."""
    exercise = first_of_kind(workbook, "checkin")
    checkins = [
        {"at": f"2026-11-0{day}T21:00:00+00:00", "note": "",
         "feelings": [{"name": "sad", "intensity": sad}, {"name": "hopeful", "intensity": 10 - sad}]}
        for day, sad in ((1, 9), (3, 6), (5, 2))
    ] + [{"at": "2026-11-06T21:00:00+00:00", "note": "", "feelings": [{"name": "Sad", "intensity": 0}]}]
    with_answer(db, exercise.id, checkins)
    async with app_at(exercise=exercise) as (app, pilot, widget):
        screen = await shown(pilot, widget.query_one("#history"))
        assert "Each feeling over time" in screen
        assert "sad     ▇▅▂▁  first 9, latest 0" in screen, "Sad and sad are one feeling"
        assert "hopeful ▂▄▇  first 1, latest 8" in screen
        assert "Average" not in screen
        await pilot.press("ctrl+q")


async def test_the_unsaved_check_in_is_a_draft_until_saved_then_the_dated_entry(
    app_at, db: Path, workbook
) -> None:
    """Ticks, strengths, own words and the note are kept as typed; saving moves them."""
    exercise = first_of_kind(workbook, "checkin")
    first = exercise.emotions[0]
    async with app_at(exercise=exercise) as (app, pilot, widget):
        await pilot.press("space")
        await tab_to(pilot, widget.query_one("#own", Input))
        await pilot.press(*"hollow", "enter")
        await tab_to(pilot, widget.query(IntensityPicker).last())
        await pilot.press("2")
        await tab_to(pilot, widget.query_one("#note", Input))
        await pilot.press(*"so tired")
        await pilot.press("escape", "escape")  # home, without saving the check-in
        await pilot.pause()
        assert app.store.get(exercise.id) is None
        widget = await open_exercise(pilot, exercise)
        assert [(p.feeling, p.intensity) for p in widget.query(IntensityPicker)] == [
            (first, 5), ("hollow", 2)]
        assert widget.query_one("#note", Input).value == "so tired"
        assert [b.name for b in widget.query(Checkbox) if b.value] == [first, "hollow"]
        await pilot.press("ctrl+q")
    # The draft reached the disk with the same autosave as every answer.
    from workbook.core.storage import AnswerStore

    assert AnswerStore(db, read_only=True).draft(exercise.id)["note"] == "so tired"

    async with app_at(exercise=exercise) as (app, pilot, widget):
        assert widget.query_one("#note", Input).value == "so tired"
        await widget.save_checkin()
        await pilot.pause()
        saved = app.store.get(exercise.id)
        assert [c["note"] for c in saved] == ["so tired"]
        assert saved[0]["feelings"] == [{"name": first, "intensity": 5},
                                        {"name": "hollow", "intensity": 2}]
        assert app.store.draft(exercise.id) is None, "the draft became the entry"
        assert not widget.query(IntensityPicker)
        await pilot.press("ctrl+q")
