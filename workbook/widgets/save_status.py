"""`SaveStatus`: shows whether the person's words are safe on disk."""

from __future__ import annotations

from textual.widgets import Static


class SaveStatus(Static):
    """Mirrors the app's `save_state` ("Saving…", "Saved 14:02", "Not saved: …")."""

    DEFAULT_CSS = """
    SaveStatus {
        dock: top;
        height: 1;
        width: 1fr;
        content-align: right middle;
        padding: 0 1;
        background: $panel;
        color: $text-muted;
        &.-failed { background: $error; color: $text; text-style: bold; }
    }
    """

    def on_mount(self) -> None:
        self.watch(self.app, "save_state", self._show, init=True)

    def _show(self, state: str) -> None:
        self.update(state)
        self.set_class(state.startswith("Not saved"), "-failed")
