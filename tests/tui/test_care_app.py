"""Safe for every reader, in the app: notes, the urgent panel, the helplines, the safety plan,
and progress without pressure (pilot tests over the real content)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from textual.widgets import Input, Static

from tests.conftest import shipped, step_number_of, welcomed
from tests.pilot import app_for, open_exercise, screen_text
from tests.widget_story import shown, with_answer
from workbook.core import clock
from workbook.core.content.numbers import digits, known_numbers, phone_like
from workbook.tui.screens.need_help import NeedHelpScreen
from workbook.tui.widgets import widget_class
from workbook.tui.widgets.exercise_card import ExerciseCard
from workbook.tui.widgets.item_list import ItemList
from workbook.tui.widgets.safety_plan import SafetyPlan
from workbook.tui.widgets.tick_list import TickList
from workbook.tui.widgets.urgent_panel import UrgentPanel


def words(widget: Static) -> str:
    """A Static's text, without styling."""
    return str(widget.render())


# Borders and the scroll bar's thumb, which may sit on any line of a rendered screen.
FRAME = str.maketrans(dict.fromkeys("│▁▂▃▄▅▆▇█▔▏▕", " "))


def flat_screen(screen: str) -> str:
    """A rendered screen's words on one line, without borders or the scroll bar."""
    return " ".join(screen.translate(FRAME).split())


def flagged(workbook):
    return [ex for ex in workbook.exercises if ex.involves_ex]


def test_the_steps_the_issue_names_each_have_an_exercise_that_involves_the_ex(workbook) -> None:
    steps = {ex.step_id for ex in flagged(workbook)}
    for number in (2, 4, 5, 7, 9):
        assert workbook.step(number).id in steps, f"step {number} has no involves_ex exercise"


def steps_holding(exercises) -> list[int]:
    """The numbers of the steps holding some of `exercises`: one test each, so the
    workers share them out and each step is opened once, not once an exercise."""
    return sorted({step_number_of(shipped(), exercise) for exercise in exercises})


@pytest.mark.parametrize("number", steps_holding(flagged(shipped())))
async def test_every_exercise_that_involves_the_ex_shows_the_note_first(
        app_at, workbook, number: int) -> None:
    note = workbook.care.involves_ex_note
    assert note and "ctrl+g" in note
    async with app_at(step=number) as (app, _, _):
        exercises = workbook.step(number).exercises
        assert any(ex.involves_ex for ex in exercises)
        for exercise in exercises:
            card = app.screen.query_one(f"#exercise-{exercise.id}", ExerciseCard)
            if exercise.involves_ex:
                first = card.children[0]
                assert isinstance(first, Static) and words(first) == note, exercise.id
            else:  # An exercise that does not involve the ex has no such note.
                assert note not in [words(s) for s in card.query(Static)], exercise.id


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
        # Hidden, it is an empty box (its words cost a third of step 8's
        # widgets); they go in the moment it is called up.
        assert not panel.children
        items = widget.query_one(TickList)
        items.focus()
        items.highlighted = entries.index(urgent)
        await pilot.press("space")
        await pilot.pause()
        assert panel.display
        text = flat_screen(await shown(pilot, panel))
        assert " ".join(workbook.care.urgent_note.split()[:5]) in text
        for line in workbook.care.lines("emergency", "crisis"):
            assert (line.call or line.web) in text
        # Taller than 80x24 with its four steps: the key is named at its foot.
        assert "ctrl+g" in flat_screen(await shown(pilot, panel.query_one("#urgent-key")))
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
        await pilot.press("]")
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


# Round two: the plan's order, the questions, recall, whole numbers, honest dates

OLD = datetime(2026, 10, 1, 9, 0, tzinfo=UTC)


def old_answer(db: Path, exercise_id: str, value: object, when: datetime = OLD) -> Path:
    """A welcomed database holding `value`, written at `when` (an old answer)."""
    clock.pin(when)
    try:
        return with_answer(db, exercise_id, value)
    finally:
        clock.pin(None)


def plan_headings(plan: SafetyPlan) -> list[str]:
    return [words(label) for label in plan.query(".section-label")]


def expected_headings(workbook) -> list[str]:
    """1. What matters most ... 6. Professionals, then the part done now, unnumbered."""
    return ["1. What matters most to me, worth living for", "2. My warning signs",
            "3. Things I can do on my own", "4. People and places that take my mind off it",
            "5. People I can ask for help", "6. Professionals and crisis lines",
            "Now, on a calm day: making my surroundings safe"]


def assert_means_section_says_what_to_do_now(text: str) -> None:
    flat = " ".join(text.replace("│", " ").split())
    assert "Now, on a calm day: making my surroundings safe" in flat
    for words_ in ("do this now", "medicines", "gun or any other firearm",
                   "anything else you might use to hurt yourself"):
        assert words_ in flat, words_


async def test_the_plan_opens_with_what_matters_most_and_keeps_making_safe_apart(
        db: Path, workbook) -> None:
    plan = workbook.safety_plans[0]
    app = app_for(welcomed(db))
    async with app.run_test(size=(80, 24)) as pilot:
        widget = await open_exercise(pilot, plan)
        assert plan_headings(widget)[:7] == expected_headings(workbook)
        card = app.screen.query_one(f"#exercise-{plan.id}", ExerciseCard)
        intro = " ".join((await shown(pilot, card)).replace("│", " ").split())
        assert "read part 1 first, then use parts 2 to 6 in order" in intro
        assert "do it now, on a calm day" in intro
        safer = widget.query(".section-label")[6]
        assert_means_section_says_what_to_do_now(await shown(pilot, safer))
        await pilot.press("ctrl+g")
        await pilot.pause()
        assert isinstance(app.screen, NeedHelpScreen)
        on_help = app.screen.query_one(SafetyPlan)
        assert plan_headings(on_help) == expected_headings(workbook)
        assert_means_section_says_what_to_do_now(
            await shown(pilot, on_help.query(".section-label")[6]))


async def test_each_question_about_dying_offers_plain_answers_and_every_yes_opens_the_panel(
        app_at, workbook) -> None:
    questions = [ex for ex in workbook.step(8).exercises if ex.urgent_ids]
    assert len(questions) == 3
    steps = workbook.care.urgent_steps
    async with app_at(step=8) as (app, pilot, _):  # all three on one step, opened once
        for exercise in questions:
            widget = app.screen.query_one(f"#exercise-{exercise.id}").query_one(
                widget_class(exercise.kind))
            items = widget.query_one(TickList)
            shown_options = " ".join((await shown(pilot, items)).split())
            for label in ("No", "I'm not sure", "Yes, sometimes", "Yes, right now"):
                assert label in shown_options, (exercise.id, label)
            panel = widget.query_one(UrgentPanel)
            for index, option in enumerate(exercise.options):
                items.focus()
                items.highlighted = index
                await pilot.press("space")
                await pilot.pause()
                assert app.store.get(exercise.id)["selected"] == [option.id]
                assert panel.display == option.urgent, (exercise.id, option.id)
                if option.urgent:
                    text = flat_screen(await shown(pilot, panel))
                    # What to do in the next few minutes, then who to call or text.
                    assert "For the next few minutes" in text
                    for number, step in enumerate(steps, start=1):
                        assert f"{number}. {step}" in text, (exercise.id, step)
                    assert "988" in text and "116 123" in text
                    assert text.index(steps[0]) < text.index("116 123")


@pytest.mark.parametrize("number", steps_holding(ex for ex in shipped().exercises if ex.recall))
async def test_every_exercise_that_goes_back_to_painful_moments_shows_the_note_first(
        app_at, workbook, number: int) -> None:
    note = workbook.care.recall_note
    assert len([ex for ex in workbook.exercises if ex.recall]) == 5 and note
    async with app_at(step=number) as (app, pilot, _):
        for exercise in workbook.step(number).exercises:
            card = app.screen.query_one(f"#exercise-{exercise.id}", ExerciseCard)
            if not exercise.recall:
                assert note not in [words(s) for s in card.query(Static)], exercise.id
                continue
            notes = [words(s) for s in card.query(".note-before")]
            # After the note for readers who were hurt, if it has one; before the intro.
            assert notes[-1] == note, exercise.id
            texts = [words(s) for s in card.query(Static)]
            assert texts.index(note) < texts.index(exercise.intro), exercise.id
            flat = " ".join((await shown(pilot, card)).replace("│", " ").split())
            assert "You can stop at any time" in flat, exercise.id


async def test_a_letter_that_does_not_go_back_to_painful_moments_has_no_such_note(
        app_at, workbook) -> None:
    other = next(ex for ex in workbook.exercises if ex.kind == "letter" and not ex.recall)
    async with app_at(exercise=other) as (app, _, _):
        card = app.screen.query_one(f"#exercise-{other.id}", ExerciseCard)
        assert workbook.care.recall_note not in [words(s) for s in card.query(Static)]


async def test_the_thought_record_does_not_argue_a_reader_out_of_a_real_fear(
        db: Path, workbook) -> None:
    record = workbook.exercise("reflect-thought-record")
    app = app_for(welcomed(db))
    async with app.run_test(size=(80, 24)) as pilot:
        await open_exercise(pilot, record)
        card = app.screen.query_one(f"#exercise-{record.id}", ExerciseCard)
        flat = " ".join((await shown(pilot, card)).replace("│", " ").split())
        assert "fear for your safety" in flat and "it may well be accurate" in flat
        assert "don't argue yourself out of it" in flat and "domestic abuse line" in flat
        assert "ctrl+g" in flat


def known(workbook) -> frozenset[str]:
    care = workbook.care
    return known_numbers(t for line in care.helplines for t in (line.call, line.text, line.note))


def whole_on_every_line(text: str, workbook) -> list[str]:
    """Every number on each rendered line; a number cut in two shows as an unknown part."""
    found = [n for line in text.splitlines() for n in phone_like(line)]
    assert all(digits(n) in known(workbook) for n in found), [
        line for line in text.splitlines() if any(digits(n) not in known(workbook)
                                                  for n in phone_like(line))]
    return found


async def read_all(pilot, scroller) -> str:
    """Every line the person sees while scrolling `scroller` from top to bottom."""
    app = pilot.app
    seen: list[str] = []
    scroller.scroll_home(animate=False)
    await pilot.pause()
    while True:
        seen.append(screen_text(app))
        if scroller.scroll_y >= scroller.max_scroll_y:
            return "\n".join(seen)
        scroller.scroll_to(y=scroller.scroll_y + max(1, app.size.height - 6), animate=False)
        await pilot.pause()


@pytest.mark.parametrize("size", [(60, 20), (80, 24)], ids=["60x20", "80x24"])
async def test_no_phone_number_breaks_across_lines(db: Path, workbook, size) -> None:
    care = workbook.care
    numbers = [n for line in care.helplines for n in (line.call, line.text) if n]
    app = app_for(welcomed(db))
    async with app.run_test(size=size) as pilot:
        # Need help now: every number, each whole on one line.
        await pilot.press("ctrl+g")
        await pilot.pause()
        text = await read_all(pilot, app.screen.query_one("#help-body"))
        found = whole_on_every_line(text, workbook)
        for number in numbers:
            assert number in text, number
        assert any(n == "13 11 14" for n in found) and any(n == "0808 2000 247" for n in found)
        await pilot.press("escape")
        # The urgent panel, and the lines inside the safety plan.
        question = next(ex for ex in workbook.exercises if ex.urgent_ids)
        widget = await open_exercise(pilot, question)
        items = widget.query_one(TickList)
        items.highlighted = next(i for i, o in enumerate(question.options) if o.urgent)
        await pilot.press("space")
        await pilot.pause()
        panel_lines = widget.query_one("#urgent-lines")
        in_panel = ""
        for item in panel_lines.query(Static):
            in_panel += await shown(pilot, item)
        whole_on_every_line(in_panel, workbook)
        for line in care.lines("emergency", "crisis"):
            assert line.call in in_panel, line.id
        await pilot.press("escape", "escape")
        plan = await open_exercise(pilot, workbook.safety_plans[0])
        in_plan = ""
        for item in plan.query_one("#plan-lines").query(Static):
            in_plan += await shown(pilot, item)
        whole_on_every_line(in_plan, workbook)
        assert "13 11 14" in in_plan and "116 123" in in_plan


async def test_canada_988_and_the_mens_advice_line_are_on_need_help(db: Path, workbook) -> None:
    app = app_for(welcomed(db))
    async with app.run_test(size=(120, 200)) as pilot:
        await pilot.press("ctrl+g")
        await pilot.pause()
        flat = " ".join(screen_text(app).split())
        assert ("Canada: 988 Suicide Crisis Helpline, call or text 988 "
                "(24/7, in English and French)") in flat
        assert ("UK, for men: Men's Advice Line (Respect), call 0808 801 0327, "
                "mensadviceline.org.uk (free; see their website for opening hours)") in flat
        assert "UK, for women: National Domestic Abuse Helpline (Refuge)" in flat
        assert "Ireland, for women: Women's Aid" in flat
        assert "Male Advice Line" not in flat, "not confirmed: left out"
        # What to do in the next few minutes: after the lines (they come first), before the plan.
        steps = flat.index("If you might hurt yourself, or already have: the next few minutes")
        assert flat.index("findahelpline.com") < steps < flat.index("My safety plan")
        for number, step in enumerate(workbook.care.urgent_steps, start=1):
            assert f"{number}. {step}" in flat[steps:]


async def test_the_welcome_shows_not_therapy_and_need_help_without_scrolling(db: Path) -> None:
    app = app_for(db)  # a first start: the welcome opens
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        flat = " ".join(screen_text(app).replace("│", " ").split())
        assert flat.startswith("╭") or "Welcome" in flat
        assert "This workbook is not therapy" in flat
        assert "Need help now is always one key away, ctrl+g" in flat
        assert "crisis lines you can call or text" in flat
        # Honest about privacy: no promise the app does not keep.
        body = app.workbook.pages["welcome"].body
        assert "private" not in body.lower() and "for you alone" not in body
        assert "not encrypted unless you turn that on" in " ".join(body.split())


async def test_an_old_yes_right_now_is_shown_with_the_day_it_was_given(db: Path, workbook) -> None:
    question = workbook.exercise("professional-help-thoughts")
    app = app_for(old_answer(db, question.id, {"selected": ["now"], "other": ""}))
    async with app.run_test(size=(80, 24)) as pilot:
        widget = await open_exercise(pilot, question)
        answered = widget.query_one("#answered-when", Static)
        assert words(answered) == "You answered this on Thu 01 Oct 2026 09:00."
        flat = " ".join((await shown(pilot, answered)).replace("│", " ").split())
        assert "You answered this on Thu 01 Oct 2026 09:00." in flat
        assert widget.query_one(UrgentPanel).display
        # Answered again: today's date, and "No" needs none.
        items = widget.query_one(TickList)
        items.focus()
        items.highlighted = 2  # "Yes, sometimes"
        await pilot.press("space")
        await pilot.pause()
        assert "Oct 2026" not in words(answered) and answered.display
        items.highlighted = 0  # "No"
        await pilot.press("space")
        await pilot.pause()
        assert not answered.display


@pytest.mark.parametrize("exercise_id, item", [("reflect-why", "not-safe"),
                                               ("love-again-warning-signs", "no-ignored"),
                                               ("love-again-warning-signs", "hurt")])
async def test_help_is_shown_right_where_abuse_is_told(db: Path, workbook, exercise_id: str,
                                                       item: str) -> None:
    exercise = workbook.exercise(exercise_id)
    entries = exercise.items or exercise.options
    app = app_for(welcomed(db))
    async with app.run_test(size=(80, 24)) as pilot:
        widget = await open_exercise(pilot, exercise)
        panel = widget.query_one("#abuse-panel", UrgentPanel)
        assert not panel.display
        items = widget.query_one(TickList)
        items.focus()
        items.highlighted = [e.id for e in entries].index(item)
        await pilot.press("space")
        await pilot.pause()
        assert panel.display
        text = ""  # taller than 80x24: read it part by part, as the person scrolls
        for part in panel.query(Static):
            text += await shown(pilot, part)
        text = " ".join(text.replace("│", " ").split())
        assert "it was never your fault" in text and "ctrl+b or f9" in text
        for line in workbook.care.lines("abuse"):
            assert line.call in text, line.id
        assert "116 123" not in text, "the abuse lines, not the suicide lines"
        # And, last, the directory: a reader where no abuse line is listed still has one.
        assert "findahelpline.com" in text
        assert text.index(workbook.care.lines("abuse")[-1].call) < text.index("findahelpline.com")
        await pilot.press("space")  # untick: it goes
        await pilot.pause()
        assert not panel.display
    # An unhealthy sign that is not abuse shows nothing.
    assert "shouting" not in workbook.exercise("love-again-warning-signs").abuse_ids


# Round three: what a careful clinical read found

ALREADY_HURT = "1. If you've already hurt yourself or taken something, call your emergency number now"


async def test_yes_right_now_to_self_harm_says_to_get_medical_help_first(db: Path, workbook) -> None:
    """Someone who has already hurt themselves, or taken something, is told first to call
    their emergency number, even if they feel okay."""
    question = workbook.exercise("professional-help-self-harm")
    now = [o.id for o in question.options].index("now")
    app = app_for(welcomed(db))
    async with app.run_test(size=(80, 24)) as pilot:
        widget = await open_exercise(pilot, question)
        items = widget.query_one(TickList)
        items.focus()
        items.highlighted = now
        await pilot.press("space")
        await pilot.pause()
        panel = widget.query_one(UrgentPanel)
        assert panel.display
        text = flat_screen(await shown(pilot, panel))
        assert ALREADY_HURT in text and "even if you feel okay" in text
        assert text.index(ALREADY_HURT) < text.index("2. Move away from anything")


async def test_need_help_says_first_what_to_do_if_you_might_or_already_have(db: Path,
                                                                           workbook) -> None:
    app = app_for(welcomed(db))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("ctrl+g")
        await pilot.pause()
        # Without scrolling, under the opening words, above the lines.
        first = flat_screen(screen_text(app))
        assert "have already hurt yourself or taken something, call your emergency number now" in first
        assert "If you might hurt yourself, first move away from anything you could use." in first
    async with app_for(welcomed(db)).run_test(size=(120, 200)) as pilot:
        await pilot.press("ctrl+g")
        await pilot.pause()
        text = flat_screen(screen_text(pilot.app))
        steps = text.index("If you might hurt yourself, or already have: the next few minutes")
        assert ALREADY_HURT in text[steps:]
