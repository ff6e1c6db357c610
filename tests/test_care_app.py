"""Safe for every reader, in the app: notes, the urgent panel, the helplines, the safety plan,
and progress without pressure (pilot tests over the real content)."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Input, Static

from tests.conftest import welcomed
from tests.pilot import app_for, open_exercise, screen_text
from tests.widget_story import shown, with_answer
from workbook.content.numbers import digits, known_numbers, phone_like
from workbook.screens.need_help import NeedHelpScreen
from workbook.widgets.exercise_card import ExerciseCard
from workbook.widgets.item_list import ItemList
from workbook.widgets.safety_plan import SafetyPlan
from workbook.widgets.tick_list import TickList
from workbook.widgets.urgent_panel import UrgentPanel


def words(widget: Static) -> str:
    """A Static's text, without styling."""
    return str(widget.render())


def flagged(workbook):
    return [ex for ex in workbook.exercises if ex.involves_ex]


def test_the_steps_the_issue_names_each_have_an_exercise_that_involves_the_ex(workbook) -> None:
    steps = {ex.step_id for ex in flagged(workbook)}
    for number in (2, 4, 5, 7, 9):
        assert workbook.step(number).id in steps, f"step {number} has no involves_ex exercise"


async def test_every_exercise_that_involves_the_ex_shows_the_note_first(db: Path, workbook) -> None:
    note = workbook.care.involves_ex_note
    assert note and "ctrl+g" in note
    app = app_for(welcomed(db))
    async with app.run_test(size=(80, 24)) as pilot:
        for exercise in flagged(workbook):
            await open_exercise(pilot, exercise)
            card = app.screen.query_one(f"#exercise-{exercise.id}", ExerciseCard)
            first = card.children[0]
            assert isinstance(first, Static) and words(first) == note, exercise.id
            await pilot.press("escape", "escape")
        # An exercise that does not involve the ex has no such note.
        other = next(ex for ex in workbook.exercises if not ex.involves_ex)
        await open_exercise(pilot, other)
        card = app.screen.query_one(f"#exercise-{other.id}", ExerciseCard)
        assert note not in [words(s) for s in card.query(Static)]


async def test_a_step_shows_the_note_on_screen_above_the_exercise(db: Path, workbook) -> None:
    exercise = flagged(workbook)[0]
    app = app_for(welcomed(db))
    async with app.run_test(size=(80, 24)) as pilot:
        await open_exercise(pilot, exercise)
        card = app.screen.query_one(f"#exercise-{exercise.id}", ExerciseCard)
        text = await shown(pilot, card)
        flat = " ".join(text.replace("│", " ").split())
        assert " ".join(workbook.care.involves_ex_note.split()[:6]) in flat
        assert flat.index(workbook.care.involves_ex_note.split()[0]) < flat.index(
            exercise.intro.split()[0]) if exercise.intro else True


async def test_letters_and_journals_carry_the_writing_notes(db: Path, workbook) -> None:
    care = workbook.care
    app = app_for(welcomed(db))
    async with app.run_test(size=(80, 24)) as pilot:
        for kind in ("letter", "journal"):
            exercise = next(ex for ex in workbook.exercises if ex.kind == kind)
            await open_exercise(pilot, exercise)
            card = app.screen.query_one(f"#exercise-{exercise.id}", ExerciseCard)
            shown_words = [words(s) for s in card.query(Static)]
            assert care.writing_note in shown_words
            assert (care.letter_after_note in shown_words) == (kind == "letter")
            await pilot.press("escape", "escape")


async def test_ticking_the_urgent_item_shows_the_crisis_panel(db: Path, workbook) -> None:
    exercise = next(ex for ex in workbook.exercises if ex.urgent_ids)
    entries = exercise.items or exercise.options  # a checklist's items or a choice's options
    urgent = next(entry for entry in entries if entry.urgent)
    ordinary = next(entry for entry in entries if not entry.urgent)

    def chosen() -> list[str]:
        value = app.store.get(exercise.id) or {}
        return value.get("checked", value.get("selected", []))

    app = app_for(welcomed(db))
    async with app.run_test(size=(80, 24)) as pilot:
        widget = await open_exercise(pilot, exercise)
        panel = widget.query_one(UrgentPanel)
        assert not panel.display
        items = widget.query_one(TickList)
        items.focus()
        items.highlighted = entries.index(urgent)
        await pilot.press("space")
        await pilot.pause()
        assert panel.display
        text = " ".join((await shown(pilot, panel)).replace("│", " ").split())
        assert " ".join(workbook.care.urgent_note.split()[:5]) in text
        for line in workbook.care.lines("emergency", "crisis"):
            assert (line.call or line.web) in text
        assert "ctrl+g" in text
        # Never in the way: the choice is saved, and closing or unticking hides it.
        assert urgent.id in chosen()
        close = panel.query_one("#urgent-close")
        close.scroll_visible(animate=False)  # the panel is taller than an 80x24 screen
        await pilot.pause()
        await pilot.click(close)
        assert not panel.display
        items.focus()
        await pilot.press("space")  # untick
        await pilot.press("space")  # and tick again: it comes back
        await pilot.pause()
        assert panel.display
        await pilot.press("space")
        await pilot.pause()
        assert not panel.display and urgent.id not in chosen()
        # An ordinary entry shows nothing.
        items.highlighted = entries.index(ordinary)
        await pilot.press("space")
        await pilot.pause()
        assert not panel.display and chosen() == [ordinary.id]


async def test_every_number_on_the_need_help_page_comes_from_the_data(db: Path, workbook) -> None:
    care = workbook.care
    known = known_numbers(t for line in care.helplines for t in (line.call, line.text, line.note))
    app = app_for(welcomed(db))
    async with app.run_test(size=(120, 200)) as pilot:
        await pilot.press("ctrl+g")
        await pilot.pause()
        assert isinstance(app.screen, NeedHelpScreen)
        text = screen_text(app)
        numbers = list(phone_like(text))
        assert numbers and all(digits(n) in known for n in numbers), numbers
        for line in care.helplines:
            assert (line.call or line.web) in text, line.id
        flat = " ".join(text.split())
        # Grouped: emergencies, suicide and crisis, domestic abuse (with quick hide), anywhere else.
        order = [flat.index(care.lines(kind)[0].name) if kind != "emergency" else
                 flat.index(care.lines(kind)[0].call) for kind in
                 ("emergency", "crisis", "abuse", "directory")]
        assert order == sorted(order)
        assert " ".join(care.quick_hide_note.split()[:6]) in flat
        # The safety plan is there too.
        assert app.screen.query(SafetyPlan)


async def test_the_safety_plan_takes_several_lines_in_each_part(db: Path, workbook) -> None:
    plan = workbook.safety_plans[0]
    first, second = plan.sections[:2]
    app = app_for(welcomed(db))
    async with app.run_test(size=(80, 24)) as pilot:
        widget = await open_exercise(pilot, plan)
        assert app.focused is widget.query_one(f"#section-{first.id}").query_one("#add", Input)
        await pilot.press(*"I stop replying", "enter", *"I stay in bed", "enter")
        widget.query_one(f"#section-{second.id}").focus_first()
        await pilot.press(*"A hot shower", "enter", *"Call Sam", "enter")
        await pilot.pause()
        assert app.store.get(plan.id) == {
            **{s.id: [] for s in plan.sections},
            first.id: ["I stop replying", "I stay in bed"],
            second.id: ["A hot shower", "Call Sam"],
        }
        # Lines move within their part.
        section = widget.query_one(f"#section-{second.id}", ItemList)
        section.query(Input)[1].focus()
        await pilot.press("alt+up")
        await pilot.pause()
        assert app.store.get(plan.id)[second.id] == ["Call Sam", "A hot shower"]
        # The emergency and crisis lines are inside the plan, and the directory
        # (findahelpline.com) for a reader anywhere else.
        text = " ".join((await shown(pilot, widget.query_one("#plan-lines"))).split())
        for line in workbook.care.lines("emergency", "crisis"):
            assert line.call in text
        directory = workbook.care.lines("directory")
        assert directory and all(line.web in text for line in directory)
        assert "findahelpline.com" in text


async def test_a_plan_saved_as_one_field_per_part_keeps_every_word(db: Path, workbook) -> None:
    plan = workbook.safety_plans[0]
    first, *_, people = [s for s in plan.sections if s.id in ("warning-signs", "people")]
    old = {first.id: "Not sleeping", people.id: "My sister", "gone-field": "kept"}
    app = app_for(with_answer(db, plan.id, old))
    async with app.run_test(size=(80, 24)) as pilot:
        widget = await open_exercise(pilot, plan)
        section = widget.query_one(f"#section-{first.id}", ItemList)
        assert [i.value for i in section.query(Input) if i.id != "add"] == ["Not sleeping"]
        assert app.store.get(plan.id) == old, "opening changes nothing"
        section.query_one("#add", Input).focus()
        await pilot.press(*"Snapping at people", "enter")
        await pilot.pause()
        saved = app.store.get(plan.id)
        assert saved[first.id] == ["Not sleeping", "Snapping at people"]
        assert saved[people.id] == ["My sister"] and saved["gone-field"] == "kept"


async def test_home_counts_what_was_written_never_a_share_of_the_whole(db: Path, workbook) -> None:
    from tests.sample_data import sample_value

    store_db = welcomed(db)
    step = workbook.step(3)
    for exercise in step.exercises[:2]:
        with_answer(store_db, exercise.id, sample_value(exercise))
    app = app_for(store_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        text = screen_text(app)
        assert "You've written in 2 exercises" in text
        assert "%" not in text and f"of {len(workbook.exercises)}" not in text
        row = next(line for line in text.splitlines() if step.title in line)
        assert "written in" in row
        other = next(line for line in text.splitlines() if workbook.step(4).title in line)
        assert "written" not in other and "/" not in other


async def test_the_closing_page_is_honest_about_a_half_done_workbook(db: Path, workbook) -> None:
    from tests.sample_data import fill_sample

    fill_sample(db, workbook, steps=(1, 2))  # and the safety plan, in step 8
    written = sum(1 for n in (1, 2) for _ in workbook.step(n).exercises) + 1
    app = app_for(db)
    async with app.run_test(size=(80, 40)) as pilot:
        await pilot.press("0")
        await pilot.pause()
        await pilot.press("escape", "]")
        await pilot.pause()
        flat = " ".join(screen_text(app).replace("│", " ").split())
        assert f"You've written in {written} exercises, in steps 1, 2 and 8." in flat
        assert "Steps 3 to 7, 9 and 10 are here whenever you're ready." in flat
        assert "all ten steps" not in flat


async def test_need_help_shows_each_line_once_above_the_plan(db: Path, workbook) -> None:
    """The page lists every line at the top; the plan under it does not repeat them
    (so at 80x24 the lines stay first), and the plan's promise holds: the lines,
    findahelpline.com among them, are shown with it."""
    app = app_for(welcomed(db))
    async with app.run_test(size=(120, 200)) as pilot:
        await pilot.press("ctrl+g")
        await pilot.pause()
        assert isinstance(app.screen, NeedHelpScreen)
        flat = " ".join(screen_text(app).split())
        plan = app.screen.query_one(SafetyPlan)
        assert not plan.query("#plan-lines")
        first_part = workbook.safety_plans[0].sections[0].label
        for line in workbook.care.lines("emergency", "crisis", "directory"):
            way = line.web if line.kind == "directory" else line.call
            assert flat.index(way) < flat.index(first_part), line.id
        assert flat.count("116 123") == 1 and flat.count("findahelpline.com") == 1
