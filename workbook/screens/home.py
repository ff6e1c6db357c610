"""`HomeScreen`: the steps with their progress, and the way into each one."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, OptionList, ProgressBar, Static
from textual.widgets.option_list import Option

from workbook.progress import StepProgress, workbook_progress
from workbook.widgets.top_bar import TopBar


def step_key(number: int) -> str:
    """The digit that opens a step from home: 1-9, then 0 for the tenth."""
    return str(number % 10) if number <= 10 else " "


def step_line(progress: StepProgress, width: int) -> Content:
    """One row of the step list: key, title padded to `width`, answered / total."""
    step = progress.step
    mark = "✓" if progress.done else " "
    counts = f"{progress.answered}/{progress.total} {mark}"
    return Content.assemble(
        (f"{step_key(step.number)}  ", "bold $accent"),
        step.title.ljust(width),
        "  ",
        (counts, "$text-success" if progress.done else "$text-muted"),
    )


class HomeScreen(Screen):
    """The start page: every step, how far along each is, and overall progress."""

    DEFAULT_CSS = """
    HomeScreen {
        #home { padding: 0 1; }
        #tagline { color: $text-muted; margin: 1 0 0 0; }
        #overall { height: 1; margin: 1 0 0 0; }
        #overall-label { width: auto; margin: 0 2 0 0; }
        #overall ProgressBar { width: 1fr; }
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
            with Horizontal(id="overall"):
                yield Static("", id="overall-label")
                yield ProgressBar(total=1, show_eta=False)
            yield OptionList(id="steps")
        yield Footer()

    def on_mount(self) -> None:
        self.refresh_progress()
        self.query_one(OptionList).focus()

    def on_screen_resume(self) -> None:
        self.refresh_progress()

    def refresh_progress(self) -> None:
        """Recount answered exercises and redraw the list."""
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
        answered = sum(p.answered for p in progress)
        total = sum(p.total for p in progress)
        self.query_one("#overall-label", Static).update(
            f"You've answered {answered} of {total} exercises"
        )
        self.query_one(ProgressBar).update(total=total or 1, progress=answered)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        number = int((event.option.id or "step-1").removeprefix("step-"))
        self.app.open_step(number)

    def action_open_step(self, number: int) -> None:
        if number <= len(self.app.workbook.steps):
            self.app.open_step(number)
        else:
            self.notify(f"This workbook has {len(self.app.workbook.steps)} steps.")
