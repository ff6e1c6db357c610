"""`KeysHelpScreen`: every key the workbook answers to, in one place."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Static

# (key, what it does): written out so the help reads as sentences, and tested
# against the real bindings so it cannot drift.
KEYS: tuple[tuple[str, str], ...] = (
    ("1 … 9, 0", "On the home screen: open steps 1 to 10"),
    ("enter", "Open the highlighted step, press a button, tick an item"),
    ("tab / shift+tab", "Move to the next / previous field"),
    ("escape", "Leave the current field, or go back"),
    ("] / [", "Next / previous step (outside a text field)"),
    ("j", "On the home screen: your journey, feelings and writing over time"),
    ("ctrl+g", "Need help now: crisis lines and your safety plan"),
    ("ctrl+b or f9", "Quick hide: cover the screen until a key is pressed"),
    ("ctrl+f", "Search everything you wrote; enter opens the match"),
    ("ctrl+o", "Export your workbook"),
    ("ctrl+s", "Save now (answers also save themselves as you type)"),
    ("ctrl+t", "In a letter or journal: write in your own $EDITOR"),
    ("ctrl+l", "Lock an encrypted workbook now"),
    ("ctrl+p", "Command palette: every step and action by name"),
    ("f1 or ?", "This list of keys"),
    ("ctrl+q", "Save and quit"),
)


# Keys that only work in a terminal, left out of the list in a browser.
TERMINAL_ONLY = ("ctrl+t",)


class KeysHelpScreen(ModalScreen[None]):
    """A list of keys; any of escape, f1, ? or the button closes it."""

    DEFAULT_CSS = """
    KeysHelpScreen {
        align: center middle;
        #keys {
            width: 76; max-width: 100%; height: auto; max-height: 100%;
            border: round $primary; background: $surface; padding: 0 1;
        }
        #keys-title { text-style: bold; margin: 0; }
        .key-row { height: auto; }
        .key { width: 17; color: $text-accent; text-style: bold; }
        .what { width: 1fr; }
        #keys-buttons { height: auto; align: right middle; margin: 0; }
    }
    """

    BINDINGS = [
        Binding("escape,f1,question_mark", "close", "Close"),
    ]

    def compose(self) -> ComposeResult:
        from textual.containers import Horizontal

        with Vertical(id="keys"):
            yield Static("Keys", id="keys-title")
            with VerticalScroll():
                for key, what in KEYS:
                    if key in TERMINAL_ONLY and self.app.is_web:
                        continue  # the browser keeps it (ctrl+t: a new tab)
                    with Horizontal(classes="key-row"):
                        yield Static(key, classes="key", markup=False)
                        yield Static(what, classes="what", markup=False)
            with Vertical(id="keys-buttons"):
                yield Button("Close", id="keys-close")

    def on_mount(self) -> None:
        self.query_one("#keys-close", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(None)

    def action_close(self) -> None:
        self.dismiss(None)
