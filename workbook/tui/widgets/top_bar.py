"""`TopBar`: where you are on the left, whether your words are saved on the right."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.timer import Timer
from textual.widgets import Static

# What the app's `save_state` says while a save is under way.
SAVING = "Saving…"


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

    # "Saving…" and "Saved 14:02" alternate every half second while someone
    # types. Padded to one width they only repaint this line; a change of width
    # lays out the whole screen, which on a long step costs more than the typing.
    WIDTH = len("Saved 00:00")
    # A save over within this many seconds never shows "Saving…": the line keeps
    # "Saved 14:02" and is not repainted at all (each repaint of the top bar
    # during typing redraws every widget between it and the letter).
    QUIET_SAVE = 0.3

    def on_mount(self) -> None:
        self._width = 0
        self._shown: str | None = None
        self._saving: Timer | None = None
        self.watch(self.app, "save_state", self._changed, init=True)

    def _changed(self, state: str) -> None:
        if self._saving is not None:
            self._saving.stop()
            self._saving = None
        if state == SAVING:
            self._saving = self.set_timer(self.QUIET_SAVE, self._still_saving)
        else:
            self._show(state)

    def _still_saving(self) -> None:
        self._saving = None
        self._show(self.app.save_state)

    def _show(self, state: str) -> None:
        if state == self._shown:
            return
        self._shown = state
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
