"""`TopBar`: where you are on the left, whether your words are saved on the right."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Static


class SaveStatus(Static):
    """Mirrors the app's `save_state` ("Saving…", "Saved 14:02", "Not saved: …")."""

    DEFAULT_CSS = """
    SaveStatus {
        width: auto;
        padding: 0 1;
        color: $text-muted;
        &.-failed { background: $error; color: $text; text-style: bold; }
    }
    """

    # "Saving…" and "Saved 14:02" alternate every second or so while someone
    # types. Padded to one width they only repaint this line; a change of width
    # lays out the whole screen, which on a long step costs more than the typing.
    WIDTH = len("Saved 00:00")

    def on_mount(self) -> None:
        self._width = 0
        self.watch(self.app, "save_state", self._show, init=True)

    def _show(self, state: str) -> None:
        width = max(len(state), self.WIDTH) if state else 0
        self.update(state.ljust(width), layout=width != self._width)
        self._width = width
        self.set_class(state.startswith("Not saved"), "-failed")


class TopBar(Horizontal):
    """One line: the app and place name, then the save state."""

    DEFAULT_CSS = """
    TopBar {
        dock: top;
        height: 1;
        background: $panel;
        /* A long step title on a small screen ends in "…", never mid-word. */
        #place {
            width: 1fr; padding: 0 1; text-style: bold; color: $text;
            text-wrap: nowrap; text-overflow: ellipsis;
        }
    }
    """

    def __init__(self, place: str = "") -> None:
        super().__init__()
        self.place = place

    def compose(self) -> ComposeResult:
        yield Static(self.place or "Heartbreak Workbook", id="place", markup=False)
        yield SaveStatus()
