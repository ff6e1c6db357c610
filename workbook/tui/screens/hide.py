"""`HideScreen`: a calm, neutral cover for shared spaces; any key lifts it."""

from __future__ import annotations

from textual import events
from textual.app import ComposeResult
from textual.screen import ModalScreen
from textual.widgets import Static


class HideScreen(ModalScreen[None]):
    """Shows nothing personal until a key is pressed.

    The app disables its own shortcuts while this is on top (see
    `WorkbookApp.check_action`), so every key reaches `on_key`.
    """

    # Opaque, so nothing of the screen beneath is drawn; toasts wait until
    # the cover lifts (a message like "Exported to …" is personal too).
    DEFAULT_CSS = """
    HideScreen {
        align: center middle;
        background: $background;
        #cover { width: auto; color: $text-disabled; }
        ToastRack { display: none; }
    }
    """

    def compose(self) -> ComposeResult:
        yield Static("Press any key to continue.", id="cover")

    def on_key(self, event: events.Key) -> None:
        event.stop()
        event.prevent_default()
        self.dismiss(None)

    def on_click(self) -> None:
        self.dismiss(None)
