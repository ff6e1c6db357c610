"""The installed `workbook` in a real terminal (tmux, 80x24), driven by its keys alone."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from textual.widgets import Button, Input, TextArea

from tests.conftest import welcomed
from tests.e2e.focus import field, inside, tabs_to
from tests.e2e.tmux import Tmux, wait_for_condition
from tests.storage_helpers import read_stored
from workbook.core.content import Exercise, Workbook
from workbook.core.history import current_rating

pytestmark = pytest.mark.e2e


def answers(db: Path) -> dict[str, Any]:
    """Every stored answer by exercise id, read from the file as it is now."""
    return read_stored(db).answers()


def step_of(book: Workbook, exercise: Exercise) -> int:
    return next(s.number for s in book.steps if exercise in s.exercises)


def arrive(term: Tmux, book: Workbook, number: int) -> str:
    """Wait for step `number` (its number and title in the top bar) and its first focus."""
    term.wait_for(f"Step {number} of {len(book.steps)}", book.step(number).title)
    return term.settle(quiet=1.0)  # a loaded machine can move the first focus late


def open_step(term: Tmux, book: Workbook, number: int) -> str:
    """From home, press the step's digit and wait for the step."""
    term.send(str(number % 10))
    return arrive(term, book, number)


def go_home(term: Tmux) -> None:
    """escape leaves the field, escape again goes home."""
    term.send("Escape", "Escape")
    term.wait_for("Press a number to open a step")


@pytest.fixture
def started(terminal, app_env, workbook_exe, db: Path) -> Callable[..., Tmux]:
    """Start the installed workbook on a welcomed database; wait for home."""

    def start(width: int = 80, height: int = 24, **env: str) -> Tmux:
        if not db.exists():
            welcomed(db)
        term = terminal(width, height)
        term.start([workbook_exe], env=app_env(db, **env))
        term.wait_for("Press a number to open a step")
        return term

    return start


def test_every_step_opens_by_its_digit(started, book: Workbook, db: Path, content: Path) -> None:
    term = started()
    for step in book.steps:
        screen = open_step(term, book, step.number)
        assert "Traceback" not in screen
        go_home(term)
    # ] and [ walk the steps from anywhere outside a text field (here: a nav button)
    open_step(term, book, 2)
    term.send(*["Tab"] * tabs_to(db, content, 2, field(Button, "next")))
    term.settle()
    term.send("]")
    arrive(term, book, 3)
    term.send(*["Tab"] * tabs_to(db, content, 3, field(Button, "home")))
    term.settle()
    term.send("[")
    arrive(term, book, 2)


def first_in_its_own_step(book: Workbook) -> dict[str, Exercise]:
    """One exercise per kind, each in a different step when the content allows."""
    chosen: dict[str, Exercise] = {}
    used: set[int] = set()
    kinds = {e.kind for e in book.exercises}
    # kinds with fewer candidates choose first, so every kind gets a step
    for kind in sorted(kinds, key=lambda k: sum(e.kind == k for e in book.exercises)):
        candidates = [e for e in book.exercises if e.kind == kind]
        free = [e for e in candidates if step_of(book, e) not in used] or candidates
        chosen[kind] = free[0]
        used.add(step_of(book, free[0]))
    return chosen


# kind -> (which field to reach, keys before tabbing, keys to fill, check of the stored value)
FILL: dict[str, tuple[Callable[[str], Callable], list[str], list[str], Callable[[Any, Exercise], bool]]] = {
    "text": (lambda ex: inside(ex, Input), [], ["-l:words in my own field"],
             lambda v, ex: v == {ex.fields[0].id: "words in my own field"}),
    "letter": (lambda ex: inside(ex, TextArea), [], ["-l:Dear you, I am letting go."],
               lambda v, ex: v["body"] == "Dear you, I am letting go." and v["to"] == ""),
    # a scale keeps a dated history of ratings; today's is the one typed
    "scale": (lambda ex: inside(ex), [], ["7"], lambda v, ex: current_rating(v) == 7),
    "choice": (lambda ex: inside(ex), [], ["Space"],
               lambda v, ex: v == {"selected": [ex.options[0].id], "other": ""}),
    "checklist": (lambda ex: inside(ex), [], ["Space"],
                  lambda v, ex: v["checked"] == [ex.items[0].id] and not v.get("own")),
    "grid": (lambda ex: inside(ex), [], ["Enter", "-l:a quiet evening"],
             lambda v, ex: len(v) == 1 and v[0][ex.columns[0].id] == "a quiet evening"),
    # a step opens with nothing focused: tab reaches the first feeling, space ticks it
    "checkin": (lambda ex: inside(ex, Button, "save"), ["Tab", "Space"], ["Enter"],
                lambda v, ex: len(v) == 1 and v[0]["feelings"] == [
                    {"name": ex.emotions[0], "intensity": 5}] and v[0]["at"]),
    "journal": (lambda ex: inside(ex, TextArea), [], ["-l:a good small thing today"],
                lambda v, ex: len(v) == 1 and v[0]["text"] == "a good small thing today"),
    "list": (lambda ex: inside(ex, Input, "add"), [], ["-l:a walk by the sea", "Enter"],
             lambda v, ex: [item["text"] for item in v] == ["a walk by the sea"]),
    # The first "Add" field in the plan is its first part's.
    "plan": (lambda ex: inside(ex, Input, "add"), [], ["-l:I stop replying", "Enter"],
             lambda v, ex: v[ex.sections[0].id] == ["I stop replying"]),
}


def saved(term: Tmux, db: Path, exercise: Exercise,
          check: Callable[[Any, Exercise], bool]) -> None:
    """Wait until the database holds an answer for `exercise` that passes `check`."""
    try:
        wait_for_condition(
            lambda: exercise.id in answers(db) and check(answers(db)[exercise.id], exercise),
            f"the {exercise.kind} answer of {exercise.id!r} to be saved",
        )
    except AssertionError as error:
        raise AssertionError(f"{error}; the screen shows:\n{term.screen()}") from None


def press(term: Tmux, keys: list[str]) -> None:
    for key in keys:
        if key.startswith("-l:"):
            term.type(key[3:])
        else:
            term.send(key)


def test_one_exercise_of_each_kind_is_filled_by_keys_and_saved(
    started, book: Workbook, db: Path, content: Path
) -> None:
    term = started()
    chosen = first_in_its_own_step(book)
    assert set(chosen) == set(FILL), "a new exercise kind needs a FILL recipe here"
    for kind, exercise in sorted(chosen.items(), key=lambda item: step_of(book, item[1])):
        target, before, keys, check = FILL[kind]
        number = step_of(book, exercise)
        tabs = tabs_to(db, content, number, target(exercise.id), before)
        open_step(term, book, number)
        press(term, before)
        if before:  # what they open (a ticked feeling's intensity) is in the tab order
            term.settle()
        term.send(*["Tab"] * tabs)
        term.settle()
        press(term, keys)
        saved(term, db, exercise, check)
        go_home(term)
    # home counts them
    term.wait_for(f"You've written in {len(chosen)} exercises")
    # export (Markdown, the default) to a file named in the form
    exported = db.parent / "my workbook.md"
    tabs = tabs_to(db, content, "ctrl+o", field(Input, "export-file"))
    term.send("C-o")
    term.wait_for("Export your workbook")
    term.settle()
    term.send(*["Tab"] * tabs)
    term.settle()
    term.send("C-a", "C-k")
    term.type(str(exported))
    term.send("Enter")
    term.wait_for("Saved to")
    wait_for_condition(exported.exists, "the export file")
    markdown = exported.read_text(encoding="utf-8")
    for phrase in ("words in my own field", "Dear you, I am letting go.", "a quiet evening",
                   "a good small thing today", "a walk by the sea"):
        assert phrase in markdown
    for exercise in chosen.values():
        assert exercise.title in markdown
    term.send("Escape")
    term.wait_for("Press a number to open a step")
    term.send("C-q")
    assert term.wait_exit() == 0
    stored = answers(db)
    for kind, exercise in chosen.items():
        assert FILL[kind][3](stored[exercise.id], exercise), (kind, stored[exercise.id])


def test_quick_hide_shows_nothing_personal_and_any_key_lifts_it(
    started, book: Workbook, db: Path, content: Path
) -> None:
    term = started()
    secret = "my private words"
    text = next(e for e in book.exercises if e.kind == "text")
    number = step_of(book, text)
    tabs = tabs_to(db, content, number, inside(text.id, Input))
    open_step(term, book, number)
    term.send(*["Tab"] * tabs)
    term.settle()
    term.type(secret)
    term.wait_for(secret)
    step_title = book.step(number).title
    for key in ("x", "C-o", "F1", "C-p", "Escape", "Enter"):
        term.send("C-b")
        screen = term.wait_for("Press any key to continue.")
        visible = " ".join(screen.split())
        assert visible == "Press any key to continue.", screen
        assert secret not in screen and step_title not in screen
        term.send(key)
        screen = term.wait_for(secret)  # the step is back, as it was
        assert "Press any key" not in screen
    # the lifting keys were not typed into the field, nor did they open anything
    term.send("C-q")
    assert term.wait_exit() == 0
    assert answers(db)[text.id][text.fields[0].id] == secret


def test_help_lists_the_keys_and_closes(started) -> None:
    term = started()
    term.send("F1")
    screen = term.wait_for("Keys", "ctrl+b", "Quick hide", "ctrl+t")
    assert "ctrl+q" in screen
    term.send("Escape")
    term.wait_gone("Quick hide")
    term.send("?")
    term.wait_for("Quick hide")
    term.send("Escape")
    term.wait_for("Press a number to open a step")


def test_resizing_while_typing_loses_nothing(
    started, book: Workbook, db: Path, content: Path
) -> None:
    term = started()
    letter = next(e for e in book.exercises if e.kind == "letter")
    number = step_of(book, letter)
    tabs = tabs_to(db, content, number, inside(letter.id, TextArea))
    open_step(term, book, number)
    term.send(*["Tab"] * tabs)
    term.settle()
    typed = ""
    for size, words in (((60, 20), "First, "), ((100, 30), "I was hurt. "),
                        ((80, 24), "Then "), ((61, 21), "I healed.")):
        term.type(words)
        typed += words
        term.resize(*size)
        term.wait_until(lambda s, size=size: len(s.splitlines()) == size[1],
                        f"the screen to be {size[0]}x{size[1]}")
    term.wait_for("healed.")
    term.send("C-q")
    assert term.wait_exit() == 0
    assert answers(db)[letter.id]["body"] == typed


@pytest.mark.parametrize(
    "env",
    [
        {"NO_COLOR": "1"},
        {"TERM": "linux"},
        {"TERM": "xterm"},
        {"TERM": "linux", "NO_COLOR": "1"},
    ],
    ids=["no-color", "term-linux", "term-xterm-16", "linux-no-color"],
)
def test_plain_terminals_show_and_save_everything(
    started, book: Workbook, db: Path, content: Path, env: dict[str, str]
) -> None:
    term = started(**env)
    screen = term.screen()
    for step in book.steps:
        assert step.title in screen
    text = next(e for e in book.exercises if e.kind == "text")
    number = step_of(book, text)
    tabs = tabs_to(db, content, number, inside(text.id, Input))
    open_step(term, book, number)
    term.send(*["Tab"] * tabs)
    term.settle()
    term.type("plain words")
    term.wait_for("plain words")
    go_home(term)
    term.send("F1")
    term.wait_for("Quick hide")
    term.send("Escape")
    term.send("C-q")
    assert term.wait_exit() == 0
    assert answers(db)[text.id][text.fields[0].id] == "plain words"
