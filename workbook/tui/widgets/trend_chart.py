"""`TrendChart`: values over time as a terminal chart, or plain bars where it has no room.

The chart is drawn by textual-plotext (imported here only, so the app starts
without it). Every series has its own marker letter and a legend, so the
chart reads in NO_COLOR and 16 colours, where colour alone would not tell
the lines apart. The legend is a line of its own under the chart (plotext
draws its own over the plot's top-left corner, on top of the data there).
In the compact layout (below 80x24, see workbook.tcss) a line of plain bars
per series takes its place.
"""

from __future__ import annotations

from datetime import date, datetime

from textual.app import ComposeResult
from textual.widget import Widget
from textual.widgets import Static
from textual_plotext import PlotextPlot

from workbook.core.trends import thin, trend_lines

# One marker per series, as distinct in shape as letters get.
MARKERS = "ox+*#@%&"
# Each chart names at most this many dates under its x axis.
DATE_TICKS = 4

Series = dict[str, list[tuple[datetime | date, float]]]


def short_date(day: datetime | date, *, with_year: bool) -> str:
    """ "3 Nov", or "Nov 2026" when the chart spans more than a year."""
    return f"{day:%b %Y}" if with_year else f"{day.day} {day:%b}"


class TrendChart(Widget):
    """A line chart (or a bar chart, `bars=True`) of dated values, with its fallback."""

    DEFAULT_CSS = """
    TrendChart {
        height: auto;
        PlotextPlot { height: 12; }
        .legend { height: auto; padding: 0 0 0 2; }
        .fallback { height: auto; display: none; }
    }
    """

    def __init__(
        self,
        series: Series,
        *,
        top: float = 10,
        bars: bool = False,
        legend: bool = False,
        id: str | None = None,
    ) -> None:
        super().__init__(id=id)
        self.series = series
        self.top = top
        self.bars = bars
        self.legend = legend

    def compose(self) -> ComposeResult:
        yield PlotextPlot()
        if self.legend:
            yield Static("", classes="legend", markup=False)
        yield Static("", classes="fallback", markup=False)

    def on_mount(self) -> None:
        self._drawn_width: int | None = None
        self.call_after_refresh(self._fit)  # once laid out, its width is known

    def on_resize(self) -> None:
        self._fit()

    def _fit(self) -> None:
        # Drawing is the slow part: only again when the width changed.
        if self.size.width != self._drawn_width:
            self._drawn_width = self.size.width
            self.draw()

    def show(self, series: Series) -> None:
        """Draw other series (another choice of feelings)."""
        self.series = series
        self.draw()

    def draw(self) -> None:
        plot = self.query_one(PlotextPlot)
        plt = plot.plt
        plt.clear_figure()
        points = [when for values in self.series.values() for when, _ in values]
        if points:
            self._draw_chart(plt, min(points), max(points))
        plot.refresh()
        if self.legend:
            self.query_one(".legend", Static).update("   ".join(
                f"{marker} {name}" for marker, name in zip(MARKERS, self.series, strict=False)))
        lines = trend_lines(
            {name: [v for _, v in values] for name, values in self.series.items()},
            max(20, self.size.width or 56), self.top,
        )
        self.query_one(".fallback", Static).update("\n".join(lines) or "Nothing yet.")

    def _draw_chart(self, plt, first: datetime | date, last: datetime | date) -> None:  # noqa: ANN001
        with_year = (last - first).days > 365
        if self.bars:
            # One bar per period, side by side; a few of their dates below.
            ((name, values),) = self.series.items()
            plt.bar(list(range(len(values))), [v for _, v in values], marker="#", width=0.7)
            step = max(1, len(values) // (DATE_TICKS - 1))
            ticks = list(range(0, len(values), step))
            plt.xticks(ticks, [short_date(values[t][0], with_year=with_year) for t in ticks])
            top = max(1.0, *(v for _, v in values))
        else:
            def day(when: datetime | date) -> float:
                return (when - first).total_seconds() / 86400

            room = max(10, (self.size.width or 60) - 12)
            marked = list(zip(MARKERS, self.series.values(), strict=False))
            # The sparsest series last, so no line is drawn over a feeling named once.
            for marker, values in sorted(marked, key=lambda pair: -len(pair[1])):
                shown = thin(values, room)  # type: ignore[arg-type]
                plt.plot([day(w) for w, _ in shown], [v for _, v in shown], marker=marker)
            span = max(day(last), 1)
            count = DATE_TICKS if last > first else 1  # one date: name it once
            ticks = [span * n / (DATE_TICKS - 1) for n in range(count)]
            plt.xticks(ticks, [short_date(first + (last - first) * (t / span), with_year=with_year)
                               for t in ticks])
            top = self.top
        plt.ylim(0, top)
        plt.yticks([0, top / 2, top], [str(round(t)) for t in (0, top / 2, top)])
