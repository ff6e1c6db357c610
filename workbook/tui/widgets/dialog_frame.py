"""`DialogFrame`: the bordered box every small dialog sits in (confirm, unlock)."""

from __future__ import annotations

from textual.containers import Vertical


class DialogFrame(Vertical):
    """A centred-content box on the surface colour; `-warning` borders it in the warning colour."""

    DEFAULT_CSS = """
    DialogFrame {
        width: 60; max-width: 100%; height: auto;
        border: round $primary; background: $surface; padding: 1 2;
        &.-warning { border: round $warning; }
    }
    """
