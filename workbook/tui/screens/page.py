"""`PageScreen`: a prose page (welcome, closing) shown over the current screen."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from workbook.core.content.model import Page
from workbook.tui.widgets.guidance import Guidance


class PageScreen(ModalScreen[None]):
    """A calm, centred page of prose with one button to carry on."""

    DEFAULT_CSS = """
    PageScreen {
        align: center middle;
        #page {
            width: 76; max-width: 100%; height: auto; max-height: 100%;
            border: round $primary; background: $surface; padding: 0 1;
        }
        #page-title { text-style: bold; color: $text-primary; margin: 1 0 0 0; }
        #page-lead { margin: 0 0 1 0; text-style: bold; }
        /* Room for the frame, title and button below it even at 60x20. */
        #page-body { height: auto; max-height: 66vh; }
        /* Docked, so a long page scrolls above it and the button stays in sight. */
        #page-buttons { dock: bottom; height: auto; align: right middle; margin: 1 0; }
        #page-hint { width: 1fr; color: $text-muted; content-align: left middle; height: 3; }
    }
    """

    BINDINGS = [
        Binding("escape", "dismiss", "Close"),
        # The button keeps the focus; these still read a page longer than the screen.
        Binding("down", "scroll('down')", "Scroll down", show=False),
        Binding("up", "scroll('up')", "Scroll up", show=False),
        Binding("pagedown", "scroll('page_down')", "Page down", show=False),
        Binding("pageup", "scroll('page_up')", "Page up", show=False),
    ]

    def __init__(self, page: Page, button: str = "Carry on", *, lead: str = "") -> None:
        super().__init__()
        self.page = page
        self.button = button
        self.lead = lead  # words the app adds before the content's (the closing's honest part)

    def compose(self) -> ComposeResult:
        with Vertical(id="page"):
            yield Static(self.page.title, id="page-title")
            with VerticalScroll(id="page-body", can_focus=False):  # see BINDINGS
                if self.lead:
                    yield Static(self.lead, id="page-lead", markup=False)
                yield Guidance(self.page.body)
            with Horizontal(id="page-buttons"):
                yield Static("Enter carries on.", id="page-hint")
                yield Button(self.button, variant="primary", id="page-ok")

    def on_mount(self) -> None:
        self.query_one("#page-ok", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(None)

    def action_scroll(self, how: str) -> None:
        body = self.query_one("#page-body", VerticalScroll)
        getattr(body, f"scroll_{how}")(animate=False)

    async def action_dismiss(self, result: None = None) -> None:
        self.dismiss(None)
