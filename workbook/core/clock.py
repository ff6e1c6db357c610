"""The one clock the app reads (no Textual): every stamp, "Saved 14:02", export names.

Pictures and tests `pin` it, so a screenshot never holds today's date or time.
"""

from __future__ import annotations

from datetime import datetime

_pinned: datetime | None = None


def now() -> datetime:
    """The local time with its zone; the pinned moment while one is pinned."""
    return _pinned if _pinned is not None else datetime.now().astimezone()


def now_iso() -> str:
    """`now()` as a stamp to store, e.g. "2026-11-27T14:02:00+01:00"."""
    return now().isoformat(timespec="seconds")


def pin(moment: datetime | None) -> None:
    """Stop the clock at `moment` (aware), or let it run again with None."""
    global _pinned
    if moment is not None and moment.tzinfo is None:
        raise ValueError("pin an aware datetime: stamps carry their zone")
    _pinned = moment
