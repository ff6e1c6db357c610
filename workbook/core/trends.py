"""The series the journey charts draw (no Textual): feelings, ratings and words over time.

The journey screen, the check-in's trend and the HTML, Markdown and PDF
exports all read their charts from here, so they always agree.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from workbook.core.content.model import Exercise, Workbook
from workbook.core.history import entry_time, moment, scale_history, sparkline

Point = tuple[datetime, int]

# Names in a trend line are cut to this width.
TREND_LABEL = 16


def clean_checkins(value: Any) -> list[dict[str, Any]]:
    """Saved check-ins, or none when the saved value is not a list."""
    if not isinstance(value, list):
        return []
    return [c for c in value if isinstance(c, dict)]


def checkin_feelings(checkin: dict[str, Any]) -> list[tuple[str, int]]:
    """(name, intensity) pairs of a check-in, skipping anything malformed."""
    pairs = []
    feelings = checkin.get("feelings")
    for feeling in feelings if isinstance(feelings, list) else []:
        if not isinstance(feeling, dict) or not isinstance(feeling.get("name"), str):
            continue
        intensity = feeling.get("intensity")
        if isinstance(intensity, (int, float)) and not isinstance(intensity, bool):
            pairs.append((feeling["name"], max(0, min(10, round(intensity)))))
    return pairs


def feeling_series(checkins: list[Any]) -> dict[str, list[Point]]:
    """Each feeling's strength at every dated check-in that named it, oldest first.

    Feelings are told apart ignoring case ("Sad" and "sad" are one), named as
    first written; the feelings named most often come first.
    """
    series: dict[str, list[Point]] = {}
    names: dict[str, str] = {}
    dated = []
    for checkin in clean_checkins(checkins):
        when = entry_time(checkin)
        if when is not None:
            dated.append((when, checkin))
    dated.sort(key=lambda pair: pair[0])
    for when, checkin in dated:
        for name, intensity in checkin_feelings(checkin):
            key = names.get(name)
            if key is None:
                key = names.setdefault(name.strip().casefold(), name.strip())
                names[name] = key
            series.setdefault(key, []).append((when, intensity))
    return dict(sorted(series.items(), key=lambda item: -len(item[1])))


def rating_series(value: Any) -> list[Point]:
    """A scale's dated ratings, oldest first (an undated one from before histories is left out)."""
    points = [(moment(e.get("at")), e["rating"]) for e in scale_history(value)]
    return [(when, rating) for when, rating in points if when is not None]


def _words(text: Any) -> int:
    # About the number of words: spaces and line breaks between them. Exact
    # counting (`split()`) costs five times as much at 10,000 journal entries.
    if not isinstance(text, str) or not text.strip():
        return 0
    return text.count(" ") + text.count("\n") + 1 - text.count("  ") - text.count("\n\n")


def _all_words(value: Any) -> int:
    if isinstance(value, str):
        return _words(value)
    if isinstance(value, dict):
        return sum(_all_words(v) for v in value.values())
    if isinstance(value, list):
        return sum(_all_words(v) for v in value)
    return 0


def week_of(when: datetime) -> date:
    """The Monday of the week `when` falls in."""
    day = when.date()
    return day - timedelta(days=day.weekday())


def words_by_week(workbook: Workbook, raw: Mapping[str, Mapping[str, Any]]) -> list[tuple[date, int]]:
    """Words written each week, oldest week first, with empty weeks in between as 0.

    Journal entries and check-in notes count in the week they were written;
    any other answer (a letter, a grid) in the week it last changed, since
    only that date is kept for it.
    """
    weeks: dict[date, int] = {}

    def add(when: datetime | None, words: int) -> None:
        if when is not None and words:
            weeks[week_of(when)] = weeks.get(week_of(when), 0) + words

    for exercise in workbook.exercises:
        doc = raw.get(exercise.id)
        if doc is None:
            continue
        value = doc.get("value")
        if exercise.kind in ("journal", "checkin") and isinstance(value, list):
            for entry in value:
                if isinstance(entry, dict):
                    add(entry_time(entry), _words(entry.get("text")) + _words(entry.get("note")))
        elif exercise.kind != "scale":
            add(moment(doc.get("updated")), _all_words(value))
    if not weeks:
        return []
    first, last = min(weeks), max(weeks)
    count = (last - first).days // 7 + 1
    return [(first + timedelta(weeks=n), weeks.get(first + timedelta(weeks=n), 0)) for n in range(count)]


@dataclass
class Journey:
    """Everything the journey charts show."""

    feelings: dict[str, list[Point]] = field(default_factory=dict)
    scales: list[tuple[Exercise, list[Point]]] = field(default_factory=list)
    weeks: list[tuple[date, int]] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not (self.feelings or self.scales or self.weeks)


def journey(workbook: Workbook, raw: Mapping[str, Mapping[str, Any]]) -> Journey:
    """The journey of a workbook from its stored answers (`AnswerStore.raw_answers()`)."""
    checkins: list[Any] = []
    scales: list[tuple[Exercise, list[Point]]] = []
    for exercise in workbook.exercises:
        value = raw.get(exercise.id, {}).get("value")
        if exercise.kind == "checkin":
            checkins += clean_checkins(value)
        elif exercise.kind == "scale":
            points = rating_series(value)
            if len(points) >= 2:  # one rating is not yet a change over time
                scales.append((exercise, points))
    return Journey(feeling_series(checkins), scales, words_by_week(workbook, raw))


def trend_lines(series: Mapping[str, list[float]], width: int, top: float = 10) -> list[str]:
    """A plain line per series: its name, bars for its values (oldest first), first and latest.

    Read without colour or a chart: the fallback wherever a chart has no
    room. A long series is squeezed into the room by averaging neighbours.
    """
    if not series:
        return []
    label = min(TREND_LABEL, max(len(name) for name in series))
    lines = []
    for name, values in series.items():
        if not values:
            continue
        tail = f"  first {round(values[0])}, latest {round(values[-1])}"
        bars = sparkline(squeeze(values, max(1, width - label - len(tail) - 1)), top)
        shown = name if len(name) <= label else name[: label - 1] + "…"
        lines.append(f"{shown.ljust(label)} {bars}{tail}")
    return lines


def squeeze(values: list[float], most: int) -> list[float]:
    """At most `most` values: the mean of each run of neighbours when there are more."""
    if len(values) <= most:
        return list(values)
    edges = [len(values) * i // most for i in range(most + 1)]
    return [sum(values[a:b]) / (b - a) for a, b in zip(edges, edges[1:], strict=False)]


def thin(points: list[Point], most: int) -> list[tuple[datetime, float]]:
    """At most `most` points: where there are more, the mean of each equal stretch of time.

    A chart a few dozen columns wide cannot show a thousand check-ins one by
    one; the mean of each stretch keeps the shape of the change.
    """
    if len(points) <= most or most < 1:
        return list(points)
    first, last = points[0][0], points[-1][0]
    stretch = (last - first) / most
    if not stretch:
        return [(first, sum(v for _, v in points) / len(points))]
    sums: dict[int, list[float]] = {}
    for when, value in points:
        total = sums.setdefault(min(most - 1, int((when - first) / stretch)), [0.0, 0])
        total[0] += value
        total[1] += 1
    return [(first + stretch * (i + 0.5), total / count)
            for i, (total, count) in sorted(sums.items())]
