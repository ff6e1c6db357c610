"""Answers over time (no Textual): a scale's dated ratings, and merging two histories.

A scale keeps every rating as an entry `{"id", "at", "rating"}`, oldest
first; the last one is the current rating. Choosing again on the same day
changes that day's entry, so trying a few numbers leaves one entry, not five.
A single number saved before histories existed reads as a one-entry history.

Check-ins and journal entries are histories too (lists of dated dicts).
Merging copies of a workbook is `core/merge.py`'s, entry by entry.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from workbook.core.entries import moment, new_id

Entry = dict[str, Any]

POINTS = range(11)


def is_rating(value: Any) -> bool:
    """True for a whole number from 0 to 10 (a bool is not a rating)."""
    return isinstance(value, int) and not isinstance(value, bool) and value in POINTS


def scale_history(value: Any) -> list[Entry]:
    """A scale's ratings, oldest first, from any shape a database may hold."""
    if is_rating(value):
        return [{"id": "", "at": "", "rating": value}]  # a single rating from before histories
    if not isinstance(value, list):
        return []
    entries = [entry for entry in value if isinstance(entry, dict) and is_rating(entry.get("rating"))]
    # By date, whatever order they were stored in (a merge, a clock put right):
    # the latest is the current rating, and every list and chart reads in time.
    return sorted(entries, key=_when_rated)


def _when_rated(entry: Entry) -> float:
    when = moment(entry.get("at"))
    return float("-inf") if when is None else when.timestamp()


def current_rating(value: Any) -> int | None:
    """The latest rating of a scale, or None when it has none."""
    history = scale_history(value)
    return history[-1]["rating"] if history else None


def _same_day(first: str, second: str) -> bool:
    # Stamps are local ISO times, so their first ten characters are the local date.
    return bool(first) and first[:10] == second[:10]


def rate(value: Any, rating: int, now: str) -> list[Entry]:
    """The history after choosing `rating` at `now` (today's entry changes, else one is added)."""
    history = scale_history(value)
    if history and _same_day(history[-1].get("at", ""), now):
        latest = history[-1]
        if latest["rating"] == rating:
            return history
        return [*history[:-1], {**latest, "at": now, "rating": rating}]
    return [*history, {"id": new_id(), "at": now, "rating": rating}]


def unrate_today(value: Any, now: str) -> list[Entry] | None:
    """The history without today's rating, or None when nothing was rated today."""
    history = scale_history(value)
    if history and _same_day(history[-1].get("at", ""), now):
        return history[:-1]
    return None


def entry_time(entry: Entry) -> datetime | None:
    """When an entry happened: `at` (ratings, check-ins) or `created` (journal entries)."""
    return moment(entry.get("at")) or moment(entry.get("created"))


SPARKS = "▁▂▃▄▅▆▇█"


def sparkline(values: list[float], top: float = 10) -> str:
    """A bar per value from 0 to `top`, readable without colour."""
    last = len(SPARKS) - 1
    return "".join(SPARKS[max(0, min(last, round(v / (top or 1) * last)))] for v in values)
