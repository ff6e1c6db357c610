"""Issue 10, findings 2 and 6, in a real terminal: hostile text is drawn, never obeyed.

Every exercise holds answers ending in an OSC 0 title change, an OSC 52
clipboard write and `ESC [ 2 J`; a step title and an exercise title in the
content carry the same. tmux obeys all three when they reach it (its
`set-clipboard on` makes OSC 52 fill a paste buffer), so these tests fail
the moment one escape sequence gets through.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from textual.widgets import Input

from tests.conftest import need_tool
from tests.e2e.focus import inside, tabs_to
from tests.e2e.tmux import Tmux, wait_for_condition
from tests.export_hostile import hostile_value
from tests.storage_helpers import read_stored
from workbook.core.content import Workbook, load_workbook
from workbook.core.storage import AnswerStore

pytestmark = pytest.mark.e2e

TITLE = "\x1b]0;PWNED-TITLE\x07"
CLIPBOARD = "\x1b]52;c;ZWNobyBwd25lZA==\x07"  # "echo pwned"
CLEAR = "\x1b[2J"
ATTACK = f"<{TITLE}{CLIPBOARD}{CLEAR}>"
STAMPS = {"at", "created", "updated", "id"}


def poisoned(value: Any, key: str | None = None) -> Any:
    """`value` with every piece of text the person wrote ending in the attack."""
    if isinstance(value, str):
        return value if key in STAMPS else value + ATTACK
    if isinstance(value, list):
        return [poisoned(item, key) for item in value]
    if isinstance(value, dict):
        return {name: poisoned(item, name) for name, item in value.items()}
    return value


def strings(value: Any) -> list[str]:
    """Every piece of text inside a stored value."""
    if isinstance(value, str):
        return [value]
    items = value.values() if isinstance(value, dict) else value if isinstance(value, list) else []
    return [text for item in items for text in strings(item)]


@pytest.fixture
def hostile_content(content: Path) -> Path:
    """The content with a hostile step title and exercise title."""
    first = sorted(content.glob("01-*.md"))[0]
    text = first.read_text(encoding="utf-8")
    heading = text.splitlines()[0]
    text = text.replace(heading, heading + ATTACK, 1)
    title = next(line for line in text.splitlines() if line.startswith("title = "))
    text = text.replace(title, title[:-1] + '\\u001b]0;PWNED-TITLE\\u0007"', 1)
    first.write_text(text, encoding="utf-8")
    return content


def fill(db: Path, book: Workbook) -> None:
    store = AnswerStore(db)
    store.set_setting("welcomed", True)
    for exercise in book.exercises:
        store.set(exercise.id, poisoned(hostile_value(exercise)))
    store.save()
    store.close()


def quiet_text_field(book: Workbook) -> tuple[Any, int]:
    """A text exercise, and its step, in a step without a check-in (whose draft
    handling moves the focus on its own while the step settles)."""
    for step in book.steps:
        if any(e.kind == "checkin" for e in step.exercises):
            continue
        for exercise in step.exercises:
            if exercise.kind == "text":
                return exercise, step.number
    raise LookupError("no text exercise outside a check-in step")


def untouched(term: Tmux, title: str) -> None:
    """The terminal obeyed nothing: same pane title, no paste buffer."""
    assert term.pane("pane_title") == title
    assert "PWNED" not in term.pane("pane_title")
    assert term.tmux("list-buffers").strip() == ""


def test_hostile_answers_and_titles_are_drawn_as_symbols_never_obeyed(
    terminal, app_env, workbook_exe, db: Path, hostile_content: Path
) -> None:
    book = load_workbook(hostile_content)
    fill(db, book)
    term = terminal(100, 30)
    term.start([workbook_exe], env=app_env(db, WORKBOOK_CONTENT=str(hostile_content)))
    term.tmux("set", "-g", "set-clipboard", "on")
    title = term.pane("pane_title")
    term.wait_for("Press a number to open a step", "␛]0;PWNED-TITLE")
    untouched(term, title)
    term.settle()
    assert "Heartbreak Workbook" in term.screen()  # not cleared
    for step in book.steps:
        term.send(str(step.number % 10))
        term.wait_for(f"Step {step.number} of {len(book.steps)}")
        term.settle()
        # Textual redraws only what changes: after a clear, the footer and the
        # top bar would stay blank.
        term.wait_for("esc Back", f"Step {step.number} of")
        untouched(term, title)
        # Nothing is focused on a step just opened: one escape goes home. A
        # second one, which nothing on the screen shows was read, could still
        # be unread when the next digit comes (a loaded machine), and the two
        # read together are alt+digit.
        term.send("Escape")
        term.wait_for("Press a number to open a step")
    # the stored answers kept their exact characters
    stored = read_stored(db).answers()
    assert sum(text.endswith(ATTACK) for value in stored.values()
               for text in strings(value)) > len(book.exercises)


def test_status_and_import_errors_print_symbols_not_escapes(
    terminal, app_env, db: Path, hostile_content: Path, tmp_path: Path
) -> None:
    need_tool("workbook")
    book = load_workbook(hostile_content)
    fill(db, book)
    hostile = tmp_path / f"backup{ATTACK}.json"
    hostile.write_text(json.dumps({"format": "heartbreak-workbook-backup", "version": 1,
                                   "answers": {f"id{ATTACK}": {"no value": 1}}}))
    exe = shutil.which("workbook")
    term = terminal(200, 50)  # room for every line unwrapped
    # (tmux 3.3 drops a dead pane's first line: the echo gives it one to drop)
    script = f"echo; {exe} status; {exe} import --yes '{hostile}'; echo ALL-DONE"
    term.start(["sh", "-c", script], env=app_env(db, WORKBOOK_CONTENT=str(hostile_content)))
    term.tmux("set", "-g", "set-clipboard", "on")
    title = term.pane("pane_title")
    screen = term.wait_for("ALL-DONE")
    untouched(term, title)
    assert "Allow yourself to grieve<␛]0;PWNED-TITLE␇" in screen
    assert "backup<␛]0;PWNED-TITLE␇" in screen  # the file name in the import error
    assert 'answer "id<␛]0;PWNED-TITLE␇' in screen  # and the hostile id


def test_an_invalid_byte_from_the_terminal_becomes_u_fffd_and_the_app_goes_on(
    terminal, app_env, workbook_exe, db: Path, content: Path, book: Workbook
) -> None:
    from tests.conftest import welcomed

    welcomed(db)
    text, number = quiet_text_field(book)
    tabs = tabs_to(db, content, number, inside(text.id, Input))
    term = terminal()
    # A Latin-1 terminal: é arrives as the single byte 0xE9, not UTF-8.
    term.start([workbook_exe], env=app_env(db))
    term.wait_for("Press a number to open a step")
    term.send(str(number % 10))
    term.wait_for(f"Step {number} of {len(book.steps)}")
    term.settle(quiet=2.0)  # the first focus moves once the step has drawn: after it
    term.send(*["Tab"] * tabs)
    term.settle()
    term.type("caf")
    term.wait_for("caf")
    term.tmux("send-keys", "-t", "main", "-H", "e9")
    term.type(" still here")
    term.wait_for("caf\ufffd still here")

    def saved() -> bool:
        values = list(read_stored(db).answers().values())
        return any("caf\ufffd still here" in json.dumps(v, ensure_ascii=False) for v in values)

    wait_for_condition(saved, "the words around the bad byte to be saved")
    assert not term.exited


def test_a_lone_surrogate_in_the_file_no_longer_ends_the_session(
    terminal, app_env, workbook_exe, db: Path, content: Path, book: Workbook
) -> None:
    """Finding 6: the first save used to raise on the surrogate and the app exited."""
    text, number = quiet_text_field(book)
    letter = next(e for e in book.exercises if e.kind == "letter")
    db.parent.mkdir(mode=0o700, parents=True)
    db.write_text(json.dumps({
        "answers": {"1": {"exercise": letter.id, "value": {"to": "you", "body": "half \ud83d heart"}}},
        "settings": {"1": {"welcomed": True}}, "meta": {"1": {"schema": 1}},
    }), encoding="utf-8")  # json escapes the surrogate, as any other program would
    tabs = tabs_to(db, content, number, inside(text.id, Input))
    term = terminal()
    term.start([workbook_exe], env=app_env(db))
    term.wait_for("broken characters")  # the one-line notice
    term.send(str(number % 10))
    term.wait_for(f"Step {number} of {len(book.steps)}")
    term.settle(quiet=2.0)
    term.send(*["Tab"] * tabs)
    term.settle()
    term.type("tonight's words")

    def saved() -> bool:
        stored = read_stored(db).answers()
        return any("tonight's words" in text for value in stored.values()
                   for text in strings(value))

    wait_for_condition(saved, "the session's words on disk")
    assert not term.exited
    stored = read_stored(db).answers()
    assert {"to": "you", "body": "half \ufffd heart"} in stored.values()
