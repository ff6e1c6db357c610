"""`LockedScreen`: the workbook is open in another session (or has two names); read it here, or quit."""

from __future__ import annotations

from pathlib import Path

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Button, Static

from workbook.core.storage import (
    AnswerStore,
    BadDatabase,
    HardLinked,
    StorageError,
    WorkbookLocked,
)
from workbook.core.storage.encryption import NeedsPassphrase
from workbook.tui.widgets.footer import WorkbookFooter


class LockedScreen(Screen[AnswerStore | StorageError | None]):
    """Shown first when another session holds the lock.

    Dismisses with the store to use (read-only, or writable after "Try
    again"), with a new problem (the file turned out unusable), or None to quit.
    """

    DEFAULT_CSS = """
    LockedScreen {
        align: center middle;
        #locked {
            width: 76; max-width: 100%; height: auto;
            border: round $warning; background: $surface; padding: 1 2;
        }
        #locked-title { text-style: bold; color: $text-warning; }
        #locked-text { margin: 1 0 0 0; }
        #locked-file, #locked-note { margin: 1 0 0 0; color: $text-muted; }
        #locked-buttons { height: auto; margin: 1 0 0 0; }
        #locked-buttons Button { margin: 0 2 0 0; }
    }
    """

    BINDINGS = [
        Binding("r", "read_only", "Open read-only"),
        Binding("t", "try_again", "Try again"),
        Binding("q", "quit", "Quit"),
    ]

    def __init__(self, problem: WorkbookLocked) -> None:
        super().__init__()
        self.problem = problem
        self.db = Path(problem.path)

    def compose(self) -> ComposeResult:
        title, text, note = self._words()
        with Vertical(id="locked"):
            yield Static(title, id="locked-title")
            yield Static(text, id="locked-text", markup=False)
            yield Static(f"File: {self.db}", id="locked-file", markup=False)
            yield Static(note, id="locked-note", markup=False)
            with Horizontal(id="locked-buttons"):
                yield Button("Open read-only", id="read-only", variant="primary")
                yield Button("Try again", id="try-again")
                yield Button("Quit", id="quit")
        yield WorkbookFooter()

    def _words(self) -> tuple[str, str, str]:
        if isinstance(self.problem, HardLinked):
            return (
                "Your workbook has more than one name",
                f"This file has {self.problem.links} names (hard links to the same file). "
                "A save writes a new file under one name, which would quietly split them "
                "into separate workbooks, so it is not written to from here.",
                "You can read your answers here without changing anything. To write, keep "
                "one name: remove the other links ('ls -li' shows them by their shared "
                "number), then choose Try again.",
            )
        who = f" ({self.problem.holder})" if self.problem.holder else ""
        return (
            "Your workbook is already open",
            f"It is open in another session{who}, perhaps another SSH session or "
            "terminal window. Only one session saves at a time, so neither can "
            "overwrite what the other wrote.",
            "You can read your answers here without changing anything, or quit and "
            "carry on in the other session. To write here, quit the other one first "
            "(ctrl+q there), then choose Try again.",
        )

    def on_mount(self) -> None:
        self.query_one("#read-only", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        actions = {"read-only": self.action_read_only, "try-again": self.action_try_again}
        actions.get(event.button.id or "", self.action_quit)()

    def action_read_only(self) -> None:
        try:
            store = AnswerStore(self.db, read_only=True)
        except (BadDatabase, NeedsPassphrase) as error:
            self.app.read_only_requested = True  # its screen must not write either
            self.dismiss(error)
            return
        self.dismiss(store)

    def action_try_again(self) -> None:
        try:
            store = AnswerStore(self.db)
        except HardLinked as error:
            self.problem = error
            self.query_one("#locked-note", Static).update(
                f"It still has {error.links} names. Remove the other links, then try "
                "again, or open read-only.")
            return
        except WorkbookLocked as error:
            who = f" ({error.holder})" if error.holder else ""
            self.query_one("#locked-note", Static).update(
                f"It is still open in the other session{who}. Quit it there (ctrl+q), "
                "then try again, or open read-only."
            )
            return
        except (BadDatabase, NeedsPassphrase) as error:
            self.dismiss(error)
            return
        self.dismiss(store)

    def action_quit(self) -> None:
        self.dismiss(None)
