"""`NeedHelpScreen`: crisis lines and the person's own safety plan, one key away."""

from __future__ import annotations

from dataclasses import replace

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, Static

from workbook.core.crisis_lines import lines_markdown, steps_section
from workbook.core.storage.encryption import NeedsPassphrase
from workbook.tui.screens.cards import card_for
from workbook.tui.widgets.footer import WorkbookFooter
from workbook.tui.widgets.guidance import Guidance
from workbook.tui.widgets.top_bar import TopBar

# Without a help-now page the lines still show: they come from the data.
FALLBACK = "If you are in danger right now, call your local emergency number."


class NeedHelpScreen(Screen):
    """The help-now page from the content, every helpline from the data, grouped, what
    to do in the next few minutes, then every `crisis = true` exercise."""

    DEFAULT_CSS = """
    NeedHelpScreen {
        #help-body { padding: 0 1; }
        #help-title { text-style: bold; color: $text-error; margin: 1 0 0 0; }
        #help-back { margin: 1 0; }
        #help-locked { margin: 1 0 0 0; color: $text-muted; }
        #help-steps { margin: 0 0 1 0; }
    }
    """

    BINDINGS = [Binding("escape", "leave", "Back")]

    def compose(self) -> ComposeResult:
        app = self.app
        care = app.workbook.care
        page = app.workbook.pages.get("help-now")
        yield TopBar("Need help now")
        with VerticalScroll(id="help-body"):
            yield Static(page.title if page else "Need help now", id="help-title")
            yield Guidance(page.body if page else FALLBACK, id="help-text")
            yield Guidance(lines_markdown(care), id="help-lines")
            if care.urgent_steps:  # the same few minutes the urgent panel names
                yield Guidance("\n\n".join(steps_section(care)), id="help-steps")
            # Every line is just above: the plan need not repeat them here.
            care_below = replace(care, helplines=())
            if isinstance(app.startup_problem, NeedsPassphrase):
                # Locked: an empty plan would read as if none was ever written.
                yield Static("Your own safety plan shows here once your workbook is open.",
                             id="help-locked")
            else:
                for exercise in app.workbook.crisis_exercises:
                    yield card_for(exercise, app.store, care_below)
            yield Button("← Back", id="help-back")
        yield WorkbookFooter()

    def on_mount(self) -> None:
        self.query_one("#help-body").focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "help-back":
            event.stop()
            self.app.pop_screen()

    def action_leave(self) -> None:
        if self.focused is not None and self.focused.id not in ("help-body", "help-back"):
            self.set_focus(None)
        else:
            self.app.pop_screen()
