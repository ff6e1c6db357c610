"""`ConfirmScreen`: a small yes / no question that dismisses with a bool."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static


class ConfirmScreen(ModalScreen[bool]):
    """Ask one question; escape means no."""

    DEFAULT_CSS = """
    ConfirmScreen {
        align: center middle;
        #confirm {
            width: 60; max-width: 100%; height: auto;
            border: round $warning; background: $surface; padding: 1 2;
        }
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
        with Vertical(id="confirm"):
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
