"""Dates as a person reads them, shared by the dated widgets (check-ins, journal)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from workbook.core.clock import now_iso as now_local  # one clock for every stamp

__all__ = ["describe_day", "describe_time", "now_local"]


def describe_time(stamp: Any) -> str:
    """A short date like "Tue 27 Nov 2026 14:02"; the year always, since a
    workbook outlives a year (and pictures of it must not change on 1 January)."""
    try:
        when = datetime.fromisoformat(str(stamp))
    except ValueError:
        return "Undated"
    return when.strftime("%a %d %b %Y %H:%M")


def describe_day(stamp: Any) -> str:
    """A date without the time, like "Tue 27 Nov 2026"; "before dates were kept" when unknown."""
    try:
        when = datetime.fromisoformat(str(stamp))
    except ValueError:
        return "before dates were kept"
    return when.strftime("%a %d %b %Y")
