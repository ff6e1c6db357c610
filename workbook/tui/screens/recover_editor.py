"""`RecoverEditorScreen`: words left in the person's own editor when the connection dropped."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Static

# What the screen dismisses with.
BRING_BACK, KEEP_ASIDE, DISCARD = "bring", "aside", "discard"


class RecoverEditorScreen(ModalScreen[str]):
    """Show the words found and let the person choose: back, aside, or gone."""

    DEFAULT_CSS = """
    RecoverEditorScreen {
        align: center middle;
        #recover {
            width: 76; max-width: 100%; height: auto; max-height: 100%;
            border: round $primary; background: $surface; padding: 0 1;
        }
        #recover-title { text-style: bold; margin: 0 0 1 0; }
        #recover-words {
            height: auto; max-height: 10; border: round $primary 50%; padding: 0 1;
        }
        #recover-buttons { height: auto; margin: 1 0 0 0; }
        #recover-buttons Button { margin: 0 2 0 0; }
    }
    """

    BINDINGS = [
        Binding("b", "choose('bring')", "Bring back"),
        Binding("k,escape", "choose('aside')", "Keep aside"),
    ]

    def __init__(self, where: str, words: str, source: str) -> None:
        super().__init__()
        self.where = where
        self.words = words
        self.source = source

    def compose(self) -> ComposeResult:
        with Vertical(id="recover"):
            yield Static("Words from your own editor", id="recover-title")
            yield Static(
                f"The connection dropped while you were writing {self.where} in your own "
                f"editor. Nothing is lost: these words were {self.source}.",
                markup=False,
            )
            with VerticalScroll(id="recover-words"):
                yield Static(self.words or "(the editor held no words)", markup=False)
            yield Static("Bring them back into the workbook, keep them aside in a file "
                         "of their own, or let them go.", markup=False)
            with Horizontal(id="recover-buttons"):
                yield Button("Bring them back", id=BRING_BACK, variant="primary")
                yield Button("Keep them aside", id=KEEP_ASIDE)
                yield Button("Discard", id=DISCARD, variant="error")

    def on_mount(self) -> None:
        self.query_one(f"#{BRING_BACK}", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(event.button.id)

    def action_choose(self, choice: str) -> None:
        self.dismiss(choice)
