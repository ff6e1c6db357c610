"""The floor: a bare Textual app that shows one line (the start-up and memory baseline)."""

from textual.app import App, ComposeResult
from textual.widgets import Static


class BareApp(App[None]):
    """One line of text and nothing else."""

    def compose(self) -> ComposeResult:
        yield Static("Bare Textual app is ready")


if __name__ == "__main__":
    BareApp().run()
