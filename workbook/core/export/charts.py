"""The journey's charts in the exports (no Textual): SVG for HTML and PDF, a table for Markdown.

The same series as the journey screen (`workbook.core.trends`). The SVG is drawn
by pygal with its scripts taken out, so the page stays script-free and
self-contained; each line has its own dash pattern, so a chart printed in
black and white still tells its lines apart.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from workbook.core.content.model import Workbook
from workbook.core.trends import journey, squeeze

# The feelings drawn (the most often named), and the latest weeks of writing.
MOST_FEELINGS = 5
WEEKS_SHOWN = 26
# A table row per stretch of time, at most this many.
TABLE_ROWS = 12
DASHES = ("", "8, 4", "2, 4", "12, 4, 2, 4", "4, 8")

When = datetime | date
# What the words chart counts: the rule of `trends.words_by_week`.
WORDS_NOTE = ("Journal entries and check-in notes in the week they were written; any other "
              "answer (a letter, a grid) in the week it last changed. Weeks run Monday to Sunday.")


@dataclass
class Chart:
    """One chart: its title, what its numbers mean, and its dated series."""

    title: str
    note: str
    series: dict[str, list[tuple[When, float]]] = field(default_factory=dict)
    top: float = 10
    bars: bool = False
    # Series named but not drawn (beyond the most named), said in words: none is dropped.
    also: list[tuple[str, int]] = field(default_factory=list)


def journey_charts(workbook: Workbook, answers: Mapping[str, Any],
                   updated: Mapping[str, str | None] | None = None) -> list[Chart]:
    """The charts of a workbook's answers; none until something changed over time.

    `updated` holds each answer's last-changed stamp (`AnswerStore.updated`):
    with it the words each week are counted exactly as the journey screen
    counts them (`trends.words_by_week`, the one rule for both)."""
    stamps = updated or {}
    trip = journey(workbook, {ex_id: {"value": value, "updated": stamps.get(ex_id)}
                              for ex_id, value in answers.items()})
    charts: list[Chart] = []
    # The chart appears once a feeling was named twice (a change over time);
    # then a feeling named once is a point on it (or a word below it), never
    # left out.
    named = list(trip.feelings.items())
    if any(len(points) > 1 for _, points in named):
        charts.append(Chart("Each feeling, check-in by check-in",
                            "How strong each feeling was, from 0 to 10, at each check-in that named it.",
                            dict(named[:MOST_FEELINGS]),  # type: ignore[arg-type]
                            also=[(name, len(points)) for name, points in named[MOST_FEELINGS:]]))
    for exercise, points in trip.scales:
        charts.append(Chart(exercise.title, f"0 = {exercise.low}; 10 = {exercise.high}.",
                            {"Rating": points}))  # type: ignore[dict-item]
    weeks = trip.weeks[-WEEKS_SHOWN:]
    if len(weeks) > 1:
        top = max(words for _, words in weeks) or 1
        charts.append(Chart("Words written each week", WORDS_NOTE, {"Words": weeks}, top=top,  # type: ignore[dict-item]
                            bars=True))
    return charts


def short(day: When) -> str:
    """3 Nov 2026."""
    return f"{day.day} {day:%b %Y}"


def table_rows(chart: Chart) -> list[tuple[str, list[str]]]:
    """The chart as at most `TABLE_ROWS` rows: a date, then each series' value (mean of the stretch)."""
    moments = sorted({when for points in chart.series.values() for when, _ in points})
    if not moments:
        return []
    if len(moments) <= TABLE_ROWS:
        stretches = [[m] for m in moments]
    else:
        edges = [len(moments) * i // TABLE_ROWS for i in range(TABLE_ROWS + 1)]
        stretches = [moments[a:b] for a, b in zip(edges, edges[1:], strict=False)]
    rows = []
    for stretch in stretches:
        first, last = stretch[0], stretch[-1]
        cells = []
        for points in chart.series.values():
            values = [v for when, v in points if first <= when <= last]
            cells.append(_number(sum(values) / len(values)) if values else "")
        label = short(first) if len(stretch) == 1 else f"{short(first)} – {short(last)}"
        rows.append((label, cells))
    return rows


def _number(value: float) -> str:
    return str(round(value)) if abs(value - round(value)) < 0.05 else f"{value:.1f}"


def chart_svg(chart: Chart, number: int, clean: Any = str) -> str:
    """The chart as inline SVG, without scripts or comments; `clean` makes a name safe as text."""
    import pygal

    # Dates on the axis are never cut short ("10 Jun …"): fewer of them, whole.
    config = dict(js=[], disable_xml_declaration=True, width=760, height=320, show_dots=True,
                  dots_size=3, legend_at_bottom=True, truncate_legend=-1, truncate_label=-1,
                  print_values=False, range=(0, chart.top), include_x_axis=True)
    if chart.bars:
        graph = pygal.Bar(**config, x_label_rotation=0, show_minor_x_labels=False)
        ((name, points),) = chart.series.items()
        graph.x_labels = [short(when) for when, _ in points]
        graph.x_labels_major = graph.x_labels[:: max(1, len(points) // 6)]
        graph.add(clean(name), [value for _, value in points])
    else:
        graph = pygal.DateTimeLine(**config, x_value_formatter=short)
        graph.x_labels = _axis_dates(chart)
        for dash, (name, points) in zip(DASHES * 4, chart.series.items(), strict=False):
            # A long series is squeezed to what a page can show.
            kept = points if len(points) <= 120 else _thinned(points, 120)
            style = {"dasharray": dash, "width": 2} if dash else {"width": 2}
            graph.add(clean(name), [(_moment(when), value) for when, value in kept],
                      stroke_style=style)
    svg = graph.render(is_unicode=True)
    svg = re.sub(r"<script\b.*?</script>|<!--.*?-->", "", svg, flags=re.S)
    # A stable id per chart (pygal draws a random one), so exports repeat
    # exactly; its legend ids (for scripts we took out) unique on the page.
    svg = re.sub(r"chart-[0-9a-f]{8}-[0-9a-f-]{27}", f"journey-chart-{number}", svg)
    return re.sub(r'id="activate-serie-(\d+)"', rf'id="journey-chart-{number}-serie-\1"', svg)


# Whole dates fit the axis side by side this many at a time.
AXIS_DATES = 6


def _axis_dates(chart: Chart) -> list[datetime]:
    """At most `AXIS_DATES` dates, evenly from the first to the last, for the axis."""
    moments = sorted(_moment(when) for points in chart.series.values() for when, _ in points)
    first, last = moments[0], moments[-1]
    if first == last:
        return [first]
    step = (last - first) / (AXIS_DATES - 1)
    return [first + step * n for n in range(AXIS_DATES)]


def _moment(when: When) -> datetime:
    return when if isinstance(when, datetime) else datetime(when.year, when.month, when.day)


def _thinned(points: list[tuple[When, float]], most: int) -> list[tuple[When, float]]:
    edges = [len(points) * i // most for i in range(most + 1)]
    means = squeeze([v for _, v in points], most)
    return [(points[a][0], mean) for a, mean in zip(edges, means, strict=False)]
