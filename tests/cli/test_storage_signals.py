"""Flush on every way out: a dropped SSH link (SIGHUP), SIGTERM and ctrl+q, in a real terminal.

The real app runs in tmux with the save delay made very long, so the words
typed can only reach the disk through the signal handler: each test first
checks they are not on disk yet, then hangs up or terminates, then checks
they are.
"""

from __future__ import annotations

import json
import os
import shlex
import signal
import sys
from pathlib import Path

import pytest

from tests.conftest import need_tool
from tests.e2e.tmux import Tmux, process_alive, wait_for_condition
from workbook.core.locations import lock_path
from workbook.core.storage import AnswerStore
from workbook.core.storage.lock import is_locked

pytestmark = pytest.mark.e2e

CONTENT = """\
# A few words

```step
id = "words"
short = "Words"
summary = "A few words, typed and kept."
```

Write whatever is on your mind.

```exercise
id = "few-words"
kind = "text"
title = "A few words"
fields = [{ id = "now", label = "Right now" }]
```
"""

# The real command line, with the save delay far longer than the test: only
# the signal handler can save what is typed.
LAUNCH = (
    "import workbook.tui.autosave as autosave; autosave.SAVE_DELAY = 3600; "
    "from workbook.cli import main; raise SystemExit(main())"
)

WORDS = "still awake at 2am"


@pytest.fixture
def typed(tmp_path: Path):
    """The app in tmux with WORDS typed into a field but not saved yet."""
    need_tool("tmux")
    content = tmp_path / "content"
    content.mkdir()
    (content / "01-words.md").write_text(CONTENT, encoding="utf-8")
    db = tmp_path / "data" / "workbook.json"
    store = AnswerStore(db)
    store.set_setting("welcomed", True)
    store.save()
    store.close()
    with Tmux(tmp_path / "tmux") as term:
        app = shlex.join([sys.executable, "-c", LAUNCH, "--db", str(db), "--content", str(content)])
        # A shell around the app, as after an SSH login: it shows the exit
        # status and keeps the terminal alive to inspect after the app ends.
        term.start(["sh", "-c", f'{app}; echo "app exited with $?"; sleep 600'])
        term.wait_for("A few words")
        term.send("1")
        term.wait_for("Right now")
        term.send("Tab")  # a step opens with nothing focused: tab goes to the field
        term.settle()
        term.type(WORDS)
        term.wait_for(WORDS)
        assert AnswerStore(db, read_only=True).get("few-words") is None  # not saved yet
        yield term, db


def app_pid(db: Path) -> int:
    """The app's process id, from the lock file it holds."""
    return int(json.loads(lock_path(db).read_text())["pid"])


def saved_words(db: Path) -> str | None:
    value = AnswerStore(db, read_only=True).get("few-words")
    return value.get("now") if isinstance(value, dict) else None


def test_a_dropped_connection_sighup_saves_the_words(typed) -> None:
    term, db = typed
    pid = app_pid(db)
    term.tmux("kill-session", "-t", "main")  # the terminal goes away: SIGHUP
    wait_for_condition(lambda: not process_alive(pid), "the app to end after SIGHUP")
    assert saved_words(db) == WORDS
    assert is_locked(db) is None


def test_sigterm_saves_the_words_and_gives_the_terminal_back(typed) -> None:
    term, db = typed
    os.kill(app_pid(db), signal.SIGTERM)
    term.wait_for(f"app exited with {128 + signal.SIGTERM}")
    assert saved_words(db) == WORDS
    assert term.pane("alternate_on") == "0"  # back on the normal screen
    assert term.pane("mouse_any_flag") == "0"  # mouse reporting switched off
    assert term.pane("cursor_flag") == "1"  # cursor shown again
    assert is_locked(db) is None and lock_path(db).read_text() == ""  # released cleanly


def test_ctrl_q_in_the_same_burst_as_the_last_words_still_saves_them(typed) -> None:
    """A lagging SSH link delivers the last words and ctrl+q in one packet."""
    term, db = typed
    term.tmux("send-keys", "-t", "main", "-l", " and then some", ";",
              "send-keys", "-t", "main", "C-q")
    term.wait_for("app exited with 0")
    assert saved_words(db) == WORDS + " and then some"
