"""Stamps in words, as exports and search results say them (no Textual)."""

from __future__ import annotations

from datetime import date, datetime


def long_date(when: date) -> str:
    """3 March 2025: unambiguous in every English-speaking country."""
    return f"{when.day} {when:%B %Y}"


def long_datetime(stamp: str) -> str:
    """An ISO stamp as "Monday 3 March 2025, 14:05"; an unreadable one as it is."""
    if not stamp:
        return "Undated"
    try:
        moment = datetime.fromisoformat(stamp)
    except (TypeError, ValueError):
        return str(stamp)
    return f"{moment:%A} {moment.day} {moment:%B %Y, %H:%M}"
