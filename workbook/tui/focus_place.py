"""`FocusPlace`: where the focus was on a screen, found again once the screen is drawn anew.

A step is composed again when answers change under it (a merge from another
device). Its widgets are new ones, so the focused field is found again by
where it was: its exercise card (by id) and its place among that card's tab
stops; outside a card, its place among the screen's.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from textual.css.query import NoMatches
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Input, TextArea

from workbook.tui.widgets.exercise_card import ExerciseCard


def _card_id(widget: Widget) -> str | None:
    return next((node.id for node in widget.ancestors if isinstance(node, ExerciseCard)), None)


def _stops(screen: Screen[Any], card_id: str | None) -> list[Widget]:
    """The screen's tab stops in order: those inside the card, or all of them."""
    if card_id is None:
        return list(screen.focus_chain)
    try:
        card = screen.query_one(f"#{card_id}")
    except NoMatches:
        return []
    return [widget for widget in screen.focus_chain if card in widget.ancestors]


@dataclass(frozen=True)
class FocusPlace:
    """A focused field's place: its card, its tab stop there, its cursor, its line."""

    card_id: str | None
    index: int
    cursor: Any  # an Input's cursor position, a TextArea's (row, column), or None
    screen_y: int  # the field's top line on screen, to keep it there

    @classmethod
    def of(cls, screen: Screen[Any]) -> FocusPlace | None:
        """Where the screen's focus is now; None when nothing has it."""
        focused = screen.focused
        if focused is None:
            return None
        card_id = _card_id(focused)
        stops = _stops(screen, card_id)
        if focused not in stops:
            return None
        cursor: Any = None
        if isinstance(focused, Input):
            cursor = focused.cursor_position
        elif isinstance(focused, TextArea):
            cursor = focused.cursor_location
        return cls(card_id, stops.index(focused), cursor, focused.region.y)

    def go_back(self, screen: Screen[Any]) -> None:
        """Focus the field at this place on the screen drawn anew (the nearest one
        if the card has fewer now), cursor where it was; then, once laid out,
        scroll so that it is on the same line of the screen as before."""
        stops = _stops(screen, self.card_id)
        if not stops:
            return
        field = stops[min(self.index, len(stops) - 1)]
        screen.set_focus(field, scroll_visible=False)
        if isinstance(field, Input) and isinstance(self.cursor, int):
            field.cursor_position = min(self.cursor, len(field.value))
        elif isinstance(field, TextArea) and isinstance(self.cursor, tuple):
            field.move_cursor(self.cursor)
        screen.call_after_refresh(self._same_line, field)

    def _same_line(self, field: Widget) -> None:
        scroller = next((node for node in field.ancestors
                         if isinstance(node, Widget) and node.allow_vertical_scroll), None)
        if scroller is not None and field.is_attached:
            moved = field.region.y - self.screen_y
            scroller.scroll_to(y=scroller.scroll_y + moved, animate=False, immediate=True)
