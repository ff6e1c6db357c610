"""`HomeScreen`: the steps with their progress, and the way into each one."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import Screen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from workbook.core.progress import StepProgress, workbook_progress, written_line
from workbook.tui.widgets.footer import WorkbookFooter
from workbook.tui.widgets.top_bar import TopBar


def step_key(number: int) -> str:
    """The digit that opens a step from home: 1-9, then 0 for the tenth."""
    return str(number % 10) if number <= 10 else " "


def step_line(progress: StepProgress, width: int) -> Content:
    """One row of the step list: key, title padded to `width`, and "written in" once
    anything is (never a mark for what was skipped)."""
    step = progress.step
    return Content.assemble(
        (f"{step_key(step.number)}  ", "bold $accent"),
        step.title.ljust(width),
        "  ",
        ("✓ written in" if progress.written_in else "", "$text-success"),
    )


class HomeScreen(Screen):
    """The start page: every step, which ones hold writing, and how much is written."""

    DEFAULT_CSS = """
    HomeScreen {
        #home { padding: 0 1; align-horizontal: center; }
        #home > * { max-width: 118; }  /* a step's reading column, and its scrollbar */
        #tagline { color: $text-muted; margin: 1 0 0 0; }
        #overall { height: 1; margin: 1 0 0 0; }
        #steps { height: 1fr; margin: 1 0 0 0; }
    }
    """

    BINDINGS = [
        *(
            Binding(str(n % 10), f"open_step({n})", f"Step {n}", show=False)
            for n in range(1, 11)
        ),
        Binding("j", "app.journey", "Your journey"),
    ]

    def compose(self) -> ComposeResult:
        yield TopBar()
        with Vertical(id="home"):
            yield Static(
                "Ten steps, in any order, at your own pace. Press a number to open a step.",
                id="tagline",
            )
            yield Static("", id="overall")
            yield OptionList(id="steps")
        # Home is the first screen: its keys follow just after the first frame
        # (as in bare Textual) instead of holding that frame back.
        yield WorkbookFooter(keys_at_once=False)

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()

    def on_screen_resume(self) -> None:
        # Also when the screen is first shown: the list is filled once, here.
        self.refresh_progress()

    async def show_stored_answers(self) -> None:
        """Answers merged in from another machine: the counts follow."""
        self.refresh_progress()

    def refresh_progress(self) -> None:
        """Recount what is written and redraw the list."""
        app = self.app
        progress = workbook_progress(app.workbook, app.store.answers())
        steps = self.query_one("#steps", OptionList)
        highlighted = steps.highlighted
        steps.clear_options()
        width = max(len(p.step.title) for p in progress)
        steps.add_options(
            Option(step_line(p, width), id=f"step-{p.step.number}") for p in progress
        )
        steps.highlighted = highlighted if highlighted is not None else 0
        # What they chose to do, never a share of the whole.
        self.query_one("#overall", Static).update(written_line(progress))

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        number = int((event.option.id or "step-1").removeprefix("step-"))
        self.app.open_step(number)

    def action_open_step(self, number: int) -> None:
        if number <= len(self.app.workbook.steps):
            self.app.open_step(number)
        else:
            self.notify(f"This workbook has {len(self.app.workbook.steps)} steps.")
