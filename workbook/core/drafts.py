"""Drafts: what a form holds before its save button, stored like an answer (no Textual).

A draft lives in the answers table under its own key beside the exercise's
answer, so the same autosave keeps it, and progress, exports and orphan lists
can tell it apart from the answer itself.
"""

from __future__ import annotations

DRAFT_PREFIX = "draft:"


def draft_key(exercise_id: str) -> str:
    """The answers-table key of an exercise's draft."""
    return f"{DRAFT_PREFIX}{exercise_id}"


def is_draft_key(key: str) -> bool:
    """True for a draft's key, false for an exercise's own answer."""
    return key.startswith(DRAFT_PREFIX)
