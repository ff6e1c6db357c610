"""`SearchScreen`: type, and every answer holding those words is listed as you type."""

from __future__ import annotations

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from workbook.core.search import Hit, SearchIndex


def hit_line(hit: Hit) -> Content:
    """Two lines: step, exercise and where; then the snippet with the match marked."""
    field = hit.field
    where = f" · {field.where}" if field.where else ""
    head = Content.styled(f"Step {field.step} · {field.exercise.title}{where}", "$text-muted")
    # Reverse and underline, so the match shows in NO_COLOR and 16 colours too.
    text = Content(hit.snippet).stylize("reverse underline", hit.snippet_start, hit.snippet_end)
    return Content("\n").join([head, text])


class SearchScreen(ModalScreen["Hit | None"]):
    """A search field over a list of matches; enter opens the chosen one."""

    DEFAULT_CSS = """
    SearchScreen {
        align: center top;
        #search {
            width: 100; max-width: 100%; height: 1fr; max-height: 100%;
            border: round $primary; background: $surface; padding: 0 1;
        }
        #search-title { text-style: bold; }
        #search-status { color: $text-muted; height: auto; }
        #search-results { height: 1fr; border: none; background: transparent; }
        #search-results > .option-list--option { padding: 0 0 1 0; }
    }
    """

    BINDINGS = [
        Binding("escape", "close", "Close"),
        Binding("down", "to_results", "Results", show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.index: SearchIndex | None = None
        self.hits: list[Hit] = []

    def compose(self) -> ComposeResult:
        with Vertical(id="search"):
            yield Static("Search everything you wrote", id="search-title")
            yield Input(placeholder="a word or a few, then down or enter", id="search-input",
                        select_on_focus=False)
            yield Static("Reading your answers…", id="search-status")
            yield OptionList(id="search-results")

    def on_mount(self) -> None:
        self.query_one("#search-input", Input).focus()
        self.build_index()

    @work(thread=True, exclusive=True, group="search-index", exit_on_error=False)
    def build_index(self) -> None:
        # Folding every answer takes a moment at ten thousand entries: off the UI thread.
        app = self.app
        index = SearchIndex(app.workbook, app.store.answers())
        app.call_from_thread(self._index_ready, index)

    def _index_ready(self, index: SearchIndex) -> None:
        self.index = index
        self.show_results(self.query_one("#search-input", Input).value)

    def show_results(self, query: str) -> None:
        """List the matches of `query` (the first in each field, in workbook order)."""
        status = self.query_one("#search-status", Static)
        results = self.query_one("#search-results", OptionList)
        if self.index is None:
            return
        self.hits = self.index.search(query) if query.strip() else []
        results.clear_options()
        results.add_options(Option(hit_line(hit)) for hit in self.hits)
        if not query.strip():
            status.update("Letters, journal entries, grids, lists, notes: every answer is searched.")
        elif not self.hits:
            status.update(f"Nothing found for “{query.strip()}”. Accents and capitals don't matter.")
        else:
            more = "+" if len(self.hits) >= 200 else ""
            status.update(f"{len(self.hits)}{more} found. Down to choose, enter to open.")
        if self.hits:
            results.highlighted = 0

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        self.show_results(event.value)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        results = self.query_one("#search-results", OptionList)
        if self.hits:
            self.dismiss(self.hits[results.highlighted or 0])

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(self.hits[event.option_index])

    def action_to_results(self) -> None:
        if self.hits:
            self.query_one("#search-results", OptionList).focus()

    def action_close(self) -> None:
        self.dismiss(None)
