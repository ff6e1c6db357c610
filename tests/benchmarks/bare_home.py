"""A reference, not a baseline: bare Textual showing the same widgets as the home screen.

Its start-up against `bare_app.py` is what the home screen's widgets (footer,
option list, progress bar) cost in Textual itself, before any workbook code.
"""

from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Footer, OptionList, ProgressBar, Static


class BareHome(App[None]):
    """The home screen's layout with fixed text."""

    BINDINGS = [
        Binding("ctrl+q", "quit", "Quit", priority=True),
        Binding("ctrl+g", "quit", "Need help", priority=True),
        Binding("f1", "quit", "Keys", priority=True),
    ]

    def compose(self) -> ComposeResult:
        yield Static("Heartbreak Workbook")
        with Vertical():
            yield Static("Ten steps, in any order, at your own pace.")
            with Horizontal():
                yield Static("Nothing written yet. Start anywhere, whenever you're ready.", classes="label")
                yield ProgressBar(total=54, show_eta=False)
            yield OptionList(*(f"{n % 10}  Step number {n}  0/5" for n in range(1, 11)))
        yield Footer()


if __name__ == "__main__":
    BareHome().run()
