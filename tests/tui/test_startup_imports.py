"""Start-up pays only for the home screen: what the first frame needs, nothing more."""

from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import welcomed
from tests.pilot import app_for, in_fresh_interpreter
from workbook.tui.screens.home import HomeScreen


async def test_home_is_the_first_screen_with_none_under_it(db: Path) -> None:
    """Home is not pushed over Textual's empty first screen: one screen fewer
    composed, styled and laid out before the first frame."""
    app = app_for(welcomed(db))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert app.screen_stack == [app.screen]
        await pilot.press("1")  # a step goes over it, and escape comes back to it
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen_stack == [app.screen] and isinstance(app.screen, HomeScreen)


def test_home_is_drawn_before_any_exercise_widget_is_imported(tmp_path: Path) -> None:
    """The exercise widgets (and their shared base) load with the first step opened."""
    printed = in_fresh_interpreter(tmp_path / "db.json", """
        await pilot.pause()
        home = sorted(m for m in sys.modules if m.startswith('workbook.tui.widgets.'))
        await pilot.press('1'); await pilot.pause()
        step = 'workbook.tui.widgets.base' in sys.modules
        print(json.dumps({'home': home, 'step': step}))
    """)
    loaded = json.loads(printed.strip().splitlines()[-1])
    assert loaded["home"] == ["workbook.tui.widgets.footer", "workbook.tui.widgets.top_bar"]
    assert loaded["step"], "the step's exercises still find their widgets"


async def test_the_look_of_the_other_screens_is_read_when_the_first_opens(db: Path) -> None:
    """`screens.tcss` (every screen but home) is not parsed before the first
    frame, and its rules hold once a step opens (here: the compact look)."""

    def read() -> bool:
        return any(path.endswith("screens.tcss") for path, _ in app.stylesheet.source)

    app = app_for(welcomed(db))
    async with app.run_test(size=(60, 20)) as pilot:
        await pilot.pause()
        assert not read()
        await pilot.press("1")
        await pilot.pause()
        assert read()
        assert app.screen.query_one("#step-heading").styles.margin.top == 0
        await pilot.resize_terminal(100, 30)
        await pilot.pause()
        assert app.screen.query_one("#step-heading").styles.margin.top == 1


# Loaded only when used: none of them draws the home screen.
NOT_BEFORE_THE_FIRST_FRAME = (
    "argparse",  # the bare `workbook` reads its three flags itself
    "workbook.cli.arguments",  # every command's flags and help
    "workbook.core.sync",  # the sync watch starts once home is on screen
    "workbook.core.merge",
    "workbook.core.content.loader",  # the content comes from its cache
    "markdown_it",
    "tinydb",  # the store reads and writes its files itself
    "workbook.core.storage.backups",  # with the first save
    "secrets",  # a session's id is `os.urandom` (what `secrets.token_hex` does)
    "workbook.tui.keep_in_view",  # after a resize: the size at start is none
    "hashlib",  # OpenSSL's load: the lock's name takes CPython's own SHA-256
)

FIRST_FRAME = """
import json, sys
from textual.app import App
from workbook.cli import main
from workbook.tui import app as shell

run = App.run
App.run = lambda self, **_: run(self, headless=True, size=(80, 24))
seen = []

def on_ready(self):
    seen.extend(sorted(sys.modules))
    self.exit()

shell.WorkbookApp.on_ready = on_ready
main(["--db", sys.argv[1]])
print(json.dumps(seen))
"""


def test_the_first_frame_is_drawn_before_what_only_later_work_needs(tmp_path: Path) -> None:
    """`workbook` as a person starts it: what is loaded when home is first on screen."""
    import subprocess
    import sys

    from workbook.core.storage import AnswerStore

    db = tmp_path / "db.json"
    store = AnswerStore(db)
    store.set_setting("welcomed", True)
    store.save()
    store.close()
    done = subprocess.run([sys.executable, "-c", FIRST_FRAME, str(db)], capture_output=True,
                          text=True, check=True)
    loaded = set(json.loads(done.stdout.strip().splitlines()[-1]))
    assert "workbook.tui.screens.home" in loaded, "the probe saw the first frame"
    assert sorted(loaded & set(NOT_BEFORE_THE_FIRST_FRAME)) == []
