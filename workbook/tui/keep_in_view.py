"""Where a field is on screen: wholly in view, out of sight, or brought back into view."""

from __future__ import annotations

from textual.errors import NoWidget
from textual.widget import Widget

ScrollPositions = tuple[tuple[float, float], ...]


def scroll_positions(widget: Widget) -> ScrollPositions:
    """Where each container around `widget` is scrolled to, or heading."""
    return tuple((node.scroll_target_x, node.scroll_target_y)
                 for node in widget.ancestors if isinstance(node, Widget))


def out_of_sight(widget: Widget) -> bool:
    """True when no cell of `widget` is on screen (scrolled away, or not laid out)."""
    if not widget.is_attached:
        return True
    try:
        geometry = widget.screen.find_widget(widget)
    except NoWidget:
        return True
    return not geometry.clip.overlaps(geometry.region)


def keep_in_view(widget: Widget) -> None:
    """Scroll just enough that `widget`, if it still has the focus, is wholly on screen.

    Textual scrolls a field into view when it gains the focus, but not when a
    resize moves it.
    """
    if not widget.is_attached or widget is not widget.app.focused:
        return
    try:
        geometry = widget.screen.find_widget(widget)
    except NoWidget:
        return
    if not geometry.clip.contains_region(geometry.region):
        widget.scroll_visible(animate=False, immediate=True)
