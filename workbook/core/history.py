"""Answers over time (no Textual): a scale's dated ratings, and merging two histories.

A scale keeps every rating as an entry `{"id", "at", "rating"}`, oldest
first; the last one is the current rating. Choosing again on the same day
changes that day's entry, so trying a few numbers leaves one entry, not five.
A single number saved before histories existed reads as a one-entry history.

Check-ins and journal entries are histories too (lists of dated dicts);
`merge_histories` joins any two of them entry by entry, for `import --merge`.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

Entry = dict[str, Any]

POINTS = range(11)


def new_id() -> str:
    """A random id for a history entry (the same entry keeps it across copies)."""
    import secrets  # on first use: start-up never needs it

    return secrets.token_hex(8)


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


def moment(stamp: Any) -> datetime | None:
    """An ISO stamp as an aware datetime (local when it has no offset), or None."""
    if not isinstance(stamp, str) or not stamp:
        return None
    try:
        when = datetime.fromisoformat(stamp)
    except ValueError:
        return None
    return when if when.tzinfo else when.astimezone()


def entry_time(entry: Entry) -> datetime | None:
    """When an entry happened: `at` (ratings, check-ins) or `created` (journal entries)."""
    return moment(entry.get("at")) or moment(entry.get("created"))


def _changed_time(entry: Entry) -> datetime | None:
    return moment(entry.get("updated")) or entry_time(entry)


def _key(entry: Entry) -> str:
    # Entries written before ids existed are the same entry when they are equal.
    entry_id = entry.get("id")
    if isinstance(entry_id, str) and entry_id:
        return "id:" + entry_id
    return "same:" + repr(sorted(entry.items(), key=lambda item: item[0]))


def merge_histories(ours: list[Any], theirs: list[Any]) -> list[Any]:
    """Both histories with each entry once, oldest first.

    Entries match by `id` (or, without one, by being equal); when both sides
    hold an entry, the copy changed last wins (ours on a tie). Entries
    without a readable date keep their place before the dated ones.
    """
    merged: dict[str, Entry] = {}
    for entry in [*ours, *theirs]:
        if not isinstance(entry, dict):
            continue
        key = _key(entry)
        kept = merged.get(key)
        if kept is None:
            merged[key] = entry
            continue
        mine, other = _changed_time(kept), _changed_time(entry)
        if other is not None and (mine is None or other > mine):
            merged[key] = entry
    undated = [e for e in merged.values() if entry_time(e) is None]
    dated = sorted(
        (e for e in merged.values() if entry_time(e) is not None),
        key=lambda e: entry_time(e),  # type: ignore[arg-type, return-value]
    )
    return undated + dated


SPARKS = "▁▂▃▄▅▆▇█"


def sparkline(values: list[float], top: float = 10) -> str:
    """A bar per value from 0 to `top`, readable without colour."""
    last = len(SPARKS) - 1
    return "".join(SPARKS[max(0, min(last, round(v / (top or 1) * last)))] for v in values)
