"""`JourneyScreen`: feelings, ratings and writing over time, drawn as charts."""

from __future__ import annotations

import asyncio
import weakref
from collections.abc import Iterator
from typing import Any

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import SelectionList, Static

from workbook.core.trends import Journey, journey
from workbook.tui.widgets.feeling_picker import FeelingPicker
from workbook.tui.widgets.footer import WorkbookFooter
from workbook.tui.widgets.top_bar import TopBar
from workbook.tui.widgets.trend_chart import TrendChart

# Feelings shown at first (the most often named); the picker adds others.
FIRST_FEELINGS = 3
# The words chart shows this many of the latest weeks.
WEEKS_SHOWN = 26


def empty_message(kinds_where: dict[str, list[int]]) -> str:
    """What will appear here, and how, before there is anything to draw."""

    def steps(kind: str) -> str:
        numbers = [str(n) for n in kinds_where.get(kind, [])]
        if len(numbers) > 1:
            return f" (steps {', '.join(numbers[:-1])} and {numbers[-1]})"
        return f" (step {numbers[0]})" if numbers else ""

    return (
        "Nothing to draw yet, and that is fine.\n\n"
        f"Each feelings check-in you save{steps('checkin')} adds a point for every feeling "
        "you name, so you can see each one change over the weeks.\n"
        f"Rate a scale again on another day{steps('scale')} and its ratings appear as a line.\n"
        "Whatever you write, each week's word count appears as a bar.\n\n"
        "Come back whenever you like: it all builds up by itself."
    )


# The last journey counted, with what it was counted from: opening the screen
# again before anything changed shows it at once.
_last: tuple[Any, Any, int, Journey] | None = None


def _remembered(workbook: Any, store: Any) -> Journey | None:
    if _last is None:
        return None
    book, answers, version, found = _last
    if book() is workbook and answers() is store and version == store.version:
        return found
    return None


def _remember(workbook: Any, store: Any, version: int, found: Journey) -> None:
    global _last
    _last = (weakref.ref(workbook), weakref.ref(store), version, found)


class JourneyScreen(Screen):
    """Each feeling across every check-in, each re-rated scale, and words per week."""

    DEFAULT_CSS = """
    JourneyScreen {
        #journey-body { padding: 0 1; }
        #journey-title { color: $text-muted; margin: 1 0 0 0; }
        .chart-title { text-style: bold; margin: 1 0 0 0; }
        .chart-note { color: $text-muted; }
        #feelings-row { height: auto; }
        #feeling-picker { width: 24; height: 12; margin: 0 1 0 0; }
        #feelings-chart { width: 1fr; }
        #journey-empty { margin: 1 0; }
    }
    """

    BINDINGS = [Binding("escape", "leave", "Back")]

    def __init__(self) -> None:
        super().__init__(name="journey")
        self.journey = Journey()
        # Set once the charts (or the words saying what will appear) are in place.
        self.ready = asyncio.Event()

    def compose(self) -> ComposeResult:
        yield TopBar("Your journey")
        with VerticalScroll(id="journey-body"):
            yield Static("How things have moved over time. Tab moves on; escape goes back.",
                         id="journey-title")
            yield Static("Gathering your check-ins, ratings and words…", id="journey-wait")
        yield WorkbookFooter()

    def on_mount(self) -> None:
        self.query_one("#journey-body").focus()
        # The screen is painted first: counting in a thread still shares the
        # interpreter with the UI, and would hold back the first frame.
        self.call_after_refresh(self._start)

    def _start(self) -> None:
        found = _remembered(self.app.workbook, self.app.store)
        if found is None:
            self.gather()
        else:
            self.call_later(self._show, found)

    @work(thread=True, exclusive=True, exit_on_error=False)  # reads only; never ends the app
    def gather(self) -> None:
        # Ten thousand journal entries take half a second to count: off the UI thread.
        app = self.app
        version = app.store.version
        found = journey(app.workbook, app.store.raw_answers())
        _remember(app.workbook, app.store, version, found)
        app.call_from_thread(self._show, found)

    async def _show(self, found: Journey) -> None:
        self.journey = found
        body = self.query_one("#journey-body", VerticalScroll)
        await self.query_one("#journey-wait").remove()
        if found.empty:
            await body.mount(Static(empty_message(self._kinds_where()), id="journey-empty"))
        else:
            # The first chart, then the rest once it is on screen: one chart at a
            # time keeps the screen answering keys while the others come in.
            charts = list(self._charts())
            first = next((i for i, w in enumerate(charts) if isinstance(w, (Horizontal, TrendChart))),
                         len(charts) - 1)
            await body.mount_all(charts[: first + 1])
            pickers = self.query("#feeling-picker")
            if pickers:
                pickers.first().focus()
            await self.wait_for_refresh()
            if charts[first + 1:]:
                await body.mount_all(charts[first + 1:])
        self.ready.set()

    def _kinds_where(self) -> dict[str, list[int]]:
        where: dict[str, list[int]] = {}
        for step in self.app.workbook.steps:
            for exercise in step.exercises:
                numbers = where.setdefault(exercise.kind, [])
                if step.number not in numbers:
                    numbers.append(step.number)
        return where

    def _charts(self) -> Iterator[Widget]:
        trip = self.journey
        if trip.feelings:
            yield Static("Each feeling, check-in by check-in (0 to 10)", classes="chart-title")
            yield Static("Tick feelings with space to compare them; each has its own mark.",
                         classes="chart-note")
            names = list(trip.feelings)
            picker = FeelingPicker(
                *((f"{name} ({len(trip.feelings[name])})", name, i < FIRST_FEELINGS)
                  for i, name in enumerate(names)),
                id="feeling-picker",
            )
            chart = TrendChart(self._chosen_feelings(names[:FIRST_FEELINGS]), legend=True,
                               id="feelings-chart")
            yield Horizontal(picker, chart, id="feelings-row")
        for exercise, points in trip.scales:
            yield Static(f"{exercise.title} (0 = {exercise.low}, 10 = {exercise.high})",
                         classes="chart-title", markup=False)
            yield TrendChart({"rating": points}, id=f"scale-{exercise.id}")
        if trip.weeks:
            weeks = trip.weeks[-WEEKS_SHOWN:]
            shown = f", the last {WEEKS_SHOWN}" if len(trip.weeks) > WEEKS_SHOWN else ""
            yield Static(f"Words written each week{shown}", classes="chart-title")
            yield TrendChart({"words": [(week, words) for week, words in weeks]},
                             bars=True, top=max(words for _, words in weeks) or 1, id="words-chart")

    def _chosen_feelings(self, names: list[str]) -> dict:
        return {name: self.journey.feelings[name] for name in names}

    def on_selection_list_selected_changed(self, event: SelectionList.SelectedChanged) -> None:
        event.stop()
        chosen = [name for name in self.journey.feelings if name in event.selection_list.selected]
        self.query_one("#feelings-chart", TrendChart).show(self._chosen_feelings(chosen))

    def action_leave(self) -> None:
        self.app.pop_screen()
