"""`ConfirmScreen`: a small yes / no question that dismisses with a bool."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from workbook.tui.widgets.dialog_frame import DialogFrame


class ConfirmScreen(ModalScreen[bool]):
    """Ask one question; escape means no."""

    DEFAULT_CSS = """
    ConfirmScreen {
        align: center middle;
        #confirm-buttons { height: auto; margin: 1 0 0 0; align: right middle; }
        #confirm-buttons Button { margin: 0 0 0 2; }
    }
    """

    BINDINGS = [Binding("escape", "no", "No")]

    def __init__(self, question: str, *, yes: str = "Yes", no: str = "No") -> None:
        super().__init__()
        self.question = question
        self.yes = yes
        self.no = no

    def compose(self) -> ComposeResult:
        with DialogFrame(id="confirm", classes="-warning"):
            yield Static(self.question, markup=False)
            with Horizontal(id="confirm-buttons"):
                yield Button(self.no, id="no", variant="primary")
                yield Button(self.yes, id="yes", variant="error")

    def on_mount(self) -> None:
        self.query_one("#no", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(event.button.id == "yes")

    def action_no(self) -> None:
        self.dismiss(False)


def ask_then(app: Any, question: str, then: Callable[[], object], *,
             yes: str = "Yes", no: str = "No") -> None:
    """Ask `question` over the current screen and call `then` only on yes."""

    def answer(said_yes: bool | None) -> None:
        if said_yes:
            then()

    app.push_screen(ConfirmScreen(question, yes=yes, no=no), answer)
