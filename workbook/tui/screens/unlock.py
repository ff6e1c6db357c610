"""`UnlockScreen`: an encrypted workbook opens, or re-opens after a lock, with the passphrase."""

from __future__ import annotations

import os
from pathlib import Path

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Input, Static

from workbook.core.storage import AnswerStore, StorageError
from workbook.core.storage.encryption import PASSPHRASE_ENV, NeedsPassphrase, WrongPassphrase
from workbook.tui.widgets.dialog_frame import DialogFrame
from workbook.tui.widgets.footer import WorkbookFooter

# After this many wrong tries each one waits a little longer (seconds, growing
# to the cap): calm for a person, slow for a guessing script.
FREE_TRIES = 3
PAUSE_CAP = 30.0


def pause_after(failures: int) -> float:
    """How long to wait before the next try, after `failures` wrong ones in a row."""
    if failures < FREE_TRIES:
        return 0.0
    return min(PAUSE_CAP, 2.0 ** (failures - FREE_TRIES + 1))


class UnlockScreen(Screen[AnswerStore | StorageError | None]):
    """A masked passphrase field; dismisses with the opened store, a new problem, or None.

    The key derivation takes about a second, so it runs in a child process
    (see `storage/unlocker.py`) while the screen says it is opening. ctrl+g
    (Need help), quick hide and ctrl+q stay the app's own bindings, so they
    work here too, even while it opens; the workbook then waits behind them
    until they are closed.
    """

    DEFAULT_CSS = """
    UnlockScreen {
        align: center middle;
        #unlock { width: 64; }
        #unlock-title { text-style: bold; }
        #unlock-text, #unlock-file, #unlock-env { margin: 1 0 0 0; color: $text-muted; }
        #passphrase { margin: 1 0 0 0; }
        #unlock-note { margin: 1 0 0 0; min-height: 1; }
        #unlock-note.-problem { color: $text-warning; }
    }
    """

    BINDINGS = [Binding("escape", "quit", "Quit")]

    def __init__(self, problem: NeedsPassphrase, *, read_only: bool = False) -> None:
        super().__init__()
        self.db = Path(problem.path)
        self.read_only = read_only
        self.failures = 0
        self.opened: AnswerStore | StorageError | None = None  # waiting behind help or hide

    def compose(self) -> ComposeResult:
        with DialogFrame(id="unlock"):
            yield Static("Your workbook is locked", id="unlock-title")
            yield Static("Type your passphrase to open it. Take your time.", id="unlock-text")
            yield Input(password=True, placeholder="Passphrase", id="passphrase")
            yield Static("", id="unlock-note", markup=False)
            yield Static(f"File: {self.db}", id="unlock-file", markup=False)
            if os.environ.get(PASSPHRASE_ENV):
                # The one rule (README, `workbook --help`): the commands read it for
                # scripts; the app, where a person sits at the keys, always asks.
                yield Static(f"{PASSPHRASE_ENV} is set, but the app always asks: that "
                             "variable is for the workbook commands, in scripts.",
                             id="unlock-env", markup=False)
        yield WorkbookFooter()

    def on_mount(self) -> None:
        self.query_one("#passphrase", Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        passphrase = event.value
        if not passphrase:
            return
        field = self.query_one("#passphrase", Input)
        field.value = ""  # the typed passphrase stays in no widget
        field.disabled = True
        self._say("Opening…")
        self._open(passphrase)

    @work(thread=True, exclusive=True, group="unlock", exit_on_error=False)
    def _open(self, passphrase: str) -> None:
        from workbook.core.storage.unlocker import unlock_elsewhere

        try:
            key = unlock_elsewhere(self.db, passphrase)  # the app stays responsive meanwhile
            del passphrase
            store = AnswerStore(self.db, read_only=self.read_only, key=key)
        except WrongPassphrase:
            self.app.call_from_thread(self._wrong)
        except NeedsPassphrase as error:  # cannot happen with a key; say it plainly anyway
            self.app.call_from_thread(self._problem, str(error))
        except StorageError as error:
            self.app.call_from_thread(self._settled, error)
        except Exception as error:  # never end the app: say it, and let the person try again
            self.app.call_from_thread(self._problem, f"It could not be opened ({error})")
        else:
            self.app.call_from_thread(self._settled, store)

    def _settled(self, result: AnswerStore | StorageError) -> None:
        from workbook.core.storage.encryption import BadKeyFile

        if isinstance(result, BadKeyFile):
            self._problem(str(result))  # the key file: the person can fix it and try again
        elif self.app.screen is not self:
            self.opened = result  # never lift a quick-hide cover, or leave help, by itself
        else:
            self.dismiss(result)

    def on_screen_resume(self) -> None:
        if self.opened is not None:
            result, self.opened = self.opened, None
            self.dismiss(result)

    def _wrong(self) -> None:
        self.failures += 1
        pause = pause_after(self.failures)
        if not pause:
            self._say("That passphrase didn't open it. Take a breath and try again.",
                      problem=True, ready=True)
            return
        self._say(f"That passphrase didn't open it. Let's pause for {pause:.0f} seconds, "
                  "then try again.", problem=True)
        self.set_timer(pause, lambda: self._say(
            "Ready when you are. Type your passphrase again.", ready=True))

    def _problem(self, message: str) -> None:
        self._say(f"{message}.", problem=True, ready=True)

    def _say(self, text: str, *, problem: bool = False, ready: bool = False) -> None:
        note = self.query_one("#unlock-note", Static)
        note.update(text)
        note.set_class(problem, "-problem")
        if ready:
            field = self.query_one("#passphrase", Input)
            field.disabled = False
            field.focus()

    def action_quit(self) -> None:
        self.dismiss(None)
