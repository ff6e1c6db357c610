"""The series the journey charts draw (no Textual): feelings, ratings and words over time.

The journey screen, the check-in's trend and the HTML, Markdown and PDF
exports all read their charts from here, so they always agree.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from workbook.content.model import Exercise, Workbook
from workbook.history import entry_time, moment, scale_history

Point = tuple[datetime, int]


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
    dated = [(entry_time(c), c) for c in clean_checkins(checkins)]
    for when, checkin in sorted((d for d in dated if d[0] is not None), key=lambda d: d[0]):
        for name, intensity in checkin_feelings(checkin):
            key = names.setdefault(name.strip().casefold(), name.strip())
            series.setdefault(key, []).append((when, intensity))  # type: ignore[arg-type]
    return dict(sorted(series.items(), key=lambda item: -len(item[1])))


def rating_series(value: Any) -> list[Point]:
    """A scale's dated ratings, oldest first (an undated one from before histories is left out)."""
    points = [(moment(e.get("at")), e["rating"]) for e in scale_history(value)]
    return [(when, rating) for when, rating in points if when is not None]


def _words(text: Any) -> int:
    return len(text.split()) if isinstance(text, str) else 0


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
